/** Change feeds over `/models/instances/sync`: what was created, updated or deleted since a cursor. */
import type { DmsFilter, Filter } from "./_filters.js";
import { codecFor, type RawInstance } from "./_instance.js";
import { type TypedInstanceId, type ViewSpec, viewReference } from "./_spec.js";
import type { PygenClient } from "./_transport.js";

/** Instances per sync request: the API takes 1-2000 per expression. */
export const MAX_SYNC_PAGE_SIZE = 2000;
export const DEFAULT_SYNC_PAGE_SIZE = 1000;

export interface SyncOptions<B = unknown> {
  filter?: Filter<B>;
  /** Resume from a cursor saved from an earlier feed (`batch.cursor` or `feed.cursor`); default: from the start. */
  cursor?: string | null;
  /** Instances per request, 1-2000. Default 1000. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** An instance deleted since the cursor. */
export interface DeletedInstance extends TypedInstanceId {
  readonly deletedTime: Date;
}

/** One response of the feed: created or updated instances (typed), deleted ones, and where to resume. */
export interface SyncBatch<T> {
  readonly items: T[];
  readonly deleted: DeletedInstance[];
  readonly cursor: string;
}

interface SyncResponse {
  items: Record<string, RawInstance[] | undefined>;
  nextCursor: Record<string, string | undefined>;
}

/**
 * `for await (const batch of feed)`: batches until the feed has caught up (a batch smaller than the page
 * size; it may be empty, and still carries the cursor). `feed.cursor` is where to resume later.
 */
export class SyncFeed<T> implements AsyncIterable<SyncBatch<T>> {
  #cursor: string | null;
  #started = false;

  constructor(
    private readonly client: PygenClient,
    private readonly spec: ViewSpec,
    private readonly options: SyncOptions,
  ) {
    const size = options.pageSize ?? DEFAULT_SYNC_PAGE_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_SYNC_PAGE_SIZE) {
      throw new RangeError(
        `pageSize must be an integer from 1 to ${MAX_SYNC_PAGE_SIZE}, got ${String(options.pageSize)}.`,
      );
    }
    if (options.cursor !== undefined && options.cursor !== null && typeof options.cursor !== "string") {
      throw new TypeError(`cursor must be a string from an earlier sync, got ${String(options.cursor)}.`);
    }
    this.#cursor = options.cursor ?? null;
  }

  /** Where to resume: the cursor of the last batch handed out (the given cursor before the first). */
  get cursor(): string | null {
    return this.#cursor;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SyncBatch<T>, void, undefined> {
    if (this.#started)
      throw new Error("This feed was already iterated; call sync({ cursor: feed.cursor }) again.");
    this.#started = true;
    const pageSize = this.options.pageSize ?? DEFAULT_SYNC_PAGE_SIZE;
    const codec = codecFor(this.spec);
    const view = viewReference(this.spec.view);
    const hasData: DmsFilter = { hasData: [view] };
    const filter: DmsFilter =
      this.options.filter === undefined ? hasData : { and: [hasData, this.options.filter.dms] };
    const kind = this.spec.usedFor === "edge" ? "edges" : "nodes";
    const body = {
      with: { sync: { [kind]: { filter }, limit: pageSize } },
      select: { sync: { sources: [{ source: view, properties: ["*"] }] } },
      includeTyping: false,
    };
    for (;;) {
      const request = this.#cursor === null ? body : { ...body, cursors: { sync: this.#cursor } };
      const response = await this.client.post<SyncResponse>(
        "/models/instances/sync",
        request,
        this.options.signal,
      );
      const raws = response.items.sync ?? [];
      const cursor = response.nextCursor.sync;
      if (typeof cursor !== "string" || cursor === "") {
        throw new Error("sync: the response carries no cursor for the feed; cannot resume from it.");
      }
      const items: T[] = [];
      const deleted: DeletedInstance[] = [];
      for (const raw of raws) {
        if (raw.deletedTime === undefined || raw.deletedTime === null) items.push(codec.parse(raw) as T);
        else
          deleted.push({
            instanceType: raw.instanceType,
            space: raw.space,
            externalId: raw.externalId,
            deletedTime: new Date(raw.deletedTime),
          });
      }
      this.#cursor = cursor;
      yield { items, deleted, cursor };
      if (raws.length < pageSize) return;
    }
  }

  /** Every batch until caught up, collected. */
  async toArray(): Promise<SyncBatch<T>[]> {
    const out: SyncBatch<T>[] = [];
    for await (const batch of this) out.push(batch);
    return out;
  }
}
