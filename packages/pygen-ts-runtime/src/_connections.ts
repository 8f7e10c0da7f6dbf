/**
 * Following connections over `/models/instances/query`, one hop at a time (docs/connections.md §3).
 *
 * A hop takes a batch of parents and streams their children page by page: parent ids go in chunks of
 * {@link MAX_IN_VALUES} (the API's limit on `in` and `instanceReferences`), and every chunk is paged
 * with its own result-set cursor until the API has no more, so nothing is cut silently. Memory is one
 * chunk and one page per hop, whatever the depth.
 */
import { PygenError } from "./_errors.js";
import type { DmsFilter } from "./_filters.js";
import { codecFor, parseEdge, type RawInstance } from "./_instance.js";
import { MAX_SORT_ENTRIES, type SortSpec, sortToWire } from "./_sort.js";
import {
  connectionsOf,
  type InstanceId,
  propertiesOf,
  propertyRef,
  resolveSpec,
  type ViewSpec,
  viewReference,
} from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { isInstanceId, show, toInstanceId } from "./_values.js";

/** Values per `in` / `containsAny` / `instanceReferences` filter the API takes. */
export const MAX_IN_VALUES = 1000;
/** Instances per result set and request when following connections (the API allows up to 10,000). */
export const QUERY_PAGE_SIZE = 1000;

/** A hop failed, or cannot be run within the API's limits: `hop` names it (`Facility.equipment`). */
export class TraversalError extends PygenError {
  override name = "TraversalError";
  constructor(
    readonly hop: string,
    readonly hopIndex: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`hop ${hopIndex} (${hop}): ${message}`, options);
  }
}

/** A connection or direct relation, with its thunks resolved. */
export type Link =
  | {
      readonly kind: "edge";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      readonly edgeView: ViewSpec | null;
      readonly type: InstanceId;
      readonly direction: "outwards" | "inwards";
      readonly list: boolean;
    }
  | {
      readonly kind: "reverse";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      /** The direct relation in the target view this one reverses: field name, property id, list or not. */
      readonly throughField: string;
      readonly throughId: string;
      readonly throughList: boolean;
      readonly list: boolean;
    }
  | {
      readonly kind: "direct";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      readonly list: boolean;
    };

const links = new WeakMap<ViewSpec, Map<string, Link>>();

/** The link `name` of view `owner`, or a TypeError listing the links the view has. */
export function resolveLink(owner: ViewSpec, name: string): Link {
  let byName = links.get(owner);
  if (byName === undefined) {
    byName = new Map();
    links.set(owner, byName);
  }
  const cached = byName.get(name);
  if (cached !== undefined) return cached;
  const where = `${owner.view.externalId}.${name}`;
  const connections = connectionsOf(owner);
  const properties = propertiesOf(owner);
  let link: Link;
  const connection = Object.hasOwn(connections, name) ? connections[name] : undefined;
  const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
  if (connection?.kind === "edge") {
    link = {
      kind: "edge",
      name,
      owner,
      target: resolveSpec(connection.target, `${where}.target`),
      edgeView:
        connection.edgeView === undefined ? null : resolveSpec(connection.edgeView, `${where}.edgeView`),
      type: toInstanceId(connection.type),
      direction: connection.direction,
      list: connection.list,
    };
  } else if (connection?.kind === "reverse") {
    const target = resolveSpec(connection.target, `${where}.target`);
    const through = propertiesOf(target)[connection.through];
    if (through?.type !== "direct") {
      throw new TypeError(
        `${where}: through '${connection.through}' is not a direct relation of view ${target.view.externalId}.`,
      );
    }
    link = {
      kind: "reverse",
      name,
      owner,
      target,
      throughField: connection.through,
      throughId: through.id,
      throughList: through.list === true,
      list: connection.list,
    };
  } else if (property?.type === "direct" && property.source !== undefined) {
    link = {
      kind: "direct",
      name,
      owner,
      target: resolveSpec(property.source, `${where}.source`),
      list: property.list === true,
    };
  } else {
    const names = [
      ...Object.keys(connections),
      ...Object.entries(properties)
        .filter(([, p]) => p.type === "direct" && p.source !== undefined)
        .map(([n]) => n),
    ];
    throw new TypeError(
      `'${name}' is not a connection of view ${owner.view.externalId}` +
        (names.length > 0 ? `; use one of: ${names.join(", ")}.` : " (it has none)."),
    );
  }
  byName.set(name, link);
  return link;
}

/** Options of one hop after checking, in wire form. */
export interface Hop {
  readonly link: Link;
  /** `Owner.name`, for messages. */
  readonly label: string;
  readonly index: number;
  readonly filter: DmsFilter | undefined;
  readonly edgeFilter: DmsFilter | undefined;
  readonly sort: Record<string, unknown>[] | undefined;
  readonly limit: number | null;
}

export interface HopInput {
  filter?: { readonly dms: DmsFilter } | undefined;
  edgeFilter?: { readonly dms: DmsFilter } | undefined;
  sort?: SortSpec<string> | readonly SortSpec<string>[] | undefined;
  limit?: number | null | undefined;
}

/**
 * Checks a hop's options before any request: a filter with more values than one request takes, or more
 * sort entries than the API allows, cannot be split by the runtime, so it fails here, naming the hop.
 */
export function makeHop(link: Link, options: HopInput, index: number): Hop {
  const label = `${link.owner.view.externalId}.${link.name}`;
  const fail = (message: string): never => {
    throw new TraversalError(label, index, message);
  };
  const limit = options.limit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) {
    fail(`limit must be a non-negative integer or null, got ${show(limit)}.`);
  }
  if (options.edgeFilter !== undefined && link.kind !== "edge") {
    fail("edgeFilter applies to edge connections only.");
  }
  for (const [what, filter] of [
    ["filter", options.filter],
    ["edgeFilter", options.edgeFilter],
  ] as const) {
    if (filter === undefined) continue;
    const largest = largestValueList(filter.dms);
    if (largest > MAX_IN_VALUES) {
      fail(
        `${what} has a list of ${largest} values; the API takes at most ${MAX_IN_VALUES} per filter, and a filter ` +
          "the caller wrote is not split by the runtime. Split it with or(), or follow a hop from fewer instances.",
      );
    }
  }
  let sort: Record<string, unknown>[] | undefined;
  if (options.sort !== undefined) {
    sort = sortToWire(link.target, options.sort, true);
    if (sort.length > MAX_SORT_ENTRIES) {
      fail(`sort has ${sort.length} entries; the API takes at most ${MAX_SORT_ENTRIES}.`);
    }
  }
  return {
    link,
    label,
    index,
    filter: options.filter?.dms,
    edgeFilter: options.edgeFilter?.dms,
    sort,
    limit,
  };
}

function largestValueList(filter: unknown): number {
  if (Array.isArray(filter)) return Math.max(0, ...filter.map(largestValueList));
  if (typeof filter !== "object" || filter === null) return 0;
  let largest = 0;
  for (const [key, value] of Object.entries(filter)) {
    if (key === "instanceReferences" && Array.isArray(value)) largest = Math.max(largest, value.length);
    else if ((key === "in" || key === "containsAny" || key === "containsAll") && typeof value === "object") {
      const values = (value as { values?: unknown }).values;
      if (Array.isArray(values)) largest = Math.max(largest, values.length);
    } else largest = Math.max(largest, largestValueList(value));
  }
  return largest;
}

export const idKey = (id: InstanceId): string => `${id.space}\u0000${id.externalId}`;

/** A parsed instance (a read object under construction). */
export type Item = Record<string, unknown>;

/** A parent of a hop: its key, its id and, for direct relations, the ids it points at. */
export interface Parent {
  readonly key: string;
  readonly id: InstanceId;
  readonly targets: readonly InstanceId[];
}

export function parentOf(link: Link, item: Item): Parent {
  const id = toInstanceId(item as unknown as InstanceId);
  if (link.kind !== "direct") return { key: idKey(id), id, targets: [] };
  const value = item[link.name];
  const refs = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return { key: idKey(id), id, targets: refs.filter(isInstanceId).map(toInstanceId) };
}

/** One child reached by a hop: the node, the edge that led to it (edge links), and the parents it belongs to. */
export interface Reached {
  readonly node: Item;
  readonly edge: Item | null;
  readonly parents: readonly string[];
}

interface QueryResponse {
  items: Record<string, RawInstance[] | undefined>;
  nextCursor?: Record<string, string | null | undefined> | null;
}

const and = (...parts: (DmsFilter | undefined)[]): DmsFilter => {
  const present = parts.filter((p): p is DmsFilter => p !== undefined);
  return present.length === 1 ? (present[0] as DmsFilter) : { and: present };
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sources = (spec: ViewSpec) => ({
  sources: [{ source: viewReference(spec.view), properties: ["*"] }],
});

/**
 * Pages one `/query` body on result set `paged` until its cursor runs out. The other selected sets are
 * derived from each page of `paged`; if one of them reports more data, that would be a silent cut, so
 * it is an error instead.
 */
async function* queryPages(
  client: PygenClient,
  body: Record<string, unknown>,
  paged: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<QueryResponse["items"], void, undefined> {
  let cursor: string | null = null;
  do {
    const request: Record<string, unknown> =
      cursor === null ? body : { ...body, cursors: { [paged]: cursor } };
    const response: QueryResponse = await client.post<QueryResponse>(
      "/models/instances/query",
      request,
      signal,
    );
    const next = response.nextCursor ?? {};
    for (const [name, value] of Object.entries(next)) {
      if (name !== paged && value) {
        throw new PygenError(`result set '${name}' has more than one page per page of '${paged}'.`);
      }
    }
    yield response.items;
    cursor = next[paged] || null;
  } while (cursor !== null);
}

/**
 * The children of `parents` over `hop.link`, page by page. `pageSize` caps each request (a hop with a
 * small `limit` asks for no more than it needs). `idsOnly`: nothing is selected but the instances
 * themselves (`Query.ids()`); the children are then not attached to their parents.
 */
export async function* reach(
  client: PygenClient,
  hop: Hop,
  parents: readonly Parent[],
  pageSize: () => number,
  signal: AbortSignal | undefined,
  idsOnly = false,
): AsyncGenerator<Reached[], void, undefined> {
  const { link } = hop;
  const codec = codecFor(link.target);
  const targetSelect = idsOnly ? {} : sources(link.target);
  const targetData = { hasData: [viewReference(link.target.view)] } as DmsFilter;
  if (link.kind === "edge") {
    const ids = distinct(parents.map((p) => p.id));
    const edgeCodec = link.edgeView === null ? null : codecFor(link.edgeView);
    for (const chunk of chunks(ids, MAX_IN_VALUES)) {
      const body = {
        with: {
          parents: { nodes: { filter: { instanceReferences: chunk } }, limit: chunk.length },
          edges: {
            edges: {
              from: "parents",
              direction: link.direction,
              maxDistance: 1,
              filter: and(
                { equals: { property: ["edge", "type"], value: { ...link.type } } },
                hop.edgeFilter,
              ),
              nodeFilter: and(targetData, hop.filter),
            },
            limit: pageSize(),
          },
          nodes: {
            nodes: { from: "edges", chainTo: "destination" },
            limit: QUERY_PAGE_SIZE,
            ...(hop.sort === undefined ? {} : { sort: hop.sort }),
          },
        },
        select: {
          edges: link.edgeView === null || idsOnly ? {} : sources(link.edgeView),
          nodes: targetSelect,
        },
        includeTyping: false,
      };
      for await (const items of queryPages(client, body, "edges", signal)) {
        const nodes = new Map<string, { item: Item; order: number }>();
        (items.nodes ?? []).forEach((raw, order) => {
          nodes.set(idKey(raw), { item: codec.parse(raw), order });
        });
        const reached: (Reached & { order: number })[] = [];
        for (const raw of items.edges ?? []) {
          const near = link.direction === "outwards" ? raw.startNode : raw.endNode;
          const far = link.direction === "outwards" ? raw.endNode : raw.startNode;
          if (near === undefined || far === undefined) continue;
          const node = nodes.get(idKey(far));
          if (node === undefined) continue; // the node at the far end has no data in the target view
          const edge = edgeCodec === null ? (parseEdge(raw) as unknown as Item) : edgeCodec.parse(raw);
          reached.push({ node: node.item, edge, parents: [idKey(near)], order: node.order });
        }
        if (hop.sort !== undefined) reached.sort((a, b) => a.order - b.order);
        yield reached;
      }
    }
    return;
  }
  if (link.kind === "reverse") {
    const ids = distinct(parents.map((p) => p.id));
    const property = propertyRef(link.target.view, link.throughId);
    for (const chunk of chunks(ids, MAX_IN_VALUES)) {
      const inChunk = new Set(chunk.map(idKey));
      const values = chunk.map((id) => ({ ...id }));
      const pointing: DmsFilter = link.throughList
        ? { containsAny: { property, values } }
        : { in: { property, values } };
      const body = {
        with: {
          children: {
            nodes: { filter: and(targetData, pointing, hop.filter) },
            limit: pageSize(),
            ...(hop.sort === undefined ? {} : { sort: hop.sort }),
          },
        },
        select: { children: targetSelect },
        includeTyping: false,
      };
      for await (const items of queryPages(client, body, "children", signal)) {
        yield (items.children ?? []).map((raw) => {
          const node = codec.parse(raw);
          const value = node[link.throughField];
          const refs = (Array.isArray(value) ? value : [value]).filter(isInstanceId);
          return { node, edge: null, parents: refs.map(idKey).filter((k) => inChunk.has(k)) };
        });
      }
    }
    return;
  }
  // direct relation: the parents hold the ids
  const byTarget = new Map<string, string[]>();
  for (const parent of parents) {
    for (const target of parent.targets) {
      const key = idKey(target);
      const list = byTarget.get(key);
      if (list === undefined) byTarget.set(key, [parent.key]);
      else if (!list.includes(parent.key)) list.push(parent.key);
    }
  }
  const targets = distinct(parents.flatMap((p) => p.targets));
  for (const chunk of chunks(targets, MAX_IN_VALUES)) {
    const body = {
      with: {
        children: {
          nodes: { filter: and(targetData, { instanceReferences: chunk }, hop.filter) },
          limit: pageSize(),
          ...(hop.sort === undefined ? {} : { sort: hop.sort }),
        },
      },
      select: { children: targetSelect },
      includeTyping: false,
    };
    for await (const items of queryPages(client, body, "children", signal)) {
      yield (items.children ?? []).map((raw) => ({
        node: codec.parse(raw),
        edge: null,
        parents: byTarget.get(idKey(raw)) ?? [],
      }));
    }
  }
}

function distinct(ids: readonly InstanceId[]): InstanceId[] {
  const seen = new Map<string, InstanceId>();
  for (const id of ids) {
    const key = idKey(id);
    if (!seen.has(key)) seen.set(key, { space: id.space, externalId: id.externalId });
  }
  return [...seen.values()];
}

/** Runs `work`, turning API and runtime failures into a {@link TraversalError} that names the hop. */
export async function* namingHop<T>(
  hop: { readonly label: string; readonly index: number },
  work: AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  try {
    yield* work;
  } catch (error) {
    if (error instanceof TraversalError || !(error instanceof PygenError)) throw error;
    throw new TraversalError(hop.label, hop.index, error.message, { cause: error });
  }
}

/** Include options in their runtime form (the typed form is `Include<S>` in `_shapes.ts`). */
export type IncludeTree = Readonly<Record<string, unknown>>;

/**
 * Expands `include` on `items` (read objects of view `spec`) in place: each named link becomes a field
 * holding ids or read objects; then the children are expanded with their own `include`, one hop at a
 * time. `depth` is the hop number of the first level (for messages).
 */
export async function expand(
  client: PygenClient,
  spec: ViewSpec,
  items: readonly Item[],
  include: IncludeTree,
  signal: AbortSignal | undefined,
  depth = 1,
): Promise<void> {
  if (typeof include !== "object" || include === null || Array.isArray(include)) {
    throw new TypeError(`include: expected an object of connection names, got ${show(include)}.`);
  }
  if (items.length === 0) return;
  for (const [name, value] of Object.entries(include)) {
    if (value === undefined || value === false) continue;
    const link = resolveLink(spec, name);
    if (value !== true && value !== "ids" && (typeof value !== "object" || value === null)) {
      throw new TypeError(
        `include.${name}: expected true, "ids" or options ({ filter, sort, limit, include }), got ${show(value)}.`,
      );
    }
    const options = typeof value === "object" ? (value as HopInput & { include?: IncludeTree }) : {};
    const idsOnly = value === "ids";
    if (idsOnly && link.kind === "direct") continue; // the property already holds the ids
    const hop = makeHop(link, options, depth);
    const parents = items.map((item) => parentOf(link, item));
    // The same instance may be asked for twice (`retrieve([a, a])`): every copy gets its connections.
    const byKey = new Map<string, Item[]>();
    items.forEach((item, i) => {
      const key = parents[i]?.key as string;
      const copies = byKey.get(key);
      if (copies === undefined) byKey.set(key, [item]);
      else copies.push(item);
    });
    if (link.kind !== "direct") for (const item of items) item[name] = link.list ? [] : null;
    const children = new Map<string, Item>();
    let remaining = hop.limit ?? Number.POSITIVE_INFINITY;
    const pageSize = () => Math.max(1, Math.min(QUERY_PAGE_SIZE, remaining));
    if (remaining > 0) {
      pages: for await (const page of namingHop(hop, reach(client, hop, parents, pageSize, signal))) {
        for (const found of page) {
          const key = idKey(found.node as unknown as InstanceId);
          let node = children.get(key);
          if (node === undefined) {
            if (remaining <= 0) break pages;
            remaining--;
            node = found.node;
            children.set(key, node);
          }
          if (link.kind === "direct") continue;
          const id = toInstanceId(node as unknown as InstanceId);
          // Edges with properties are edge objects carrying the node; plain edges are the node itself.
          const withEdge = link.kind === "edge" && link.edgeView !== null && found.edge !== null;
          const entry = idsOnly ? id : withEdge ? { ...found.edge, node } : node;
          for (const parentKey of found.parents) {
            for (const parent of byKey.get(parentKey) ?? []) {
              if (link.list) (parent[name] as unknown[]).push(entry);
              else if (parent[name] === null) parent[name] = entry;
            }
          }
        }
      }
    }
    if (link.kind === "direct") {
      // In the stored order; targets without data in the target view (or beyond `limit`) are left out.
      items.forEach((item, i) => {
        const found = (parents[i]?.targets ?? [])
          .map((t) => children.get(idKey(t)))
          .filter((n): n is Item => n !== undefined);
        item[name] = link.list ? found : (found[0] ?? null);
      });
    }
    if (!idsOnly && options.include !== undefined) {
      await expand(client, link.target, [...children.values()], options.include, signal, depth + 1);
    }
  }
}

/**
 * The distinct instances one hop reaches from a stream of parent pages, as a stream of pages: parents
 * are regrouped in batches of {@link MAX_IN_VALUES}, so a hop never waits for all of its parents.
 */
export async function* follow(
  client: PygenClient,
  hop: Hop,
  parentPages: AsyncIterable<readonly Item[]>,
  signal: AbortSignal | undefined,
  idsOnly = false,
): AsyncGenerator<Item[], void, undefined> {
  const seen = new Set<string>();
  let remaining = hop.limit ?? Number.POSITIVE_INFINITY;
  if (remaining === 0) return;
  const pageSize = () => Math.max(1, Math.min(QUERY_PAGE_SIZE, remaining));
  for await (const batch of rebatch(parentPages, MAX_IN_VALUES)) {
    const parents = batch.map((item) => parentOf(hop.link, item));
    for await (const page of namingHop(hop, reach(client, hop, parents, pageSize, signal, idsOnly))) {
      const out: Item[] = [];
      for (const found of page) {
        const key = idKey(found.node as unknown as InstanceId);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(found.node);
        if (--remaining <= 0) break;
      }
      if (out.length > 0) yield out;
      if (remaining <= 0) return;
    }
  }
}

async function* rebatch<T>(pages: AsyncIterable<readonly T[]>, size: number): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const page of pages) {
    pending.push(...page);
    while (pending.length >= size) {
      yield pending.slice(0, size);
      pending = pending.slice(size);
    }
  }
  if (pending.length > 0) yield pending;
}
