/** The client generated SDKs extend: owns the transport, creates one API per view on first use, writes across views. */
import type { ClientConfig, ClientConfigOptions } from "./_config.js";
import { and, edgeFields, type Filter } from "./_filters.js";
import {
  type DmsInstanceWrite,
  type EdgeBase,
  type EdgeWriteBase,
  parseEdge,
  type RawInstance,
  ValidationError,
} from "./_instance.js";
import {
  type DeleteOptions,
  type DeleteResult,
  deleteInstances,
  type UpsertOptions,
  type UpsertResult,
  upsertInstances,
} from "./_instances.js";
import { InstancePager, type Page } from "./_pager.js";
import type { InstanceId, InstanceType } from "./_spec.js";
import { PygenClient } from "./_transport.js";
import { isInstanceId, show, toInstanceId } from "./_values.js";
import {
  type AnyViewFields,
  checkLimit,
  DEFAULT_LIST_LIMIT,
  type IdLike,
  type SingleId,
  toTypedId,
  ViewAPI,
} from "./_view-api.js";

// biome-ignore lint/suspicious/noExplicitAny: any view API
type AnyViewAPI = ViewAPI<any, any, AnyViewFields>;

/**
 * What `upsert` takes: per view API of the client (by its property name) a list of write objects, and
 * `edges` without properties (edges of a view with properties go under that view).
 */
export type Writes<Client> = {
  readonly [K in keyof Client as Client[K] extends AnyViewAPI ? K : never]?: Client[K] extends ViewAPI<
    unknown,
    infer W,
    AnyViewFields
  >
    ? readonly W[]
    : never;
} & { readonly edges?: readonly EdgeWriteBase[] };

export interface EdgesOptions {
  /** The edge type, e.g. `INSTALLED`. */
  type?: InstanceId;
  /** Only edges starting at this node (or any of these nodes). */
  startNode?: InstanceId | readonly InstanceId[];
  endNode?: InstanceId | readonly InstanceId[];
  filter?: Filter<{ readonly edge: true }>;
  /** Default 25; `null` = all; `0` = none. */
  limit?: number | null;
  signal?: AbortSignal;
}

function endpoint(field: typeof edgeFields.startNode, ids: InstanceId | readonly InstanceId[]) {
  return Array.isArray(ids) ? field.in(ids as readonly InstanceId[]) : field.equals(ids as InstanceId);
}

function edgeToWire(edge: EdgeWriteBase, path: string, problems: string[]): DmsInstanceWrite {
  for (const key of ["space", "externalId"] as const) {
    if (typeof edge[key] !== "string" || edge[key] === "")
      problems.push(`${path}.${key}: expected a non-empty string, got ${show(edge[key])}`);
  }
  for (const key of ["type", "startNode", "endNode"] as const) {
    if (!isInstanceId(edge[key]))
      problems.push(`${path}.${key}: expected {space, externalId}, got ${show(edge[key])}`);
  }
  if (problems.length > 0) return { instanceType: "edge", space: edge.space, externalId: edge.externalId };
  return {
    instanceType: "edge",
    space: edge.space,
    externalId: edge.externalId,
    type: toInstanceId(edge.type),
    startNode: toInstanceId(edge.startNode),
    endNode: toInstanceId(edge.endNode),
  };
}

/**
 * The base of a generated client: `class ExampleClient extends InstanceClient` adds one getter per
 * view (`get equipment() { return this.view(EquipmentAPI); }`).
 */
export class InstanceClient {
  /** The transport every API of this client goes through. */
  readonly client: PygenClient;
  readonly #apis = new Map<unknown, unknown>();

  constructor(config: PygenClient | ClientConfig | ClientConfigOptions) {
    this.client = config instanceof PygenClient ? config : new PygenClient(config);
  }

  /** The API of one view, created on first use. */
  protected view<T>(api: new (client: PygenClient) => T): T {
    let instance = this.#apis.get(api) as T | undefined;
    if (instance === undefined) {
      instance = new api(this.client);
      this.#apis.set(api, instance);
    }
    return instance;
  }

  /**
   * Writes instances of several views in one go: `upsert({ equipment: [...], operator: [...] })`.
   * Every item is validated first (nothing is sent if one is invalid); nodes go before edges, in
   * chunks of 1000 on a bounded pool; results follow the order of the keys, then of each list.
   */
  async upsert(items: Writes<this>, options: UpsertOptions = {}): Promise<UpsertResult> {
    const wire: DmsInstanceWrite[] = [];
    const problems: string[] = [];
    for (const [key, list] of Object.entries(items as Record<string, readonly object[] | undefined>)) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new TypeError(`upsert: '${key}' must be an array, got ${show(list)}.`);
      if (key === "edges") {
        list.forEach((edge, i) => {
          wire.push(edgeToWire(edge as EdgeWriteBase, `edges[${i}]`, problems));
        });
        continue;
      }
      const api = (this as unknown as Record<string, unknown>)[key];
      if (!(api instanceof ViewAPI)) throw new TypeError(`upsert: '${key}' is not a view of this client.`);
      try {
        wire.push(...(api as AnyViewAPI).toWire(list, key, options));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return upsertInstances(this.client, wire, options);
  }

  /**
   * Deletes nodes, or edges (`instanceType: "edge"`, or pass read edges); a node's edges go with it.
   * Ids that do not exist are skipped; the result holds the ids that existed.
   */
  async delete(
    ids: SingleId | readonly IdLike[],
    options: DeleteOptions & { space?: string; instanceType?: InstanceType } = {},
  ): Promise<DeleteResult> {
    const list = Array.isArray(ids) ? (ids as readonly IdLike[]) : [ids as SingleId];
    const typed = list.map((id) => toTypedId(id, options.space, options.instanceType ?? "node"));
    return deleteInstances(this.client, typed, options);
  }

  /**
   * Edges by type and/or endpoints, without properties: the edges of a connection that has no edge
   * view (`edges({ type: INSTALLED, startNode: operator })`). Edges with properties are read through
   * their view's API.
   */
  async edges(options: EdgesOptions = {}): Promise<EdgeBase[]> {
    const limit = checkLimit(options.limit === undefined ? DEFAULT_LIST_LIMIT : options.limit);
    const parts: Filter<{ readonly edge: true }>[] = [];
    if (options.type !== undefined) parts.push(edgeFields.type.equals(options.type));
    if (options.startNode !== undefined) parts.push(endpoint(edgeFields.startNode, options.startNode));
    if (options.endNode !== undefined) parts.push(endpoint(edgeFields.endNode, options.endNode));
    if (options.filter !== undefined) parts.push(options.filter);
    const base: Record<string, unknown> = { instanceType: "edge", includeTyping: false };
    if (parts.length > 0) base.filter = and(...parts).dms;
    const fetchPage = async (cursor: string | null, size: number): Promise<Page<EdgeBase>> => {
      const body = cursor === null ? { ...base, limit: size } : { ...base, limit: size, cursor };
      const response = await this.client.post<{ items: RawInstance[]; nextCursor?: string | null }>(
        "/models/instances/list",
        body,
        options.signal,
      );
      return { items: response.items.map(parseEdge), nextCursor: response.nextCursor ?? null };
    };
    return new InstancePager(fetchPage, 1000, null, limit).toArray();
  }
}
