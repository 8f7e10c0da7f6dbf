/** The base every generated view API extends: retrieve, list, iterate, search, aggregate, histogram, upsert, delete. */

import {
  type AggregateGroup,
  type AggregateManyOptions,
  type AggregateOptions,
  Aggregator,
  type GroupedAggregate,
  type HistogramBucket,
  type HistogramOptions,
} from "./_aggregate.js";
import { type FilterLike, toDms } from "./_filters.js";
import { codecFor, type DmsInstanceWrite, type RawInstance, ValidationError } from "./_instance.js";
import { InstancesClient, type UpsertOptions, type UpsertResult } from "./_instances.js";
import { InstancePager, type Page } from "./_pager.js";
import { chunk } from "./_pool.js";
import {
  fieldToId,
  type InstanceId,
  propertyRef,
  type TypedInstanceId,
  type ViewSpec,
  viewReference,
} from "./_spec.js";
import type { PygenClient } from "./_transport.js";

export const DEFAULT_LIST_LIMIT = 25;
export const MAX_PAGE_SIZE = 1000;

export type BaseField = "externalId" | "space" | "version" | "createdTime" | "lastUpdatedTime";

export interface SortSpec<F extends string> {
  property: F | BaseField;
  direction?: "ascending" | "descending";
  nullsFirst?: boolean;
}

export interface ListOptions<F extends string> {
  filter?: FilterLike;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** Maximum number of instances. Default 25; `null` = all (use `iterate()` for large sets). */
  limit?: number | null;
  signal?: AbortSignal;
}

export interface IterateOptions<F extends string> {
  filter?: FilterLike;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** Instances per request, 1-1000. Default 1000. */
  pageSize?: number;
  /** Resume from a cursor saved from an earlier iteration (`pager.cursor` or `page.nextCursor`). */
  cursor?: string | null;
  /** Stop after this many instances. Default: all. */
  limit?: number | null;
  signal?: AbortSignal;
}

export interface SearchOptions<F extends string> {
  query?: string;
  /** Text fields to search; default all text properties of the view. */
  properties?: readonly F[];
  /** `AND`: every term must match (default). `OR`: any term. */
  operator?: "AND" | "OR";
  filter?: FilterLike;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** Default 25, at most 1000. */
  limit?: number;
  signal?: AbortSignal;
}

/** One id: an external id (with `space` in the options) or `{space, externalId}` (an instance works too). */
export type SingleId = string | InstanceId;
/** In arrays of ids, `[space, externalId]` pairs are accepted as well. */
export type IdLike = SingleId | readonly [space: string, externalId: string];

/** Generic over the read type, the write type and the field names of one view. */
export class ViewAPI<TRead, TWrite extends object, F extends string = string> {
  readonly client: PygenClient;
  readonly spec: ViewSpec;
  readonly instances: InstancesClient;
  readonly #aggregator: Aggregator<F>;

  constructor(client: PygenClient, spec: ViewSpec) {
    this.client = client;
    this.spec = spec;
    this.instances = new InstancesClient(client);
    this.#aggregator = new Aggregator<F>(client, spec);
  }

  /** One id → the instance or `undefined`; an array → the found instances, in the order asked. */
  retrieve(id: SingleId, options?: { space?: string; signal?: AbortSignal }): Promise<TRead | undefined>;
  retrieve(ids: readonly IdLike[], options?: { space?: string; signal?: AbortSignal }): Promise<TRead[]>;
  async retrieve(
    idOrIds: IdLike | readonly IdLike[],
    options: { space?: string; signal?: AbortSignal } = {},
  ): Promise<TRead | TRead[] | undefined> {
    const many = Array.isArray(idOrIds);
    const ids = (many ? (idOrIds as readonly IdLike[]) : [idOrIds as IdLike]).map((id) =>
      this.#toTypedId(id, options.space),
    );
    const codec = codecFor(this.spec);
    const out: TRead[] = [];
    for (const batch of chunk(ids, MAX_PAGE_SIZE)) {
      const response = await this.client.post<{ items: RawInstance[] }>(
        "/models/instances/byids",
        { items: batch, sources: [{ source: viewReference(this.spec.view) }], includeTyping: false },
        options.signal,
      );
      for (const raw of response.items) if (codec.hasData(raw)) out.push(codec.parse(raw) as TRead);
    }
    return many ? out : out[0];
  }

  /** Eager list; default limit 25, `limit: null` for all. */
  async list(options: ListOptions<F> = {}): Promise<TRead[]> {
    const limit = options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit;
    if (limit !== null) checkLimit(limit, Number.MAX_SAFE_INTEGER, "list");
    const pager = this.iterate({ ...options, limit });
    const out: TRead[] = [];
    for await (const page of pager.pages()) out.push(...page.items);
    return out;
  }

  /** Lazy iteration, one page in memory at a time: `for await (const x of api.iterate())`. */
  iterate(options: IterateOptions<F> = {}): InstancePager<TRead> {
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    checkLimit(pageSize, MAX_PAGE_SIZE, "iterate pageSize");
    if (options.limit !== undefined && options.limit !== null) {
      checkLimit(options.limit, Number.MAX_SAFE_INTEGER, "iterate");
    }
    const codec = codecFor(this.spec);
    const base: Record<string, unknown> = {
      instanceType: this.spec.usedFor,
      sources: [{ source: viewReference(this.spec.view) }],
      includeTyping: false,
    };
    if (options.filter !== undefined) base.filter = toDms(options.filter);
    if (options.sort !== undefined) base.sort = this.#sort(options.sort, true);
    const fetchPage = async (cursor: string | null, size: number): Promise<Page<TRead>> => {
      const body = cursor === null ? { ...base, limit: size } : { ...base, limit: size, cursor };
      const response = await this.client.post<{ items: RawInstance[]; nextCursor?: string | null }>(
        "/models/instances/list",
        body,
        options.signal,
      );
      return {
        items: response.items.map((raw) => codec.parse(raw) as TRead),
        nextCursor: response.nextCursor ?? null,
      };
    };
    return new InstancePager(fetchPage, pageSize, options.cursor ?? null, options.limit ?? null);
  }

  async search(options: SearchOptions<F> = {}): Promise<TRead[]> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    checkLimit(limit, MAX_PAGE_SIZE, "search");
    const body: Record<string, unknown> = {
      view: viewReference(this.spec.view),
      instanceType: this.spec.usedFor,
      operator: options.operator ?? "AND",
      limit,
    };
    if (options.filter !== undefined) body.filter = toDms(options.filter);
    if (options.query !== undefined) body.query = options.query;
    if (options.properties !== undefined) {
      body.properties = options.properties.map((f) => fieldToId(this.spec, f, "search properties"));
    }
    if (options.sort !== undefined) body.sort = this.#sort(options.sort, false);
    const response = await this.client.post<{ items: RawInstance[] }>(
      "/models/instances/search",
      body,
      options.signal,
    );
    const codec = codecFor(this.spec);
    return response.items.map((raw) => codec.parse(raw) as TRead);
  }

  /** count / sum / avg / min / max; with `groupBy` one result per group. */
  aggregate(options: AggregateOptions<F> & { groupBy: F | readonly F[] }): Promise<GroupedAggregate<F>[]>;
  aggregate(options: AggregateOptions<F>): Promise<number | null>;
  aggregate(options: AggregateOptions<F>): Promise<number | null | GroupedAggregate<F>[]> {
    return this.#aggregator.aggregate(options);
  }

  /** Several metrics in one request; one entry per group (a single entry without `groupBy`). */
  aggregateMany(options: AggregateManyOptions<F>): Promise<AggregateGroup<F>[]> {
    return this.#aggregator.aggregateMany(options);
  }

  histogram(options: HistogramOptions<F>): Promise<HistogramBucket[]> {
    return this.#aggregator.histogram(options);
  }

  /** Validates every item (nothing is sent if one is invalid), then writes in chunks of 1000. */
  async upsert(items: TWrite | readonly TWrite[], options: UpsertOptions = {}): Promise<UpsertResult[]> {
    const list = (Array.isArray(items) ? items : [items]) as readonly TWrite[];
    return this.instances.upsert(this.toWire(list), options);
  }

  /** Converts write objects to the DMS write format, or throws a {@link ValidationError} naming every bad field. */
  toWire(items: readonly TWrite[], path = "items"): DmsInstanceWrite[] {
    const codec = codecFor(this.spec);
    const problems: string[] = [];
    const wire = items.map((item, i) => codec.dump(item, `${path}[${i}]`, problems));
    if (problems.length > 0) throw new ValidationError(problems);
    return wire;
  }

  /** Deletes by id (string ids need `space`); returns the ids that existed. */
  async delete(
    // As in `retrieve`: a [space, externalId] pair is an id only inside an array, so `delete(["a", "b"])`
    // is typed as what it does — two external ids — rather than as one pair.
    ids: SingleId | readonly IdLike[],
    options: { space?: string; signal?: AbortSignal } = {},
  ): Promise<TypedInstanceId[]> {
    const list = Array.isArray(ids) ? (ids as readonly IdLike[]) : [ids as SingleId];
    const typed = list.map((id) => this.#toTypedId(id, options.space));
    return this.instances.delete(typed, options.signal ? { signal: options.signal } : {});
  }

  #toTypedId(id: IdLike, space: string | undefined): TypedInstanceId {
    const instanceType = this.spec.usedFor;
    if (typeof id === "string") {
      if (space === undefined) {
        throw new TypeError(
          `'${id}' is a bare external id: pass { space } in the options, or ids as {space, externalId}.`,
        );
      }
      return { instanceType, space, externalId: id };
    }
    if (Array.isArray(id) && id.length === 2 && typeof id[0] === "string" && typeof id[1] === "string") {
      return { instanceType, space: id[0], externalId: id[1] };
    }
    const obj = id as InstanceId;
    if (typeof obj?.space !== "string" || typeof obj.externalId !== "string") {
      throw new TypeError(
        `Expected an id as a string, {space, externalId} or [space, externalId], got ${JSON.stringify(id)}.`,
      );
    }
    return { instanceType, space: obj.space, externalId: obj.externalId };
  }

  #sort(sort: SortSpec<F> | readonly SortSpec<F>[], withNulls: boolean): Record<string, unknown>[] {
    const list = (Array.isArray(sort) ? sort : [sort]) as readonly SortSpec<F>[];
    return list.map((s) => {
      const base = ["externalId", "space", "version", "createdTime", "lastUpdatedTime"].includes(s.property);
      const property = base
        ? [this.spec.usedFor, s.property]
        : propertyRef(this.spec.view, fieldToId(this.spec, s.property, "sort"));
      const out: Record<string, unknown> = { property, direction: s.direction ?? "ascending" };
      if (withNulls && s.nullsFirst !== undefined) out.nullsFirst = s.nullsFirst;
      return out;
    });
  }
}

export function checkLimit(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${what}: limit must be an integer from 1 to ${max}, got ${value}.`);
  }
}
