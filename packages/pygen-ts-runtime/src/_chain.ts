/**
 * The query builder's hops chained into one `/models/instances/query` (docs/connections.md §3, "Chained
 * requests"): the roots expression, then per hop its edge and node expressions or its node expression
 * `through` a direct relation, as far as the API allows. A chain is split where it cannot go on: before a
 * reverse relation through a list of direct relations (the API will not traverse a list inwards), after a
 * middle hop with a `limit`, and before it would pass 50 result sets. Only the last set of a request is
 * selected (middle sets select nothing).
 *
 * Paging is depth first: the cursors of the upstream sets are held while the deepest set that has more is
 * paged with its cursor; when it has no more, the next set up advances and the sets below it start over.
 * Memory is one page of the last set per request, whatever the depth.
 */
import { MAX_QUERY_LIMIT, TraversalError } from "./_connections.js";
import { PygenError } from "./_errors.js";
import type { DmsFilter } from "./_filters.js";
import { and, edgeType, type Hop, type QueryResponse } from "./_hops.js";
import type { RawInstance } from "./_instance.js";
import { type InstanceId, propertyRef, type ViewSpec, viewReference } from "./_spec.js";
import type { PygenClient } from "./_transport.js";

/** The API's largest number of result set expressions in one request. */
export const MAX_WITH = 50;

/** The roots of a query: a view with a filter, sort (wire form) and limit (`null` = all). */
export interface ChainRoots {
  readonly spec: ViewSpec;
  readonly filter: DmsFilter | undefined;
  readonly sort: readonly Record<string, unknown>[] | undefined;
  readonly limit: number | null;
}

/**
 * How a chain's first result set is made: `roots` (the query's roots expression), `parents` (the ids the
 * previous chain reached, by `instanceReferences`) or `contains` (the first hop is a reverse relation
 * through a list of direct relations: its node set filtered by `containsAny` of the previous chain's ids).
 */
export type Start = "roots" | "parents" | "contains";

/** Hops sent in one request (paged). */
export interface Chain {
  readonly start: Start;
  readonly hops: readonly Hop[];
}

const reverseList = (hop: Hop): boolean => hop.link.kind === "reverse" && hop.link.throughList;

/**
 * The hops split into chains, each one request (paged). A chain ends after a middle hop with a `limit` (the
 * next chain starts from the distinct instances it kept, so the limit holds), before a reverse relation
 * through a list direct relation, and before it would pass {@link MAX_WITH} result sets.
 */
export function planChains(hops: readonly Hop[]): Chain[] {
  const chains: Chain[] = [];
  let start: Start = "roots";
  let current: Hop[] = [];
  let count = 1; // the chain's first set: roots or parents
  hops.forEach((hop, position) => {
    const cost = hop.link.kind === "edge" ? 2 : 1;
    if (reverseList(hop)) {
      // A chain that would hold nothing but `parents` is not sent: the ids go straight to `containsAny`.
      if (start !== "parents" || current.length > 0) chains.push({ start, hops: current });
      start = "contains";
      current = [hop];
      count = 1;
    } else {
      if (count + cost > MAX_WITH) {
        chains.push({ start, hops: current });
        start = "parents";
        current = [];
        count = 1;
      }
      current.push(hop);
      count += cost;
    }
    if (hop.limit !== null && position < hops.length - 1) {
      chains.push({ start, hops: current });
      start = "parents";
      current = [];
      count = 1;
    }
  });
  chains.push({ start, hops: current });
  return chains;
}

// --- one request of a chain -------------------------------------------------------------------------------

interface ResultSet {
  readonly name: string;
  readonly expression: Record<string, unknown>;
}

const hasData = (spec: ViewSpec): DmsFilter => ({ hasData: [viewReference(spec.view)] }) as DmsFilter;

/** A sort only on a chain's last set: there it orders the page or decides what a limit keeps; mid-chain it
 * would change nothing. */
const sortOf = (hop: Hop, last: boolean) => (last && hop.sort !== undefined ? { sort: hop.sort } : {});

/** The result sets of one hop chained from `source` (a node set of the hop's owner view). */
function hopSets(hop: Hop, source: string, limit: number, last: boolean): ResultSet[] {
  const { link } = hop;
  const targets = and(hasData(link.target), hop.filter);
  if (link.kind === "edge") {
    const edges = `edges_${hop.index}`;
    return [
      {
        name: edges,
        expression: {
          edges: {
            from: source,
            direction: link.direction,
            maxDistance: 1,
            filter: and(edgeType(link), hop.edgeFilter),
            nodeFilter: targets,
          },
          limit,
        },
      },
      {
        name: `nodes_${hop.index}`,
        expression: { nodes: { from: edges, chainTo: "destination" }, limit, ...sortOf(hop, last) },
      },
    ];
  }
  // reverse: the target's nodes whose direct relation points at the parents; direct: the nodes the parents'
  // direct relation points at
  const through =
    link.kind === "reverse"
      ? { source: viewReference(link.target.view), identifier: link.throughId }
      : { source: viewReference(link.owner.view), identifier: link.propertyId };
  const direction = link.kind === "reverse" ? "inwards" : "outwards";
  return [
    {
      name: `nodes_${hop.index}`,
      expression: {
        nodes: { from: source, through, direction, filter: targets },
        limit,
        ...sortOf(hop, last),
      },
    },
  ];
}

function containsSet(hop: Hop, parents: readonly InstanceId[], limit: number, last: boolean): ResultSet {
  const { link } = hop;
  if (link.kind !== "reverse") throw new Error(`${hop.label}: a containsAny set is a reverse hop's`);
  const property = propertyRef(link.target.view, link.throughId);
  const pointing = { containsAny: { property, values: parents.map((p) => ({ ...p })) } } as DmsFilter;
  return {
    name: `nodes_${hop.index}`,
    expression: {
      nodes: { filter: and(hasData(link.target), pointing, hop.filter) },
      limit,
      ...sortOf(hop, last),
    },
  };
}

function rootsSet(roots: ChainRoots, limit: number): ResultSet {
  return {
    name: "roots",
    expression: {
      nodes: { filter: and(hasData(roots.spec), roots.filter) },
      limit,
      ...(roots.sort === undefined || roots.sort.length === 0 ? {} : { sort: roots.sort }),
    },
  };
}

/** Every result set of one request of `chain`, in chain order (each from the one before). */
function resultSets(
  chain: Chain,
  roots: ChainRoots,
  parents: readonly InstanceId[],
  rootsLimit: number,
  lastLimit: number,
): ResultSet[] {
  let hops = chain.hops;
  const sets: ResultSet[] = [];
  if (chain.start === "roots") {
    sets.push(rootsSet(roots, hops.length === 0 ? lastLimit : rootsLimit));
  } else if (chain.start === "parents") {
    const refs = { instanceReferences: parents.map((p) => ({ ...p })) };
    sets.push({ name: "parents", expression: { nodes: { filter: refs }, limit: parents.length } });
  } else {
    const [first, ...rest] = hops as [Hop, ...Hop[]];
    const alone = rest.length === 0;
    sets.push(containsSet(first, parents, alone ? lastLimit : MAX_QUERY_LIMIT, alone));
    hops = rest;
  }
  hops.forEach((hop, position) => {
    const last = position === hops.length - 1;
    const source = (sets[sets.length - 1] as ResultSet).name;
    sets.push(...hopSets(hop, source, last ? lastLimit : MAX_QUERY_LIMIT, last));
  });
  return sets;
}

function requestBody(
  sets: readonly ResultSet[],
  select: Record<string, unknown>,
  held: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    with: Object.fromEntries(sets.map((s) => [s.name, s.expression])),
    select: { [(sets[sets.length - 1] as ResultSet).name]: select },
    includeTyping: false,
  };
  if (held.size > 0) body.cursors = Object.fromEntries(held);
  return body;
}

const SET_NAME = /\b(?:nodes|edges)_(\d+)\b/;

/**
 * The error of a chained request as a {@link TraversalError} naming the hop whose result set (`nodes_2`,
 * `edges_2`) the API's message names, else the chain's first hop. An error of the roots' own expression is
 * passed on as it is (as an error of the roots' `/list` read would be).
 */
function named(chain: Chain, error: unknown): unknown {
  if (error instanceof TraversalError || !(error instanceof PygenError)) return error;
  const found = SET_NAME.exec(error.message);
  let hop = found === null ? undefined : chain.hops.find((h) => h.index === Number(found[1]));
  if (hop === undefined) {
    if (chain.start === "roots" && (chain.hops.length === 0 || /\broots\b/.test(error.message))) return error;
    hop = chain.hops[0] as Hop;
  }
  return new TraversalError(hop.label, hop.index, error.message, { cause: error });
}

// --- paging one chain, depth first ------------------------------------------------------------------------

export interface ChainPaging {
  /** The last set's limit of the next request (0: stop); asked before every request. */
  readonly pageSize: () => number;
  /** What the last set selects: the last view's properties, or `{}` when only ids are needed. */
  readonly select: Record<string, unknown>;
  /** How many roots may still be read (`null`: all), shared by every request of the query. */
  readonly rootsLeft: { value: number | null };
  readonly signal: AbortSignal | undefined;
}

const rootsPage = (left: number | null): number =>
  left === null ? MAX_QUERY_LIMIT : Math.max(1, Math.min(MAX_QUERY_LIMIT, left));

/**
 * Every page of `chain`'s last set from `parents` (ignored when the chain starts at the roots), as the raw
 * instances of that set. The consumer handles a page before the next request is built, so `pageSize()`
 * sees what it has returned so far.
 */
export async function* chainPages(
  client: PygenClient,
  chain: Chain,
  roots: ChainRoots,
  parents: readonly InstanceId[],
  paging: ChainPaging,
): AsyncGenerator<RawInstance[], void, undefined> {
  const { rootsLeft } = paging;
  let held = new Map<string, string>();
  let rootsLimit = rootsPage(rootsLeft.value);
  for (;;) {
    const size = paging.pageSize();
    if (size <= 0) return;
    const sets = resultSets(chain, roots, parents, rootsLimit, size);
    const names = sets.map((s) => s.name);
    const last = names[names.length - 1] as string;
    let response: QueryResponse;
    try {
      response = await client.post<QueryResponse>(
        "/models/instances/query",
        requestBody(sets, paging.select, held),
        paging.signal,
      );
    } catch (error) {
      throw named(chain, error);
    }
    const items = response.items[last] ?? [];
    if (items.length > 0) yield items;
    const more = response.nextCursor ?? {};
    let deepest = -1;
    for (let position = names.length - 1; position >= 0; position--) {
      const name = names[position] as string;
      if (!more[name]) continue;
      if (name === "roots" && names.length > 1) {
        // a page of roots with a cursor was full: count it, and stop at the roots' limit
        if (rootsLeft.value !== null) {
          rootsLeft.value -= rootsLimit;
          if (rootsLeft.value <= 0) continue;
        }
      }
      deepest = position;
      break;
    }
    if (deepest < 0) return;
    const cursor = more[names[deepest] as string] as string;
    held = new Map([...held].filter(([name]) => names.indexOf(name) < deepest));
    held.set(names[deepest] as string, cursor);
    if (names[deepest] === "roots") rootsLimit = rootsPage(rootsLeft.value);
  }
}
