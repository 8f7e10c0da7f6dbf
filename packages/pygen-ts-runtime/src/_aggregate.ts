/** aggregate (count/sum/avg/min/max, optionally grouped) and histogram over one view. */
import type { Filter } from "./_filters.js";
import { fieldToId, propertiesOf, type ViewSpec, viewReference } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { isInstanceId, toInstanceId } from "./_values.js";

export type AggregateKind = "count" | "sum" | "avg" | "min" | "max";

/** The most groups the API returns for one aggregate request; the default `limit`. */
export const MAX_AGGREGATE_GROUPS = 1000;

/** One metric over a field; made by {@link count}, {@link sum}, {@link avg}, {@link min}, {@link max}. */
export interface Metric<F extends string = string> {
  readonly aggregate: AggregateKind;
  /** Field name; absent for a count of instances. */
  readonly property?: F;
}

/** Counts instances, or the non-null values of `field`. */
export function count<F extends string = never>(field?: F): Metric<F> {
  return field === undefined ? { aggregate: "count" } : { aggregate: "count", property: field };
}
export function sum<F extends string>(field: F): Metric<F> {
  return { aggregate: "sum", property: field };
}
export function avg<F extends string>(field: F): Metric<F> {
  return { aggregate: "avg", property: field };
}
export function min<F extends string>(field: F): Metric<F> {
  return { aggregate: "min", property: field };
}
export function max<F extends string>(field: F): Metric<F> {
  return { aggregate: "max", property: field };
}

export interface AggregateOptions<F extends string, B = unknown> {
  /** One metric or several (computed in one request): `count()`, `[avg("priority"), max("priority")]`. */
  aggregates: Metric<F> | readonly Metric<F>[];
  groupBy?: F | readonly F[];
  filter?: Filter<B>;
  /** Optional full-text restriction, as in search. */
  query?: string;
  searchProperties?: readonly F[];
  /** Max number of groups (1-1000). Default: all groups, up to the API's 1000. */
  limit?: number;
  signal?: AbortSignal;
}

export interface AggregateValue<F extends string> {
  readonly aggregate: AggregateKind;
  /** Field name (`undefined` for a count of instances). */
  readonly property: F | undefined;
  readonly value: number | null;
}

function findValue<F extends string>(
  values: readonly AggregateValue<F>[],
  kind: AggregateKind,
  field: F | undefined,
): number | null {
  const found = values.find((v) => v.aggregate === kind && v.property === field);
  if (found === undefined) {
    throw new RangeError(
      `No ${kind}${field === undefined ? "" : ` of '${field}'`} in this aggregate result.`,
    );
  }
  return found.value;
}

/** The metrics of one group (`group` is empty without `groupBy`). */
export class AggregateGroup<F extends string> {
  constructor(
    /** Group values keyed by field name (direct relations as `{space, externalId}`). */
    readonly group: Partial<Record<F, unknown>>,
    /** In the order the metrics were asked for. */
    readonly values: readonly AggregateValue<F>[],
  ) {}

  /** The value of one metric: `group.value("avg", "priority")`, `group.value("count")`. */
  value(kind: AggregateKind, field?: F): number | null {
    return findValue(this.values, kind, field);
  }
}

/** All groups of an aggregate call, in the order the API returned them. */
export class AggregateResult<F extends string> {
  constructor(readonly groups: readonly AggregateGroup<F>[]) {}

  /** The value of one metric of an ungrouped aggregate (`null` when there is no group at all). */
  value(kind: AggregateKind, field?: F): number | null {
    if (this.groups.length > 1) {
      throw new RangeError("This result has several groups: read result.groups[i].value(...).");
    }
    const [group] = this.groups;
    return group === undefined ? null : group.value(kind, field);
  }
}

export interface HistogramOptions<F extends string, B = unknown> {
  property: F;
  interval: number;
  filter?: Filter<B>;
  query?: string;
  searchProperties?: readonly F[];
  signal?: AbortSignal;
}

export interface HistogramBucket {
  readonly start: number;
  readonly count: number;
}

export interface Histogram<F extends string = string> {
  readonly property: F;
  readonly interval: number;
  readonly buckets: readonly HistogramBucket[];
}

interface AggregateResponse {
  items: Array<{
    group?: Record<string, unknown>;
    aggregates: Array<{
      aggregate: string;
      property?: string;
      value?: number | null;
      buckets?: HistogramBucket[];
    }>;
  }>;
}

const KINDS: readonly string[] = ["count", "sum", "avg", "min", "max"];

function toArray<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

export class Aggregator<F extends string> {
  readonly #idToField: Map<string, string>;

  constructor(
    private readonly client: PygenClient,
    private readonly spec: ViewSpec,
  ) {
    this.#idToField = new Map(Object.entries(propertiesOf(spec)).map(([field, p]) => [p.id, field]));
  }

  #base(options: { query?: string; searchProperties?: readonly F[]; filter?: Filter<never> }) {
    const body: Record<string, unknown> = {
      view: viewReference(this.spec.view),
      instanceType: this.spec.usedFor,
    };
    if (options.filter !== undefined) body.filter = options.filter.dms;
    if (options.query !== undefined) body.query = options.query;
    if (options.searchProperties !== undefined) {
      body.properties = options.searchProperties.map((f) => fieldToId(this.spec, f, "searchProperties"));
    }
    return body;
  }

  async aggregate(options: AggregateOptions<F, never>): Promise<AggregateResult<F>> {
    const asked = toArray(options.aggregates);
    if (asked.length === 0) throw new TypeError("aggregate: ask for at least one metric, e.g. count().");
    const metrics = asked.map((a, i) => {
      if (typeof a !== "object" || a === null || !KINDS.includes(a.aggregate)) {
        throw new TypeError(
          `aggregate: aggregates[${i}] is not a metric; use count(), sum(), avg(), min() or max().`,
        );
      }
      if (a.property === undefined && a.aggregate !== "count") {
        throw new TypeError(`aggregate: '${a.aggregate}' needs a field.`);
      }
      const id = a.property === undefined ? "externalId" : fieldToId(this.spec, a.property, a.aggregate);
      return { [a.aggregate]: { property: id } };
    });
    const body = this.#base(options);
    body.aggregates = metrics;
    if (options.groupBy !== undefined) {
      body.groupBy = toArray(options.groupBy).map((f) => fieldToId(this.spec, f, "groupBy"));
    }
    // Always sent: without it the API returns at most 100 groups, silently dropping the rest.
    const limit = options.limit ?? MAX_AGGREGATE_GROUPS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AGGREGATE_GROUPS) {
      throw new RangeError(
        `aggregate: limit must be an integer from 1 to ${MAX_AGGREGATE_GROUPS}, got ${String(limit)}.`,
      );
    }
    body.limit = limit;
    const response = await this.client.post<AggregateResponse>(
      "/models/instances/aggregate",
      body,
      options.signal,
    );
    return new AggregateResult(
      response.items.map((item) => {
        const group: Record<string, unknown> = {};
        for (const [id, value] of Object.entries(item.group ?? {})) {
          group[this.#idToField.get(id) ?? id] = isInstanceId(value) ? toInstanceId(value) : value;
        }
        // Results come back in request order; the metric asked for names each value.
        const values = asked.map((metric, i) => ({
          aggregate: metric.aggregate,
          property: metric.property,
          value: item.aggregates[i]?.value ?? null,
        }));
        return new AggregateGroup<F>(group as Partial<Record<F, unknown>>, values);
      }),
    );
  }

  async histogram(options: HistogramOptions<F, never>): Promise<Histogram<F>> {
    const { interval } = options;
    if (!(typeof interval === "number" && interval > 0 && Number.isFinite(interval))) {
      throw new RangeError(`histogram: 'interval' must be a positive number, got ${String(interval)}.`);
    }
    const body = this.#base(options);
    const property = fieldToId(this.spec, options.property, "histogram");
    body.aggregates = [{ histogram: { property, interval } }];
    const response = await this.client.post<AggregateResponse>(
      "/models/instances/aggregate",
      body,
      options.signal,
    );
    const buckets = response.items[0]?.aggregates[0]?.buckets ?? [];
    return {
      property: options.property,
      interval,
      buckets: buckets.map((b) => ({ start: b.start, count: b.count })),
    };
  }
}
