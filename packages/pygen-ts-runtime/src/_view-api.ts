/** The base every generated view API extends: retrieve, list, iterate, search, aggregate, histogram, upsert, delete. */
import {
  type AggregateOptions,
  type AggregateResult,
  Aggregator,
  type Histogram,
  type HistogramOptions,
} from "./_aggregate.js";
import { type Filter, fieldsFor, type SpecOf, VIEW_SPEC } from "./_filters.js";
import { codecFor, type DmsInstanceWrite, type RawInstance, ValidationError } from "./_instance.js";
import {
  type DeleteOptions,
  type DeleteResult,
  deleteInstances,
  type UpsertOptions,
  type UpsertResult,
  upsertInstances,
} from "./_instances.js";
import { InstancePager, type Page } from "./_pager.js";
import { chunk } from "./_pool.js";
import {
  type FieldOf,
  fieldToId,
  type InstanceId,
  type InstanceType,
  propertyRef,
  type TypedInstanceId,
  type ViewBrand,
  type ViewSpec,
  viewReference,
} from "./_spec.js";
import type { PygenClient } from "./_transport.js";

export const DEFAULT_LIST_LIMIT = 25;
export const MAX_PAGE_SIZE = 1000;

export type BaseField = "externalId" | "space" | "version" | "createdTime" | "lastUpdatedTime";
const BASE_FIELDS: readonly string[] = ["externalId", "space", "version", "createdTime", "lastUpdatedTime"];

export interface SortSpec<F extends string> {
  property: F | BaseField;
  direction?: "ascending" | "descending";
  nullsFirst?: boolean;
}

export interface ListOptions<F extends string, B = unknown> {
  filter?: Filter<B>;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** Maximum number of instances. Default 25; `null` = all (use `iterate()` for large sets); `0` = none. */
  limit?: number | null;
  signal?: AbortSignal;
}

export interface IterateOptions<F extends string, B = unknown> extends ListOptions<F, B> {
  /** Instances per request, 1-1000. Default 1000. */
  pageSize?: number;
  /** Resume from a cursor saved from an earlier iteration (`page.nextCursor`). */
  cursor?: string | null;
}

export interface SearchOptions<F extends string, B = unknown> {
  query?: string;
  /** Text fields to search; default all text properties of the view. */
  properties?: readonly F[];
  /** `AND`: every term must match (default). `OR`: any term. */
  operator?: "AND" | "OR";
  filter?: Filter<B>;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** Default 25, at most 1000. */
  limit?: number;
  signal?: AbortSignal;
}

/** One id: an external id (with `space` in the options) or `{space, externalId}` (an instance works too). */
export type SingleId = string | InstanceId;
/** In arrays of ids, `[space, externalId]` pairs are accepted as well. */
export type IdLike = SingleId | readonly [space: string, externalId: string];

/** Any view's typed filter surface, as {@link fieldsFor} builds it. */
export type AnyViewFields = { readonly [VIEW_SPEC]: ViewSpec };

/** The field names of a view API's `Fields`. */
export type FieldsOf<Fields> = FieldOf<SpecOf<Fields>>;
/** The brand of the filters a view API's `Fields` builds (see {@link ViewBrand}). */
export type BrandOf<Fields> = ViewBrand<SpecOf<Fields>>;

/**
 * Generic over the read type, the write type and the typed filter surface of one view:
 * `class EquipmentAPI extends ViewAPI<Equipment, EquipmentWrite, typeof EquipmentFields>`.
 */
export class ViewAPI<TRead, TWrite extends object, Fields extends AnyViewFields> {
  readonly client: PygenClient;
  readonly spec: SpecOf<Fields>;
  /** The typed filter surface of this view (the generated `<View>Fields` object). */
  readonly fields: Fields;
  readonly #aggregator: Aggregator<FieldsOf<Fields>>;

  constructor(client: PygenClient, spec: SpecOf<Fields>) {
    this.client = client;
    this.spec = spec;
    this.fields = fieldsFor(spec as ViewSpec) as unknown as Fields;
    this.#aggregator = new Aggregator(client, spec);
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
      toTypedId(id, options.space, this.spec.usedFor),
    );
    const codec = codecFor(this.spec);
    const found = new Map<string, RawInstance>();
    for (const batch of chunk(ids, MAX_PAGE_SIZE)) {
      const response = await this.client.post<{ items: RawInstance[] }>(
        "/models/instances/byids",
        { items: batch, sources: [{ source: viewReference(this.spec.view) }], includeTyping: false },
        options.signal,
      );
      // A node without data in the view is not an instance of it (the view's hasData semantics).
      for (const raw of response.items) if (codec.hasData(raw)) found.set(idKey(raw), raw);
    }
    const out: TRead[] = [];
    for (const id of ids) {
      const raw = found.get(idKey(id));
      if (raw !== undefined) out.push(codec.parse(raw) as TRead);
    }
    return many ? out : out[0];
  }

  /** Eager list: default limit 25, `limit: null` for all, `limit: 0` for none (no request). */
  async list(options: ListOptions<FieldsOf<Fields>, BrandOf<Fields>> = {}): Promise<TRead[]> {
    const limit = options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit;
    const out: TRead[] = [];
    for await (const page of this.iterate({ ...options, limit }).pages()) out.push(...page.items);
    return out;
  }

  /**
   * Lazy iteration, one page in memory at a time: `for await (const x of api.iterate())`, or page by
   * page with `.pages()`; resume with `iterate({ cursor: page.nextCursor })`. Default: all instances.
   */
  iterate(options: IterateOptions<FieldsOf<Fields>, BrandOf<Fields>> = {}): InstancePager<TRead> {
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(
        `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(pageSize)}.`,
      );
    }
    const limit = checkLimit(options.limit ?? null);
    const codec = codecFor(this.spec);
    const base: Record<string, unknown> = {
      instanceType: this.spec.usedFor,
      sources: [{ source: viewReference(this.spec.view) }],
      includeTyping: false,
    };
    if (options.filter !== undefined) base.filter = options.filter.dms;
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
    return new InstancePager(fetchPage, pageSize, options.cursor ?? null, limit);
  }

  async search(options: SearchOptions<FieldsOf<Fields>, BrandOf<Fields>> = {}): Promise<TRead[]> {
    const limit = checkLimit(options.limit ?? DEFAULT_LIST_LIMIT, MAX_PAGE_SIZE, "search");
    if (limit === 0) return [];
    const body: Record<string, unknown> = {
      view: viewReference(this.spec.view),
      instanceType: this.spec.usedFor,
      operator: options.operator ?? "AND",
      limit,
    };
    if (options.filter !== undefined) body.filter = options.filter.dms;
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

  /** Metrics, optionally per group: `aggregate({ aggregates: [count(), avg("priority")], groupBy: "status" })`. */
  aggregate(
    options: AggregateOptions<FieldsOf<Fields>, BrandOf<Fields>>,
  ): Promise<AggregateResult<FieldsOf<Fields>>> {
    return this.#aggregator.aggregate(options as AggregateOptions<FieldsOf<Fields>, never>);
  }

  histogram(
    options: HistogramOptions<FieldsOf<Fields>, BrandOf<Fields>>,
  ): Promise<Histogram<FieldsOf<Fields>>> {
    return this.#aggregator.histogram(options as HistogramOptions<FieldsOf<Fields>, never>);
  }

  /** Validates every item (nothing is sent if one is invalid), then writes in chunks of 1000. */
  async upsert(items: TWrite | readonly TWrite[], options: UpsertOptions = {}): Promise<UpsertResult> {
    const list = (Array.isArray(items) ? items : [items]) as readonly TWrite[];
    return upsertInstances(this.client, this.toWire(list), options);
  }

  /** Converts write objects to the DMS write format, or throws a {@link ValidationError} naming every bad field. */
  toWire(items: readonly TWrite[], path = "items"): DmsInstanceWrite[] {
    const codec = codecFor(this.spec);
    const problems: string[] = [];
    const wire = items.map((item, i) => codec.dump(item, `${path}[${i}]`, problems));
    if (problems.length > 0) throw new ValidationError(problems);
    return wire;
  }

  /** Deletes by id (string ids need `space`); the result holds the ids that existed. */
  async delete(
    // As in `retrieve`: a [space, externalId] pair is an id only inside an array, so `delete(["a", "b"])`
    // is typed as what it does — two external ids — rather than as one pair.
    ids: SingleId | readonly IdLike[],
    options: DeleteOptions & { space?: string } = {},
  ): Promise<DeleteResult> {
    const list = Array.isArray(ids) ? (ids as readonly IdLike[]) : [ids as SingleId];
    return deleteInstances(
      this.client,
      list.map((id) => toTypedId(id, options.space, this.spec.usedFor)),
      options,
    );
  }

  #sort(sort: SortSpec<string> | readonly SortSpec<string>[], withNulls: boolean): Record<string, unknown>[] {
    const list = (Array.isArray(sort) ? sort : [sort]) as readonly SortSpec<string>[];
    return list.map((s) => {
      const property = BASE_FIELDS.includes(s.property)
        ? [this.spec.usedFor, s.property]
        : propertyRef(this.spec.view, fieldToId(this.spec, s.property, "sort"));
      const out: Record<string, unknown> = { property, direction: s.direction ?? "ascending" };
      if (withNulls && s.nullsFirst !== undefined) out.nullsFirst = s.nullsFirst;
      return out;
    });
  }
}

const idKey = (id: InstanceId): string => `${id.space}\u0000${id.externalId}`;

/** An id in any accepted form → `{instanceType, space, externalId}`; an id's own `instanceType` wins. */
export function toTypedId(
  id: IdLike,
  space: string | undefined,
  instanceType: InstanceType,
): TypedInstanceId {
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
  const obj = id as InstanceId & { instanceType?: unknown };
  if (typeof obj?.space !== "string" || typeof obj.externalId !== "string") {
    throw new TypeError(
      `Expected an id as a string, {space, externalId} or [space, externalId], got ${JSON.stringify(id)}.`,
    );
  }
  const own = obj.instanceType === "node" || obj.instanceType === "edge" ? obj.instanceType : instanceType;
  return { instanceType: own, space: obj.space, externalId: obj.externalId };
}

/**
 * A limit: `null` = no limit; `0` and positive integers (up to `max`) as they are; anything else is a
 * RangeError naming the value, thrown before any request is sent.
 */
export function checkLimit(
  value: number | null,
  max = Number.MAX_SAFE_INTEGER,
  what = "limit",
): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? "a non-negative integer or null" : `an integer from 0 to ${max}`;
    throw new RangeError(
      `${what === "limit" ? "" : `${what}: `}limit must be ${range}, got ${String(value)}.`,
    );
  }
  return value;
}
