/** The base every generated view API extends: retrieve, list, iterate, search, aggregate, histogram, upsert, delete. */
import {
  type AggregateOptions,
  type AggregateResult,
  Aggregator,
  type Histogram,
  type HistogramOptions,
} from "./_aggregate.js";
import { type IncludeTree, type Item, MAX_IN_VALUES, resolveLink } from "./_connections.js";
import { type DmsFilter, type Filter, fieldsFor, type SpecOf, VIEW_SPEC } from "./_filters.js";
import { type FlattenOptions, flattenWrites } from "./_flatten.js";
import {
  codecFor,
  type DmsInstanceWrite,
  parseEdge,
  type RawInstance,
  ValidationError,
} from "./_instance.js";
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
import { Query } from "./_query.js";
import type { EdgeBrandOf, EdgeConnectionName, EdgeOf, Expanded, Include, LinksOf } from "./_shapes.js";
import { type SortSpec, sortToWire } from "./_sort.js";
import {
  type FieldOf,
  fieldToId,
  type InstanceId,
  type InstanceType,
  type TypedInstanceId,
  type ViewBrand,
  type ViewSpec,
  viewReference,
} from "./_spec.js";
import { SyncFeed, type SyncOptions } from "./_sync.js";
import type { PygenClient } from "./_transport.js";
import { expand } from "./_traverse.js";
import { toInstanceId } from "./_values.js";

export const DEFAULT_LIST_LIMIT = 25;

/** The key of the type-only member of {@link ViewAPI} that carries its read and write types. */
export const VIEW_TYPES: unique symbol = Symbol("pygen.viewTypes");
export const MAX_PAGE_SIZE = 1000;

export type { BaseField, SortSpec } from "./_sort.js";

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

export interface RetrieveOptions {
  /** The space of bare external ids. */
  space?: string;
  signal?: AbortSignal;
}

/** `api.query()` options: the roots of the query. */
export interface QueryOptions<F extends string, B = unknown> {
  filter?: Filter<B>;
  sort?: SortSpec<F> | readonly SortSpec<F>[];
  /** At most this many roots. Default: all (the terminal's `limit` caps the results). */
  limit?: number | null;
}

/** `api.edges(connection, ...)`: the edges of one connection between given nodes. */
export interface ConnectionEdgesOptions<C> {
  /** Node(s) of this view (the edge's start for an outwards connection, its end for an inwards one). */
  from?: InstanceId | readonly InstanceId[];
  /** Node(s) at the other end. */
  to?: InstanceId | readonly InstanceId[];
  /** A filter on the edges: their view's properties (edges with properties) or `edgeFields`. */
  filter?: Filter<EdgeBrandOf<C>>;
  /** Default 25; `null` = all; `0` = none. */
  limit?: number | null;
  signal?: AbortSignal;
}

type NoInclude = Record<never, never>;

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
  /** Type-only: the read and write types, for connections that name this API in `lazyView<API>`. */
  declare readonly [VIEW_TYPES]?: { readonly read: TRead; readonly write: TWrite };
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

  /**
   * One id → the instance or `undefined`; an array → the found instances, in the order asked.
   * `include` expands connections: `retrieve(id, { include: { certifications: true } })`.
   */
  retrieve<const I extends Include<SpecOf<Fields>> = NoInclude>(
    id: SingleId,
    options?: RetrieveOptions & { include?: I },
  ): Promise<Expanded<TRead, SpecOf<Fields>, I> | undefined>;
  retrieve<const I extends Include<SpecOf<Fields>> = NoInclude>(
    ids: readonly IdLike[],
    options?: RetrieveOptions & { include?: I },
  ): Promise<Expanded<TRead, SpecOf<Fields>, I>[]>;
  async retrieve(
    idOrIds: IdLike | readonly IdLike[],
    options: RetrieveOptions & { include?: object } = {},
  ): Promise<unknown> {
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
    const out: Item[] = [];
    for (const id of ids) {
      const raw = found.get(idKey(id));
      if (raw !== undefined) out.push(codec.parse(raw));
    }
    if (options.include !== undefined) {
      await expand(this.client, this.spec, out, options.include as IncludeTree, options.signal);
    }
    return many ? out : out[0];
  }

  /** Eager list: default limit 25, `limit: null` for all, `limit: 0` for none (no request). */
  async list<const I extends Include<SpecOf<Fields>> = NoInclude>(
    options: ListOptions<FieldsOf<Fields>, BrandOf<Fields>> & { include?: I } = {},
  ): Promise<Expanded<TRead, SpecOf<Fields>, I>[]> {
    const limit = options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit;
    const out: Expanded<TRead, SpecOf<Fields>, I>[] = [];
    for await (const page of this.iterate({ ...options, limit }).pages()) out.push(...page.items);
    return out;
  }

  /**
   * Lazy iteration, one page in memory at a time: `for await (const x of api.iterate())`, or page by
   * page with `.pages()`; resume with `iterate({ cursor: page.nextCursor })`. Default: all instances.
   * With `include`, each page's connections are fetched before the page is handed out.
   */
  iterate<const I extends Include<SpecOf<Fields>> = NoInclude>(
    options: IterateOptions<FieldsOf<Fields>, BrandOf<Fields>> & { include?: I } = {},
  ): InstancePager<Expanded<TRead, SpecOf<Fields>, I>> {
    type Out = Expanded<TRead, SpecOf<Fields>, I>;
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
    const include = options.include as IncludeTree | undefined;
    const fetchPage = async (cursor: string | null, size: number): Promise<Page<Out>> => {
      const body = cursor === null ? { ...base, limit: size } : { ...base, limit: size, cursor };
      const response = await this.client.post<{ items: RawInstance[]; nextCursor?: string | null }>(
        "/models/instances/list",
        body,
        options.signal,
      );
      const items = response.items.map((raw) => codec.parse(raw));
      if (include !== undefined) await expand(this.client, this.spec, items, include, options.signal);
      return { items: items as Out[], nextCursor: response.nextCursor ?? null };
    };
    return new InstancePager(fetchPage, pageSize, options.cursor ?? null, limit);
  }

  /**
   * A lazy typed query from this view: `query({ filter }).follow("blades", { filter }).list()`.
   * Nothing is sent until a terminal (`list`, `iterate`, `ids`) runs.
   */
  query(options: QueryOptions<FieldsOf<Fields>, BrandOf<Fields>> = {}): Query<TRead, SpecOf<Fields>> {
    const roots = (signal: AbortSignal | undefined): AsyncIterable<readonly Item[]> => {
      const pager = this.iterate({
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(options.sort === undefined ? {} : { sort: options.sort }),
        limit: options.limit ?? null,
        ...(signal === undefined ? {} : { signal }),
      });
      return mapPages(pager.pages(), (page) => page.items as unknown as Item[]);
    };
    return new Query(this.client, this.spec, {
      filter: options.filter?.dms,
      sort: options.sort === undefined ? undefined : this.#sort(options.sort, true),
      limit: checkLimit(options.limit ?? null),
      pages: roots,
    });
  }

  /**
   * The edges of an edge connection, optionally between given nodes and filtered on the edges'
   * properties: `edges("certifications", { from: operator, filter: CertificationFields.level.equals("expert") })`.
   */
  async edges<K extends EdgeConnectionName<SpecOf<Fields>>>(
    connection: K,
    options: ConnectionEdgesOptions<LinksOf<SpecOf<Fields>>[K]> = {},
  ): Promise<EdgeOf<LinksOf<SpecOf<Fields>>[K]>[]> {
    type Out = EdgeOf<LinksOf<SpecOf<Fields>>[K]>;
    const link = resolveLink(this.spec, connection);
    if (link.kind !== "edge") {
      throw new TypeError(
        `edges(): '${connection}' is not an edge connection of ${this.spec.view.externalId}.`,
      );
    }
    const limit = checkLimit(options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit);
    const out: Out[] = [];
    if (limit === 0) return out;
    const [near, far] = link.direction === "outwards" ? ["startNode", "endNode"] : ["endNode", "startNode"];
    const endpoints = (ids: InstanceId | readonly InstanceId[] | undefined, what: string) => {
      if (ids === undefined) return [undefined];
      const list = (Array.isArray(ids) ? ids : [ids]) as readonly InstanceId[];
      list.forEach((id, i) => {
        if (typeof id?.space !== "string" || typeof id.externalId !== "string") {
          throw new TypeError(
            `edges(): ${what}[${i}] must be {space, externalId}, got ${JSON.stringify(id)}.`,
          );
        }
      });
      return chunk(
        list.map((id) => toInstanceId(id)),
        MAX_IN_VALUES,
      );
    };
    const edgeCodec = link.edgeView === null ? null : codecFor(link.edgeView);
    for (const fromChunk of endpoints(options.from, "from")) {
      for (const toChunk of endpoints(options.to, "to")) {
        const parts: DmsFilter[] = [{ equals: { property: ["edge", "type"], value: { ...link.type } } }];
        if (fromChunk !== undefined) parts.push(inIds(near as string, fromChunk));
        if (toChunk !== undefined) parts.push(inIds(far as string, toChunk));
        if (options.filter !== undefined) parts.push(options.filter.dms);
        const base: Record<string, unknown> = {
          instanceType: "edge",
          filter: { and: parts },
          includeTyping: false,
        };
        if (link.edgeView !== null) base.sources = [{ source: viewReference(link.edgeView.view) }];
        const fetchPage = async (cursor: string | null, size: number): Promise<Page<Out>> => {
          const body = cursor === null ? { ...base, limit: size } : { ...base, limit: size, cursor };
          const response = await this.client.post<{ items: RawInstance[]; nextCursor?: string | null }>(
            "/models/instances/list",
            body,
            options.signal,
          );
          const items = response.items.map((raw) =>
            edgeCodec === null ? parseEdge(raw) : edgeCodec.parse(raw),
          );
          return { items: items as Out[], nextCursor: response.nextCursor ?? null };
        };
        const remaining = limit === null ? null : limit - out.length;
        out.push(...(await new InstancePager(fetchPage, MAX_PAGE_SIZE, null, remaining).toArray()));
        if (limit !== null && out.length >= limit) return out;
      }
    }
    return out;
  }

  /**
   * A change feed: `for await (const batch of api.sync({ cursor }))` yields what was created, updated
   * (`batch.items`) or deleted (`batch.deleted`) since the cursor, until caught up; resume with
   * `sync({ cursor: feed.cursor })`.
   */
  sync(options: SyncOptions<BrandOf<Fields>> = {}): SyncFeed<TRead> {
    return new SyncFeed<TRead>(this.client, this.spec, options as SyncOptions);
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

  /**
   * Validates every item (nothing is sent if one is invalid), flattens nested writes (write objects in
   * direct relations and edge connections) into nodes and edges, then writes nodes before edges in
   * chunks of 1000. The result has one entry per written instance: items, nested nodes, then edges.
   */
  async upsert(items: TWrite | readonly TWrite[], options: UpsertOptions = {}): Promise<UpsertResult> {
    const list = (Array.isArray(items) ? items : [items]) as readonly TWrite[];
    return upsertInstances(this.client, this.toWire(list, "items", options), options);
  }

  /**
   * Converts write objects (nested writes flattened: the items, their nested nodes, then the edges) to
   * the DMS write format, or throws a {@link ValidationError} naming every bad field.
   */
  toWire(items: readonly TWrite[], path = "items", options: FlattenOptions = {}): DmsInstanceWrite[] {
    const problems: string[] = [];
    const wire = flattenWrites(this.spec, items, path, problems, options);
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
    return sortToWire(this.spec, sort, withNulls);
  }
}

const idKey = (id: InstanceId): string => `${id.space}\u0000${id.externalId}`;

function inIds(property: string, ids: readonly InstanceId[]): DmsFilter {
  return { in: { property: ["edge", property], values: ids.map((id) => ({ ...id })) } };
}

async function* mapPages<T, U>(pages: AsyncIterable<T>, map: (page: T) => U): AsyncGenerator<U> {
  for await (const page of pages) yield map(page);
}

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
