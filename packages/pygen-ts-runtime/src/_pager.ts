/** Cursor pagination written once: an async iterable that holds one page at a time. */

export interface Page<T> {
  readonly items: T[];
  /** Pass to `iterate({ cursor })` to continue after this page; `null` on the last page. */
  readonly nextCursor: string | null;
}

export type FetchPage<T> = (cursor: string | null, size: number) => Promise<Page<T>>;

/**
 * `for await (const item of pager)` yields instances; `for await (const page of pager.pages())` yields
 * pages. `pager.cursor` is where to resume: after a page has been fully consumed it is that page's
 * `nextCursor`, so an iteration stopped early can go on with `iterate({ cursor: pager.cursor })`
 * (stopping in the middle of a page resumes at the start of that page).
 */
export class InstancePager<T> implements AsyncIterable<T> {
  #cursor: string | null;
  #done = false;
  #started = false;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly pageSize: number,
    cursor: string | null,
    private readonly limit: number | null,
  ) {
    this.#cursor = cursor;
  }

  /** The cursor to resume from (`null` before the first page when no cursor was given, or when done). */
  get cursor(): string | null {
    return this.#cursor;
  }

  /** True once the last page has been consumed. */
  get done(): boolean {
    return this.#done;
  }

  /** Pages; a page counts as consumed when it is handed out (`cursor` moves to its `nextCursor`). */
  pages(): AsyncGenerator<Page<T>, void, undefined> {
    return this.#pages(true);
  }

  async *#pages(commitOnYield: boolean): AsyncGenerator<Page<T>, void, undefined> {
    if (this.#started)
      throw new Error("This pager was already iterated; call iterate() again (with its cursor).");
    this.#started = true;
    let remaining = this.limit ?? Number.POSITIVE_INFINITY;
    while (!this.#done && remaining > 0) {
      const page = await this.fetchPage(this.#cursor, Math.min(this.pageSize, remaining));
      const items = page.items.length > remaining ? page.items.slice(0, remaining) : page.items;
      remaining -= items.length;
      // An empty cursor ends the iteration too (as in pygen-runtime); sending it back would restart.
      const nextCursor = page.nextCursor || null;
      if (commitOnYield) this.#commit(nextCursor);
      yield { items, nextCursor };
      if (!commitOnYield) this.#commit(nextCursor);
    }
  }

  #commit(nextCursor: string | null): void {
    this.#cursor = nextCursor;
    if (nextCursor === null) this.#done = true;
  }

  /** Instances; `cursor` moves on as the last instance of a page is yielded (also when the caller stops there). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.#pages(false)) {
      const last = page.items.length - 1;
      for (let i = 0; i < last; i++) yield page.items[i] as T;
      if (last < 0) continue;
      this.#commit(page.nextCursor);
      yield page.items[last] as T;
    }
  }

  /** Collects everything into an array (use with a `limit`). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages()) out.push(...page.items);
    return out;
  }
}
