/** Edges of one edge type that carry no properties (e.g. `installed`): list, upsert, delete. */
import { and, edgeFields, type FilterLike } from "./_filters.js";
import type { EdgeBase, RawInstance } from "./_instance.js";
import { ValidationError } from "./_instance.js";
import { InstancesClient, type UpsertOptions, type UpsertResult } from "./_instances.js";
import { InstancePager, type Page } from "./_pager.js";
import type { InstanceId, TypedInstanceId } from "./_spec.js";
import type { PygenClient } from "./_transport.js";
import { isInstanceId, show, toInstanceId } from "./_values.js";
import { checkLimit, DEFAULT_LIST_LIMIT } from "./_view-api.js";

export interface EdgeListOptions {
  /** Only edges starting at this node (or any of these nodes). */
  startNode?: InstanceId | readonly InstanceId[];
  endNode?: InstanceId | readonly InstanceId[];
  filter?: FilterLike;
  /** Default 25; `null` = all. */
  limit?: number | null;
  signal?: AbortSignal;
}

export interface EdgeWrite {
  space: string;
  externalId: string;
  startNode: InstanceId;
  endNode: InstanceId;
}

function endpoint(field: typeof edgeFields.startNode, ids: InstanceId | readonly InstanceId[]) {
  return Array.isArray(ids) ? field.in(ids as readonly InstanceId[]) : field.equals(ids as InstanceId);
}

export class EdgeTypeAPI {
  readonly instances: InstancesClient;

  constructor(
    readonly client: PygenClient,
    readonly edgeType: InstanceId,
  ) {
    this.instances = new InstancesClient(client);
  }

  async list(options: EdgeListOptions = {}): Promise<EdgeBase[]> {
    const limit = options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit;
    if (limit !== null) checkLimit(limit, Number.MAX_SAFE_INTEGER, "edge list");
    const parts: FilterLike[] = [edgeFields.type.equals(this.edgeType)];
    if (options.startNode !== undefined) parts.push(endpoint(edgeFields.startNode, options.startNode));
    if (options.endNode !== undefined) parts.push(endpoint(edgeFields.endNode, options.endNode));
    if (options.filter !== undefined) parts.push(options.filter);
    const filter = and(...parts);
    const fetchPage = async (cursor: string | null, size: number): Promise<Page<EdgeBase>> => {
      const body: Record<string, unknown> = {
        instanceType: "edge",
        filter,
        limit: size,
        includeTyping: false,
      };
      if (cursor !== null) body.cursor = cursor;
      const response = await this.client.post<{ items: RawInstance[]; nextCursor?: string | null }>(
        "/models/instances/list",
        body,
        options.signal,
      );
      return { items: response.items.map(parseEdge), nextCursor: response.nextCursor ?? null };
    };
    return new InstancePager(fetchPage, 1000, null, limit).toArray();
  }

  async upsert(
    edges: EdgeWrite | readonly EdgeWrite[],
    options: UpsertOptions = {},
  ): Promise<UpsertResult[]> {
    const list = (Array.isArray(edges) ? edges : [edges]) as readonly EdgeWrite[];
    const problems: string[] = [];
    list.forEach((e, i) => {
      for (const key of ["space", "externalId"] as const) {
        if (typeof e[key] !== "string" || e[key] === "")
          problems.push(`items[${i}].${key}: expected a non-empty string, got ${show(e[key])}`);
      }
      for (const key of ["startNode", "endNode"] as const) {
        if (!isInstanceId(e[key]))
          problems.push(`items[${i}].${key}: expected {space, externalId}, got ${show(e[key])}`);
      }
    });
    if (problems.length > 0) throw new ValidationError(problems);
    return this.instances.upsert(
      list.map((e) => ({
        instanceType: "edge" as const,
        space: e.space,
        externalId: e.externalId,
        type: toInstanceId(this.edgeType),
        startNode: toInstanceId(e.startNode),
        endNode: toInstanceId(e.endNode),
      })),
      options,
    );
  }

  delete(ids: readonly InstanceId[], options: { signal?: AbortSignal } = {}): Promise<TypedInstanceId[]> {
    return this.instances.delete(
      ids.map((id) => ({ instanceType: "edge", space: id.space, externalId: id.externalId })),
      options,
    );
  }
}

function parseEdge(raw: RawInstance): EdgeBase {
  const base: EdgeBase = {
    instanceType: "edge",
    space: raw.space,
    externalId: raw.externalId,
    version: raw.version,
    createdTime: new Date(raw.createdTime),
    lastUpdatedTime: new Date(raw.lastUpdatedTime),
    type: toInstanceId(raw.type as InstanceId),
    startNode: toInstanceId(raw.startNode as InstanceId),
    endNode: toInstanceId(raw.endNode as InstanceId),
  };
  return base;
}
