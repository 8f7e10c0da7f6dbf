/** Writes and deletes: chunks of 1000, a bounded pool, results in input order, partial failure reported. */
import { PygenError } from "./_errors.js";
import type { DmsInstanceWrite } from "./_instance.js";
import { chunk, mapSettled } from "./_pool.js";
import type { InstanceType, TypedInstanceId } from "./_spec.js";
import type { PygenClient } from "./_transport.js";

export const WRITE_CHUNK_SIZE = 1000;
export const DEFAULT_WRITE_CONCURRENCY = 4;

export interface UpsertOptions {
  /** `false` (default): patch the given properties. `true`: properties not given are reset. */
  replace?: boolean;
  autoCreateDirectRelations?: boolean;
  autoCreateStartNodes?: boolean;
  autoCreateEndNodes?: boolean;
  skipOnVersionConflict?: boolean;
  /** Requests in flight at once (each carries up to 1000 items). Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
}

export type UpsertStatus = "created" | "updated" | "unchanged";

export interface UpsertResult extends TypedInstanceId {
  readonly version: number;
  readonly wasModified: boolean;
  readonly status: UpsertStatus;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
}

export interface FailedChunk<T> {
  /** The items of the failed request, in input order. */
  readonly items: readonly T[];
  readonly error: unknown;
}

/** Some requests of a batch failed. `succeeded` holds what was written, `failed` what was not and why. */
export class PartialFailureError<S, T> extends PygenError {
  override name = "PartialFailureError";
  constructor(
    readonly operation: "upsert" | "delete",
    readonly succeeded: readonly S[],
    readonly failed: readonly FailedChunk<T>[],
  ) {
    const failedCount = failed.reduce((n, f) => n + f.items.length, 0);
    super(
      `${operation}: ${failedCount} item(s) in ${failed.length} request(s) failed, ${succeeded.length} succeeded. ` +
        `First error: ${String(failed[0]?.error)}`,
      { cause: failed[0]?.error },
    );
  }
}

interface SlimInstance {
  instanceType: InstanceType;
  space: string;
  externalId: string;
  version: number;
  wasModified: boolean;
  createdTime: number;
  lastUpdatedTime: number;
}

function toResult(raw: SlimInstance): UpsertResult {
  const status: UpsertStatus = !raw.wasModified ? "unchanged" : raw.version === 1 ? "created" : "updated";
  return {
    instanceType: raw.instanceType,
    space: raw.space,
    externalId: raw.externalId,
    version: raw.version,
    wasModified: raw.wasModified,
    status,
    createdTime: new Date(raw.createdTime),
    lastUpdatedTime: new Date(raw.lastUpdatedTime),
  };
}

/**
 * Sends `phases` one after another, each in chunks of 1000 with at most `concurrency` requests in flight.
 * Every chunk settles (one failure does not cancel the others); `inputOrder` sorts what succeeded.
 */
async function runChunked<T, R>(
  operation: "upsert" | "delete",
  phases: readonly (readonly T[])[],
  concurrency: number,
  send: (batch: T[]) => Promise<R[]>,
  inputOrder?: (a: R, b: R) => number,
): Promise<R[]> {
  const succeeded: R[] = [];
  const failed: FailedChunk<T>[] = [];
  for (const items of phases) {
    const batches = chunk(items, WRITE_CHUNK_SIZE);
    const settled = await mapSettled(batches, concurrency, send);
    settled.forEach((outcome, i) => {
      if (outcome.status === "fulfilled") succeeded.push(...outcome.value);
      else failed.push({ items: batches[i] ?? [], error: outcome.reason });
    });
  }
  if (inputOrder) succeeded.sort(inputOrder);
  // Always the same error type, whatever the number of requests (as pygen-runtime's UpsertError), so
  // code that catches PartialFailureError works for 999 items as for 1001; the API error is `cause`.
  if (failed.length > 0) throw new PartialFailureError(operation, succeeded, failed);
  return succeeded;
}

const idKey = (id: TypedInstanceId): string => `${id.instanceType}\u0000${id.space}\u0000${id.externalId}`;

/** Instance writes and deletes in the DMS wire format (view APIs validate and convert before calling it). */
export class InstancesClient {
  constructor(readonly client: PygenClient) {}

  async upsert(items: readonly DmsInstanceWrite[], options: UpsertOptions = {}): Promise<UpsertResult[]> {
    if (items.length === 0) return [];
    const body = {
      autoCreateDirectRelations: options.autoCreateDirectRelations ?? true,
      autoCreateStartNodes: options.autoCreateStartNodes ?? false,
      autoCreateEndNodes: options.autoCreateEndNodes ?? false,
      skipOnVersionConflict: options.skipOnVersionConflict ?? false,
      replace: options.replace ?? false,
    };
    // Nodes before edges: chunks run concurrently, and an edge chunk that reached the API before the
    // chunk creating its start/end nodes would fail (auto-creating them is off by default).
    const nodes = items.filter((item) => item.instanceType === "node");
    const edges = items.filter((item) => item.instanceType !== "node");
    const position = new Map(items.map((item, index) => [idKey(item), index]));
    const at = (result: UpsertResult): number => position.get(idKey(result)) ?? items.length;
    return runChunked(
      "upsert",
      [nodes, edges],
      options.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
      async (batch) => {
        const response = await this.client.post<{ items: SlimInstance[] }>(
          "/models/instances",
          { items: batch, ...body },
          options.signal,
        );
        return response.items.map(toResult);
      },
      (a, b) => at(a) - at(b),
    );
  }

  /** Deletes nodes/edges (a node's edges go with it); returns the ids that existed and were deleted. */
  async delete(
    ids: readonly TypedInstanceId[],
    options: { concurrency?: number; signal?: AbortSignal } = {},
  ): Promise<TypedInstanceId[]> {
    if (ids.length === 0) return [];
    return runChunked("delete", [ids], options.concurrency ?? DEFAULT_WRITE_CONCURRENCY, async (batch) => {
      const items = batch.map((id) => ({
        instanceType: id.instanceType,
        space: id.space,
        externalId: id.externalId,
      }));
      const response = await this.client.post<{ items: TypedInstanceId[] }>(
        "/models/instances/delete",
        { items },
        options.signal,
      );
      return response.items;
    });
  }
}
