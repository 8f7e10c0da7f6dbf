/**
 * Nested writes → the flat DMS write list (docs/connections.md §5): write objects found in direct
 * relations and edge connections become nodes of their view, edge connections become edges of the
 * connection's type with deterministic external ids. Nodes come first, then edges.
 */
import { codecFor, type DmsInstanceWrite } from "./_instance.js";
import { connectionsOf, type InstanceId, propertiesOf, resolveSpec, type ViewSpec } from "./_spec.js";
import { isInstanceId, show, toInstanceId } from "./_values.js";

/** Builds the external id of an edge a nested write creates (when the edge write does not give one). */
export type EdgeExternalIdFactory = (start: InstanceId, type: InstanceId, end: InstanceId) => string;

export interface FlattenOptions {
  /** Default {@link edgeExternalId}. */
  edgeExternalId?: EdgeExternalIdFactory | undefined;
}

const MAX_EXTERNAL_ID = 255;
const KEEP = MAX_EXTERNAL_ID - 17; // room for ":" and 16 hex digits

/** FNV-1a, 64 bits, over the UTF-8 bytes, as 16 hex digits (pygen-runtime computes the same). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/**
 * The default external id of an edge: `start:type:end` (external ids); over 255 characters, its first
 * 238 characters, `:` and the FNV-1a-64 hash of the whole, so it stays unique and deterministic.
 * Characters are UTF-16 units; a cut that would split a surrogate pair keeps one unit less, so the id
 * never ends in half a character (a lone surrogate is not valid text to send).
 */
export function edgeExternalId(start: InstanceId, type: InstanceId, end: InstanceId): string {
  const full = `${start.externalId}:${type.externalId}:${end.externalId}`;
  if (full.length <= MAX_EXTERNAL_ID) return full;
  const last = full.charCodeAt(KEEP - 1);
  const keep = last >= 0xd800 && last <= 0xdbff ? KEEP - 1 : KEEP;
  return `${full.slice(0, keep)}:${fnv1a64(full)}`;
}

const key = (kind: string, id: InstanceId): string => `${kind}\u0000${id.space}\u0000${id.externalId}`;

/**
 * A value that is itself to be written: an object with an id and something more. `{space, externalId}`
 * alone is a reference, and so is a read object (it has `instanceType`): neither is written again.
 */
function isNestedWrite(value: unknown): value is Record<string, unknown> {
  if (!isInstanceId(value) || "instanceType" in value) return false;
  return Object.keys(value).some((k) => k !== "space" && k !== "externalId");
}

class Flattener {
  readonly nodes: DmsInstanceWrite[] = [];
  readonly edges: DmsInstanceWrite[] = [];
  readonly #seen = new Map<string, { json: string; path: string; nested: boolean }>();
  readonly #factory: EdgeExternalIdFactory;

  constructor(
    readonly problems: string[],
    options: FlattenOptions,
  ) {
    this.#factory = options.edgeExternalId ?? edgeExternalId;
  }

  /**
   * Adds one write. Top-level items go through as given (as before nested writes existed); a nested
   * write whose id was written already is written once if equal, else reported.
   */
  #add(wire: DmsInstanceWrite, path: string, nested: boolean): void {
    const list = wire.instanceType === "edge" ? this.edges : this.nodes;
    if (typeof wire.space !== "string" || typeof wire.externalId !== "string") {
      list.push(wire);
      return;
    }
    const id = key(wire.instanceType, wire);
    const json = JSON.stringify(wire);
    const earlier = this.#seen.get(id);
    if (earlier === undefined) this.#seen.set(id, { json, path, nested });
    else if (nested || earlier.nested) {
      if (earlier.json !== json) {
        this.problems.push(
          `${path}: ${wire.instanceType} ${wire.space}:${wire.externalId} is also written at ${earlier.path}, with other values`,
        );
      }
      return;
    }
    list.push(wire);
  }

  visit(spec: ViewSpec, item: object, path: string, nested: boolean): void {
    const obj = item as Record<string, unknown>;
    this.#add(codecFor(spec).dump(obj, path, this.problems), path, nested);
    for (const [field, property] of Object.entries(propertiesOf(spec))) {
      if (property.type !== "direct" || property.source === undefined) continue;
      const value = obj[field];
      if (value === undefined || value === null) continue;
      const values = property.list && Array.isArray(value) ? value : [value];
      values.forEach((v, i) => {
        if (!isNestedWrite(v)) return;
        const at = property.list ? `${path}.${field}[${i}]` : `${path}.${field}`;
        this.visit(resolveSpec(property.source, `${spec.view.externalId}.${field}.source`), v, at, true);
      });
    }
    for (const [name, connection] of Object.entries(connectionsOf(spec))) {
      const value = obj[name];
      if (value === undefined) continue;
      if (connection.kind === "reverse") {
        this.problems.push(
          `${path}.${name}: a reverse direct relation is read-only; set '${connection.through}' on the other side instead`,
        );
        continue;
      }
      if (value === null) continue;
      if (connection.list && !Array.isArray(value)) {
        this.problems.push(`${path}.${name}: expected an array, got ${show(value)}`);
        continue;
      }
      if (!isInstanceId(obj) || typeof obj.space !== "string") continue; // reported by dump
      const owner = toInstanceId(obj);
      const target = resolveSpec(connection.target, `${spec.view.externalId}.${name}.target`);
      const edgeView =
        connection.edgeView === undefined
          ? null
          : resolveSpec(connection.edgeView, `${spec.view.externalId}.${name}.edgeView`);
      const values: unknown[] = connection.list ? (value as unknown[]) : [value];
      values.forEach((v, i) => {
        const at = connection.list ? `${path}.${name}[${i}]` : `${path}.${name}`;
        const isEdgeWrite = typeof v === "object" && v !== null && "node" in v;
        if (isEdgeWrite && edgeView === null) {
          this.problems.push(
            `${at}: this connection has no edge properties; give the node (an id or a write object), not {node, ...}`,
          );
          return;
        }
        const edge = isEdgeWrite ? (v as Record<string, unknown>) : null;
        const node = edge === null ? v : edge.node;
        const nodePath = edge === null ? at : `${at}.node`;
        if (!isInstanceId(node)) {
          this.problems.push(
            `${nodePath}: expected an id {space, externalId} or a write object, got ${show(node)}`,
          );
          return;
        }
        if (isNestedWrite(node)) this.visit(target, node, nodePath, true);
        const other = toInstanceId(node);
        const outwards = connection.direction === "outwards";
        const startNode = outwards ? owner : other;
        const endNode = outwards ? other : owner;
        const type = toInstanceId(connection.type);
        const space = typeof edge?.space === "string" ? edge.space : owner.space;
        const externalId =
          typeof edge?.externalId === "string" ? edge.externalId : this.#factory(startNode, type, endNode);
        const base: Record<string, unknown> = { space, externalId, type, startNode, endNode };
        if (edge?.existingVersion !== undefined) base.existingVersion = edge.existingVersion;
        let wire: DmsInstanceWrite;
        if (edgeView === null) {
          wire = { instanceType: "edge", space, externalId, type, startNode, endNode };
          if (base.existingVersion !== undefined) wire.existingVersion = base.existingVersion as number;
        } else {
          const { node: _node, ...properties } = edge ?? {};
          wire = codecFor(edgeView).dump({ ...properties, ...base }, at, this.problems);
        }
        this.#add(wire, at, true);
      });
    }
  }
}

/**
 * Flattens write objects of view `spec` into DMS writes: the items, the nodes nested in them (depth
 * first), then the edges. Problems are collected with their paths (`items[0].certifications[1].node.x`).
 */
export function flattenWrites(
  spec: ViewSpec,
  items: readonly object[],
  path: string,
  problems: string[],
  options: FlattenOptions = {},
): DmsInstanceWrite[] {
  const flattener = new Flattener(problems, options);
  items.forEach((item, i) => {
    flattener.visit(spec, item, `${path}[${i}]`, false);
  });
  return [...flattener.nodes, ...flattener.edges];
}
