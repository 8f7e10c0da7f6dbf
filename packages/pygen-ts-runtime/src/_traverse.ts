/**
 * Traversal, executed (docs/connections.md §2-3): `include` expanded in place, hop by hop ({@link expand}),
 * and the query builder's `follow` chain streamed ({@link followStream}). The requests themselves are
 * built in `_hops.ts` (one hop of include) and `_chain.ts` (chained requests).
 */
import { type ChainRoots, chainPages, planChains } from "./_chain.js";
import {
  type IncludeTree,
  type Item,
  idKey,
  MAX_IN_VALUES,
  MAX_QUERY_LIMIT,
  QUERY_PAGE_SIZE,
  resolveLink,
} from "./_connections.js";
import { type Hop, type HopInput, makeHop, namingHop, parentOf, reach, sources } from "./_hops.js";
import { codecFor, type RawInstance } from "./_instance.js";
import type { InstanceId, ViewSpec } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { show, toInstanceId } from "./_values.js";

// --- include: expansion in place ----------------------------------------------------------------------------

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

// --- the query builder's execution: chained requests, streaming -------------------------------------------

export interface FollowOptions {
  /** The most results to return (`null`: all). */
  readonly limit: number | null;
  /** The last set's limit per request: `list()` and `ids()` ask for the API's largest, `iterate()` for
   * {@link QUERY_PAGE_SIZE}. */
  readonly pageSize: number;
  /** `ids()`: the last hop selects nothing but the instances, and nothing is included. */
  readonly idsOnly: boolean;
  /** Expanded on each page of results (the last hop's `include`). */
  readonly include: IncludeTree | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * Pages of the last hop's distinct instances (each with its `include` expanded), streamed: the hops are
 * chained into as few `/query` requests as the API allows (`_chain.ts`), each paged depth first; a chain
 * that starts where another ended runs on batches of at most {@link MAX_IN_VALUES} of the ids that one
 * reached. Memory is one page per request and the ids returned (to keep the results distinct); the middle
 * levels keep nothing, except a level with a `limit`, which keeps the distinct ids it counted.
 */
export async function* followStream(
  client: PygenClient,
  roots: ChainRoots,
  hops: readonly Hop[],
  options: FollowOptions,
): AsyncGenerator<Item[], void, undefined> {
  const { limit, signal } = options;
  if (hops.length === 0) throw new Error("followStream: a query without follow reads its roots with /list");
  if (roots.limit === 0) return; // no roots, so nothing reached (a roots set cannot ask for 0)
  const chains = planChains(hops);
  const final = chains.length - 1;
  const lastSpec = (hops[hops.length - 1] as Hop).link.target;
  const codec = codecFor(lastSpec);
  const include = options.idsOnly ? undefined : options.include;
  const pending: InstanceId[][] = chains.map(() => []);
  // the limit of each chain's last level, and the distinct ids it kept (only where there is a limit)
  const left: (number | null)[] = chains.map((chain) =>
    chain.hops.length > 0 ? (chain.hops[chain.hops.length - 1] as Hop).limit : roots.limit,
  );
  const kept: Set<string>[] = chains.map(() => new Set());
  const returned = new Set<string>(); // grows with the data returned only
  const rootsLeft = { value: roots.limit };
  let emitted = 0;

  const done = (): boolean => limit !== null && emitted >= limit;

  const size = (k: number): number => {
    const cap = left[k] as number | null;
    if (done() || cap === 0) return 0;
    let wanted = k === final ? options.pageSize : MAX_QUERY_LIMIT;
    if (k === final && limit !== null) wanted = Math.min(wanted, limit - emitted);
    return cap === null ? wanted : Math.min(wanted, cap);
  };

  const distinct = (k: number, items: readonly RawInstance[], seen: Set<string>): RawInstance[] => {
    const out: RawInstance[] = [];
    for (const item of items) {
      const key = idKey(item);
      if (seen.has(key)) continue;
      const cap = left[k] as number | null;
      if (cap !== null) {
        if (cap <= 0) break;
        left[k] = cap - 1;
      }
      seen.add(key);
      out.push(item);
    }
    return out;
  };

  async function* run(k: number, parents: readonly InstanceId[]): AsyncGenerator<Item[], void, undefined> {
    const full = k === final && !options.idsOnly; // middle chains need only the ids of their last set
    const paging = { pageSize: () => size(k), select: full ? sources(lastSpec) : {}, rootsLeft, signal };
    const chain = chains[k] as (typeof chains)[number];
    for await (const page of chainPages(client, chain, roots, distinctIds(parents), paging)) {
      if (k !== final) {
        const found = left[k] === null ? page : distinct(k, page, kept[k] as Set<string>);
        yield* feed(k + 1, found);
        continue;
      }
      let found = distinct(k, page, returned);
      if (limit !== null) found = found.slice(0, limit - emitted);
      if (found.length === 0) continue;
      const items = full
        ? found.map((raw) => codec.parse(raw))
        : found.map((raw) => toInstanceId(raw) as unknown as Item);
      if (include !== undefined) await expand(client, lastSpec, items, include, signal, hops.length + 1);
      emitted += items.length;
      yield items;
    }
  }

  async function* feed(k: number, reached: readonly RawInstance[]): AsyncGenerator<Item[], void, undefined> {
    const queue = pending[k] as InstanceId[];
    for (const raw of reached) queue.push(toInstanceId(raw));
    while (queue.length >= MAX_IN_VALUES && !done()) yield* run(k, queue.splice(0, MAX_IN_VALUES));
  }

  yield* run(0, []);
  // what is left below MAX_IN_VALUES ids per chain, in order (each feeds the next)
  for (let k = 1; k < chains.length && !done(); k++) {
    const queue = pending[k] as InstanceId[];
    if (queue.length > 0) yield* run(k, queue.splice(0));
  }
}

function distinctIds(ids: readonly InstanceId[]): InstanceId[] {
  const seen = new Map<string, InstanceId>();
  for (const id of ids) if (!seen.has(idKey(id))) seen.set(idKey(id), id);
  return [...seen.values()];
}
