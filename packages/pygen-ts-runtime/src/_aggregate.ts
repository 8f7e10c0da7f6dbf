/** aggregate (count/sum/avg/min/max, optional group by) and histogram over one view. */
import { type FilterLike, toDms } from "./_filters.js";
import type { ViewSpec } from "./_spec.js";
import { fieldToId, viewReference } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { isInstanceId, toInstanceId } from "./_values.js";

export type AggregateKind = "count" | "sum" | "avg" | "min" | "max";

export interface AggregateOptions<F extends string> {
  aggregate: AggregateKind;
  /** Required for all but `count` (which counts instances when no property is given). */
  property?: F;
  groupBy?: F | readonly F[];
  filter?: FilterLike;
  /** Optional full-text restriction, as in search. */
  query?: string;
  searchProperties?: readonly F[];
  /** Max number of groups returned (1-1000, default 100). */
  limit?: number;
  signal?: AbortSignal;
}

export interface GroupedAggregate<F extends string> {
  /** Group values keyed by field name (direct relations as `{space, externalId}`). */
  readonly group: Partial<Record<F, unknown>>;
  readonly value: number | null;
}

/** One metric of {@link AggregateManyOptions}: `{ aggregate: "avg", property: "priority" }`. */
export interface AggregateSpec<F extends string> {
  aggregate: AggregateKind;
  property?: F;
}

export interface AggregateManyOptions<F extends string> {
  /** 1-5 metrics computed in one request. */
  aggregates: readonly AggregateSpec<F>[];
  groupBy?: F | readonly F[];
  filter?: FilterLike;
  query?: string;
  searchProperties?: readonly F[];
  limit?: number;
  signal?: AbortSignal;
}

export interface AggregateValue<F extends string> {
  readonly aggregate: AggregateKind;
  /** Field name (`undefined` for a count of instances). */
  readonly property: F | undefined;
  readonly value: number | null;
}

export interface AggregateGroup<F extends string> {
  /** Empty without `groupBy`. */
  readonly group: Partial<Record<F, unknown>>;
  /** In the order the metrics were asked for. */
  readonly values: readonly AggregateValue<F>[];
}

export interface HistogramOptions<F extends string> {
  property: F;
  interval: number;
  filter?: FilterLike;
  query?: string;
  searchProperties?: readonly F[];
  signal?: AbortSignal;
}

export interface HistogramBucket {
  readonly start: number;
  readonly count: number;
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

export class Aggregator<F extends string> {
  readonly #idToField: Map<string, string>;

  constructor(
    private readonly client: PygenClient,
    private readonly spec: ViewSpec,
  ) {
    this.#idToField = new Map(Object.entries(spec.properties).map(([field, p]) => [p.id, field]));
  }

  #base(options: { query?: string; searchProperties?: readonly F[]; filter?: FilterLike }) {
    const body: Record<string, unknown> = {
      view: viewReference(this.spec.view),
      instanceType: this.spec.usedFor,
    };
    if (options.filter !== undefined) body.filter = toDms(options.filter);
    if (options.query !== undefined) body.query = options.query;
    if (options.searchProperties !== undefined) {
      body.properties = options.searchProperties.map((f) => fieldToId(this.spec, f, "searchProperties"));
    }
    return body;
  }

  async aggregate(options: AggregateOptions<F>): Promise<number | null | GroupedAggregate<F>[]> {
    const groups = await this.aggregateMany({
      ...options,
      aggregates: [
        options.property === undefined
          ? { aggregate: options.aggregate }
          : { aggregate: options.aggregate, property: options.property },
      ],
    });
    if (options.groupBy === undefined) {
      return groups[0]?.values[0]?.value ?? (options.aggregate === "count" ? 0 : null);
    }
    return groups.map((g) => ({ group: g.group, value: g.values[0]?.value ?? null }));
  }

  async aggregateMany(options: AggregateManyOptions<F>): Promise<AggregateGroup<F>[]> {
    const kinds = ["count", "sum", "avg", "min", "max"];
    if (options.aggregates.length === 0) throw new TypeError("aggregate: ask for at least one aggregate.");
    const metrics = options.aggregates.map((a) => {
      if (!kinds.includes(a.aggregate)) {
        throw new TypeError(`aggregate: '${String(a.aggregate)}' is not one of ${kinds.join(", ")}.`);
      }
      if (a.property === undefined && a.aggregate !== "count") {
        throw new TypeError(`aggregate: '${a.aggregate}' needs a 'property'.`);
      }
      const id =
        a.property === undefined
          ? "externalId"
          : fieldToId(this.spec, a.property, `aggregate ${a.aggregate}`);
      return { [a.aggregate]: { property: id } };
    });
    const body = this.#base(options);
    body.aggregates = metrics;
    if (options.groupBy !== undefined) {
      const groupBy = (Array.isArray(options.groupBy) ? options.groupBy : [options.groupBy]) as readonly F[];
      body.groupBy = groupBy.map((f) => fieldToId(this.spec, f, "groupBy"));
      body.limit = options.limit ?? 100;
    }
    const response = await this.client.post<AggregateResponse>(
      "/models/instances/aggregate",
      body,
      options.signal,
    );
    return response.items.map((item) => {
      const group: Record<string, unknown> = {};
      for (const [id, value] of Object.entries(item.group ?? {})) {
        group[this.#idToField.get(id) ?? id] = isInstanceId(value) ? toInstanceId(value) : value;
      }
      // Results come back in request order; fall back to the request's metric when a field is missing.
      const values = options.aggregates.map((asked, i) => ({
        aggregate: asked.aggregate,
        property: asked.property,
        value: item.aggregates[i]?.value ?? null,
      }));
      return { group: group as Partial<Record<F, unknown>>, values };
    });
  }

  async histogram(options: HistogramOptions<F>): Promise<HistogramBucket[]> {
    if (
      !(typeof options.interval === "number" && options.interval > 0 && Number.isFinite(options.interval))
    ) {
      throw new RangeError(
        `histogram: 'interval' must be a positive number, got ${String(options.interval)}.`,
      );
    }
    const body = this.#base(options);
    const property = fieldToId(this.spec, options.property, "histogram");
    body.aggregates = [{ histogram: { property, interval: options.interval } }];
    const response = await this.client.post<AggregateResponse>(
      "/models/instances/aggregate",
      body,
      options.signal,
    );
    const buckets = response.items[0]?.aggregates[0]?.buckets ?? [];
    return buckets.map((b) => ({ start: b.start, count: b.count }));
  }
}
