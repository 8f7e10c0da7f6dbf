/**
 * The typed query builder: `api.query({ filter }).follow("blades", { filter }).include({...}).list()`.
 * A Query is an immutable list of hop descriptions: building one sends nothing and costs nothing that
 * grows with the model or the depth; a terminal chains the hops into as few `/query` requests as the API
 * allows and streams the last hop's results (`_follow.ts`, `_chain.ts`).
 */
import { type IncludeTree, type Item, resolveLink } from "./_connections.js";
import type { DmsFilter } from "./_filters.js";
import { followStream } from "./_follow.js";
import { type HopInput, makeHop } from "./_hops.js";
import type { Expanded, HopOptions, Include, LinkName, LinkRead, LinksOf, LinkTarget } from "./_shapes.js";
import type { InstanceId, ViewSpec } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { expand } from "./_traverse.js";
import { toInstanceId } from "./_values.js";
import { checkLimit, DEFAULT_LIST_LIMIT } from "./_view-api.js";

/** The roots of a query (`api.query(options)`). */
export interface Roots {
  /** The roots' filter, sort (wire form) and limit (`null`: all): the chained request's `roots` set. */
  readonly filter: DmsFilter | undefined;
  readonly sort: readonly Record<string, unknown>[] | undefined;
  readonly limit: number | null;
  /** The roots page by page, read as `list` reads them (`/instances/list`): a query without `follow`. */
  readonly pages: (signal: AbortSignal | undefined) => AsyncIterable<readonly Item[]>;
}

interface Step {
  readonly name: string;
  readonly options: HopInput;
}

export interface QueryRunOptions {
  signal?: AbortSignal;
}

/** The results of a query: async-iterable over instances, `.pages()` over arrays of them. */
export class QueryResults<T> implements AsyncIterable<T> {
  constructor(private readonly run: () => AsyncGenerator<T[], void, undefined>) {}

  /** The results as they arrive, one page (up to 1000 instances) at a time. */
  pages(): AsyncGenerator<T[], void, undefined> {
    return this.run();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.run()) yield* page;
  }

  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.run()) out.push(...page);
    return out;
  }
}

/**
 * Instances of view `S` reached from the roots through the hops followed so far (the last hop only),
 * each with the connections `include` asked for.
 */
export class Query<TRead, S> {
  readonly #client: PygenClient;
  readonly #root: ViewSpec;
  readonly #roots: Roots;
  readonly #steps: readonly Step[];
  readonly #include: IncludeTree | undefined;

  /** @internal Use `api.query()`. */
  constructor(
    client: PygenClient,
    root: ViewSpec,
    roots: Roots,
    steps: readonly Step[] = [],
    include?: IncludeTree,
  ) {
    this.#client = client;
    this.#root = root;
    this.#roots = roots;
    this.#steps = steps;
    this.#include = include;
    // Resolve every link now, so a wrong name fails where it is written, not when the query runs.
    this.#spec();
  }

  /** Follows a connection (or a direct relation with a target view) to the view it leads to. */
  follow<K extends LinkName<S>>(
    connection: K,
    options: HopOptions<LinksOf<S>[K]> = {},
  ): Query<LinkRead<S, K>, LinkTarget<S, K>> {
    if (this.#include !== undefined) {
      throw new TypeError("follow() after include(): include() applies to the last hop, so call it last.");
    }
    // Check the hop now (its filter's size, its sort), so a bad one fails where it is written.
    makeHop(resolveLink(this.#spec(), connection), options as HopInput, this.#steps.length + 1);
    const steps = [...this.#steps, { name: connection, options: options as HopInput }];
    return new Query(this.#client, this.#root, this.#roots, steps);
  }

  /** Expands connections of this hop's results: `include({ blades: { include: { sensorPositions: true } } })`. */
  include<const I extends Include<S>>(include: I): Query<Expanded<TRead, S, I>, S> {
    return new Query(this.#client, this.#root, this.#roots, this.#steps, include as IncludeTree);
  }

  /** The results (of the last hop): default 25, `limit: null` for all, `limit: 0` for none (no request). */
  async list(options: QueryRunOptions & { limit?: number | null } = {}): Promise<TRead[]> {
    const limit = checkLimit(options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit);
    const out: TRead[] = [];
    if (limit === 0) return out;
    for await (const page of this.#run(limit, options.signal)) out.push(...page);
    return out;
  }

  /** All results, streamed: `for await (const x of query.iterate())` or `.pages()`. */
  iterate(options: QueryRunOptions & { limit?: number | null } = {}): QueryResults<TRead> {
    const limit = checkLimit(options.limit ?? null);
    return new QueryResults(() => this.#run(limit, options.signal));
  }

  /** The ids of the results (default: all of them). */
  async ids(options: QueryRunOptions & { limit?: number | null } = {}): Promise<InstanceId[]> {
    const limit = checkLimit(options.limit ?? null);
    const out: InstanceId[] = [];
    if (limit === 0) return out;
    for await (const page of this.#run(limit, options.signal, true)) {
      for (const item of page) out.push(toInstanceId(item as unknown as InstanceId));
    }
    return out;
  }

  /** The view of the last hop (checks every hop's link). */
  #spec(): ViewSpec {
    let spec = this.#root;
    for (const step of this.#steps) spec = resolveLink(spec, step.name).target;
    return spec;
  }

  /**
   * The results, in pages of at most `QUERY_PAGE_SIZE`. `idsOnly` (`ids()`): the last hop selects nothing
   * but the instances, and nothing is included.
   */
  async *#run(
    limit: number | null,
    signal: AbortSignal | undefined,
    idsOnly = false,
  ): AsyncGenerator<TRead[], void, undefined> {
    if (limit === 0) return;
    const include = idsOnly ? undefined : this.#include;
    if (this.#steps.length === 0) {
      // No follow: the roots are read as `list` reads them, and an error is the roots' own (as for list).
      let remaining = limit ?? Number.POSITIVE_INFINITY;
      for await (const page of this.#roots.pages(signal)) {
        const items = page.length > remaining ? page.slice(0, remaining) : [...page];
        if (include !== undefined) await expand(this.#client, this.#root, items, include, signal, 1);
        remaining -= items.length;
        yield items as unknown as TRead[];
        if (remaining <= 0) return;
      }
      return;
    }
    let spec = this.#root;
    const hops = this.#steps.map((step, i) => {
      const hop = makeHop(resolveLink(spec, step.name), step.options, i + 1);
      spec = hop.link.target;
      return hop;
    });
    const { filter, sort, limit: rootsLimit } = this.#roots;
    const roots = { spec: this.#root, filter, sort, limit: rootsLimit };
    const options = { limit, idsOnly, include, signal };
    yield* followStream(this.#client, roots, hops, options) as AsyncGenerator<TRead[], void, undefined>;
  }
}
