/**
 * The query builder's execution (docs/connections.md §3, "Chained requests"): the hops chained into as few
 * `/query` requests as the API allows (`_chain.ts`), each paged depth first, and the last hop's distinct
 * instances streamed page by page with their `include` expanded (`_traverse.ts`).
 */
import { type ChainRoots, chainPages, planChains } from "./_chain.js";
import {
  type IncludeTree,
  type Item,
  idKey,
  MAX_IN_VALUES,
  MAX_QUERY_LIMIT,
  QUERY_PAGE_SIZE,
} from "./_connections.js";
import { type Hop, sources } from "./_hops.js";
import { codecFor, type RawInstance } from "./_instance.js";
import type { InstanceId } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { expand } from "./_traverse.js";
import { toInstanceId } from "./_values.js";

export interface FollowOptions {
  /** The most results to return (`null`: all). */
  readonly limit: number | null;
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
 * reached. Every request asks for up to {@link MAX_QUERY_LIMIT} of the last set (each request evaluates
 * the whole chain on the server, so fewer, larger pages cost far less); the results are handed out in pages
 * of at most {@link QUERY_PAGE_SIZE} (`iterate().pages()`). Memory is one page per request and the ids
 * returned (to keep the results distinct); the middle levels keep nothing, except a level with a `limit`,
 * which keeps the distinct ids it counted.
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
    let wanted = MAX_QUERY_LIMIT;
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
      for (let start = 0; start < found.length; start += QUERY_PAGE_SIZE) {
        const slice = found.slice(start, start + QUERY_PAGE_SIZE);
        const items = full
          ? slice.map((raw) => codec.parse(raw))
          : slice.map((raw) => toInstanceId(raw) as unknown as Item);
        if (include !== undefined) await expand(client, lastSpec, items, include, signal, hops.length + 1);
        emitted += items.length;
        yield items;
      }
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
