/** Writes and deletes: chunks of 1000, a bounded pool, results in input order, partial failure reported. */
import { PygenError } from "./_errors.js";
import type { EdgeExternalIdFactory } from "./_flatten.js";
import type { DmsInstanceWrite } from "./_instance.js";
import { chunk, DEFAULT_CONCURRENCY, mapSettled } from "./_pool.js";
import type { InstanceType, TypedInstanceId } from "./_spec.js";
import type { PygenClient } from "./_transport.js";

export const WRITE_CHUNK_SIZE = 1000;

export interface UpsertOptions {
  /** `false` (default): patch the given properties. `true`: properties not given are reset. */
  replace?: boolean;
  autoCreateDirectRelations?: boolean;
  autoCreateStartNodes?: boolean;
  autoCreateEndNodes?: boolean;
  skipOnVersionConflict?: boolean;
  /**
   * The external id of an edge a nested write creates without one. Default `start:type:end`
   * ({@link edgeExternalId}).
   */
  edgeExternalId?: EdgeExternalIdFactory;
  /** Requests in flight at once (each carries up to 1000 items). Default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface DeleteOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

export type UpsertStatus = "created" | "updated" | "unchanged";

/** The outcome of writing one instance. */
export interface InstanceResult extends TypedInstanceId {
  readonly version: number;
  readonly status: UpsertStatus;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
}

/** Per-instance results of an upsert, in input order. */
export class UpsertResult {
  constructor(readonly items: readonly InstanceResult[]) {}

  get created(): InstanceResult[] {
    return this.items.filter((r) => r.status === "created");
  }
  get updated(): InstanceResult[] {
    return this.items.filter((r) => r.status === "updated");
  }
  get unchanged(): InstanceResult[] {
    return this.items.filter((r) => r.status === "unchanged");
  }
}

/** The ids that existed and were deleted, in input order; ids that did not exist are left out. */
export class DeleteResult {
  constructor(readonly items: readonly TypedInstanceId[]) {}
}

export interface FailedChunk<T> {
  /** The items of the failed request, in input order. */
  readonly items: readonly T[];
  readonly error: unknown;
}

function describeFailure(failed: readonly FailedChunk<unknown>[]): string {
  const count = failed.reduce((n, f) => n + f.items.length, 0);
  return `${count} item(s) in ${failed.length} request(s) failed`;
}

/** Some requests of an upsert failed: `succeeded` holds what was written, `failed` what was not and why. */
export class UpsertError extends PygenError {
  override name = "UpsertError";
  constructor(
    readonly succeeded: UpsertResult,
    readonly failed: readonly FailedChunk<DmsInstanceWrite>[],
  ) {
    super(
      `upsert: ${describeFailure(failed)}, ${succeeded.items.length} succeeded (see .succeeded and .failed). ` +
        `First error: ${String(failed[0]?.error)}`,
      { cause: failed[0]?.error },
    );
  }
}

/** Some requests of a delete failed: `succeeded` holds what was deleted. */
export class DeleteError extends PygenError {
  override name = "DeleteError";
  constructor(
    readonly succeeded: DeleteResult,
    readonly failed: readonly FailedChunk<TypedInstanceId>[],
  ) {
    super(
      `delete: ${describeFailure(failed)}, ${succeeded.items.length} instance(s) were deleted ` +
        `(see .succeeded and .failed). First error: ${String(failed[0]?.error)}`,
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

function toResult(raw: SlimInstance): InstanceResult {
  const status: UpsertStatus = !raw.wasModified
    ? "unchanged"
    : raw.createdTime === raw.lastUpdatedTime
      ? "created"
      : "updated";
  return {
    instanceType: raw.instanceType,
    space: raw.space,
    externalId: raw.externalId,
    version: raw.version,
    status,
    createdTime: new Date(raw.createdTime),
    lastUpdatedTime: new Date(raw.lastUpdatedTime),
  };
}

/**
 * Sends `phases` one after another, each in chunks of 1000 with at most `concurrency` requests in flight.
 * Every chunk settles (one failure does not cancel the others).
 */
async function runChunked<T, R>(
  phases: readonly (readonly T[])[],
  concurrency: number | undefined,
  send: (batch: T[]) => Promise<R[]>,
): Promise<{ succeeded: R[]; failed: FailedChunk<T>[] }> {
  const succeeded: R[] = [];
  const failed: FailedChunk<T>[] = [];
  for (const items of phases) {
    const batches = chunk(items, WRITE_CHUNK_SIZE);
    const settled = await mapSettled(batches, concurrency ?? DEFAULT_CONCURRENCY, send);
    settled.forEach((outcome, i) => {
      if (outcome.status === "fulfilled") succeeded.push(...outcome.value);
      else failed.push({ items: batches[i] ?? [], error: outcome.reason });
    });
  }
  return { succeeded, failed };
}

const idKey = (id: TypedInstanceId): string => `${id.instanceType}\u0000${id.space}\u0000${id.externalId}`;

/** Writes instances in the DMS write format; the view APIs validate and convert before calling it. */
export async function upsertInstances(
  client: PygenClient,
  items: readonly DmsInstanceWrite[],
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  if (items.length === 0) return new UpsertResult([]);
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
  const { succeeded, failed } = await runChunked([nodes, edges], options.concurrency, async (batch) => {
    const response = await client.post<{ items: SlimInstance[] }>(
      "/models/instances",
      { items: batch, ...body },
      options.signal,
    );
    return response.items.map(toResult);
  });
  const position = new Map(items.map((item, index) => [idKey(item), index]));
  const at = (result: InstanceResult): number => position.get(idKey(result)) ?? items.length;
  const result = new UpsertResult(succeeded.sort((a, b) => at(a) - at(b)));
  // Always the same error type, whatever the number of requests, so code that catches UpsertError
  // works for 999 items as for 1001; the API error is `cause`.
  if (failed.length > 0) throw new UpsertError(result, failed);
  return result;
}

/** Deletes nodes and edges (a node's edges go with it); the result holds the ids that existed. */
export async function deleteInstances(
  client: PygenClient,
  ids: readonly TypedInstanceId[],
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  if (ids.length === 0) return new DeleteResult([]);
  const { succeeded, failed } = await runChunked([ids], options.concurrency, async (batch) => {
    const items = batch.map((id) => ({
      instanceType: id.instanceType,
      space: id.space,
      externalId: id.externalId,
    }));
    const response = await client.post<{ items: TypedInstanceId[] }>(
      "/models/instances/delete",
      { items },
      options.signal,
    );
    return response.items;
  });
  const result = new DeleteResult(succeeded);
  if (failed.length > 0) throw new DeleteError(result, failed);
  return result;
}
