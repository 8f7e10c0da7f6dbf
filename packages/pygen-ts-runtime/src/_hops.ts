/**
 * One hop of `include` over `/models/instances/query` (docs/connections.md §3, "Execution: the wire
 * requests of include"), and the checks every hop gets before any request ({@link makeHop}).
 *
 * A hop takes a batch of parents and streams their children page by page: parent ids go in chunks of
 * {@link MAX_IN_VALUES} (the API's limit on `in` and `instanceReferences`), and every chunk is paged
 * with its own result-set cursor until the API has no more, so nothing is cut silently. Memory is one
 * chunk and one page per hop, whatever the depth. (The query builder's `follow` chains its hops into one
 * request instead: `_chain.ts`.)
 */
import {
  type Item,
  idKey,
  type Link,
  MAX_IN_VALUES,
  QUERY_PAGE_SIZE,
  TraversalError,
} from "./_connections.js";
import { PygenError } from "./_errors.js";
import type { DmsFilter } from "./_filters.js";
import { codecFor, parseEdge, type RawInstance } from "./_instance.js";
import { MAX_SORT_ENTRIES, type SortSpec, sortToWire } from "./_sort.js";
import { type InstanceId, propertyRef, type ViewSpec, viewReference } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { isInstanceId, show, toInstanceId } from "./_values.js";

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

/** A `/models/instances/query` answer: items and cursors per result set. */
export interface QueryResponse {
  items: Record<string, RawInstance[] | undefined>;
  nextCursor?: Record<string, string | null | undefined> | null;
}

/** The parts that are present, and-ed; a single part alone (as both runtimes send it). */
export const and = (...parts: (DmsFilter | undefined)[]): DmsFilter => {
  const present = parts.filter((p): p is DmsFilter => p !== undefined);
  return present.length === 1 ? (present[0] as DmsFilter) : { and: present };
};

/** The filter on an edge connection's edge type. */
export const edgeType = (link: Link & { kind: "edge" }): DmsFilter => ({
  equals: { property: ["edge", "type"], value: { ...link.type } },
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A select of every property of the view. */
export const sources = (spec: ViewSpec) => ({
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
              filter: and(edgeType(link), hop.edgeFilter),
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
          // distinct: a list direct relation may name the same parent twice; the child is attached once
          return { node, edge: null, parents: [...new Set(refs.map(idKey).filter((k) => inChunk.has(k)))] };
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
