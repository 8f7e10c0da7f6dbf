/** Read and write shapes of nodes and edges, and the codec that maps them to and from the wire. */
import { PygenError } from "./_errors.js";
import type { InstanceId, ViewSpec } from "./_spec.js";
import { propertiesOf, viewKey, viewReference } from "./_spec.js";
import {
  type Decoder,
  decoderFor,
  encodeValue,
  isInstanceId,
  show,
  toInstanceId,
  ValueError,
} from "./_values.js";

interface InstanceBase {
  readonly space: string;
  readonly externalId: string;
  readonly version: number;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  /** Only on soft-deleted instances from sync. */
  readonly deletedTime?: Date;
}

/** Fields every read node has; `Read<typeof SPEC>` adds the properties of a view. */
export interface NodeBase extends InstanceBase {
  readonly instanceType: "node";
  readonly type: InstanceId | null;
}

/** Fields every read edge has. */
export interface EdgeBase extends InstanceBase {
  readonly instanceType: "edge";
  readonly type: InstanceId;
  readonly startNode: InstanceId;
  readonly endNode: InstanceId;
}

/**
 * Fields every node write has. In generated write interfaces a property left out is not sent
 * (CDF keeps the stored value); a property set to `null` is sent as null (CDF clears it).
 */
export interface NodeWriteBase {
  space: string;
  externalId: string;
  existingVersion?: number;
  type?: InstanceId | null;
}

export interface EdgeWriteBase {
  space: string;
  externalId: string;
  existingVersion?: number;
  type: InstanceId;
  startNode: InstanceId;
  endNode: InstanceId;
}

/** The DMS write format (`POST /models/instances` items). */
export interface DmsInstanceWrite {
  instanceType: "node" | "edge";
  space: string;
  externalId: string;
  existingVersion?: number;
  type?: InstanceId | null;
  startNode?: InstanceId;
  endNode?: InstanceId;
  sources?: Array<{ source: ReturnType<typeof viewReference>; properties: Record<string, unknown> }>;
}

/** Client-side validation failure, raised before any request is sent. */
export class ValidationError extends PygenError {
  override name = "ValidationError";
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} invalid value${problems.length === 1 ? "" : "s"}; nothing was sent:\n  ` +
        problems.slice(0, 20).join("\n  ") +
        (problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : ""),
    );
  }
}

interface Field {
  name: string;
  id: string;
  decode: Decoder | null;
}

/** Per-view reader/writer, built once per view spec. */
export class ViewCodec {
  readonly #spec: ViewSpec;
  readonly #key: string;
  readonly #fields: Field[];
  /** Property id → field, for the properties an instance carries (usually a few of the view's). */
  readonly #byId: Readonly<Record<string, Field | undefined>>;
  /**
   * Every read object starts as a copy of this one: all fields present (`null`), in one fixed order,
   * so the objects of a view share one hidden class, copying it is one fast clone, and parsing then
   * touches only the properties on the wire (issue 14 item 15: setting the 20-odd absent fields one
   * by one on each object cost more than JSON.parse itself).
   */
  readonly #template: Readonly<Record<string, unknown>>;

  constructor(spec: ViewSpec) {
    this.#spec = spec;
    this.#key = viewKey(spec.view);
    this.#fields = Object.entries(propertiesOf(spec)).map(([name, p]) => ({
      name,
      id: p.id,
      decode: decoderFor(p),
    }));
    const byId: Record<string, Field> = Object.create(null);
    for (const f of this.#fields) byId[f.id] = f;
    this.#byId = byId;
    const base = ["instanceType", "space", "externalId", "version", "createdTime", "lastUpdatedTime", "type"];
    if (spec.usedFor === "edge") base.push("startNode", "endNode");
    // Built at once (not key by key), so V8 gives it the in-object layout its clones copy fastest.
    this.#template = Object.fromEntries([...base, ...this.#fields.map((f) => f.name)].map((k) => [k, null]));
  }

  /** Whether a raw instance carries data for this view. */
  hasData(raw: RawInstance): boolean {
    return raw.properties?.[this.#spec.view.space]?.[this.#key] !== undefined;
  }

  /** Raw wire instance → read object: property ids become field names; unknown properties are ignored. */
  parse(raw: RawInstance): Record<string, unknown> {
    const out = { ...this.#template };
    out.instanceType = raw.instanceType;
    out.space = raw.space;
    out.externalId = raw.externalId;
    out.version = raw.version;
    out.createdTime = new Date(raw.createdTime);
    out.lastUpdatedTime = new Date(raw.lastUpdatedTime);
    if (raw.type) out.type = toInstanceId(raw.type);
    if (raw.instanceType === "edge") {
      out.startNode = raw.startNode ? toInstanceId(raw.startNode) : null;
      out.endNode = raw.endNode ? toInstanceId(raw.endNode) : null;
    }
    if (raw.deletedTime !== undefined) out.deletedTime = new Date(raw.deletedTime);
    const props = raw.properties?.[this.#spec.view.space]?.[this.#key];
    if (props === undefined) return out;
    for (const id in props) {
      const f = this.#byId[id];
      if (f === undefined) continue; // a property the SDK does not know (added to the view later)
      const value = props[id];
      out[f.name] = f.decode === null ? (value ?? null) : f.decode(value);
    }
    return out;
  }

  /** Write object → DMS write item; collects every problem with its path (`items[3].priority: ...`). */
  dump(item: object, path: string, problems: string[]): DmsInstanceWrite {
    const obj = item as Record<string, unknown>;
    const kind = this.#spec.usedFor;
    for (const key of ["space", "externalId"] as const) {
      if (typeof obj[key] !== "string" || obj[key] === "") {
        problems.push(`${path}.${key}: expected a non-empty string, got ${show(obj[key])}`);
      }
    }
    const out: DmsInstanceWrite = {
      instanceType: kind,
      space: obj.space as string,
      externalId: obj.externalId as string,
    };
    if (obj.existingVersion !== undefined) {
      if (typeof obj.existingVersion !== "number" || !Number.isInteger(obj.existingVersion)) {
        problems.push(`${path}.existingVersion: expected an integer, got ${show(obj.existingVersion)}`);
      }
      out.existingVersion = obj.existingVersion as number;
    }
    const refs = kind === "edge" ? (["type", "startNode", "endNode"] as const) : (["type"] as const);
    for (const key of refs) {
      const value = obj[key];
      if (value === undefined || (value === null && kind === "node")) {
        if (kind === "edge")
          problems.push(`${path}.${key}: required for an edge, expected {space, externalId}`);
        else if (value === null) out.type = null;
        continue;
      }
      if (!isInstanceId(value)) {
        problems.push(`${path}.${key}: expected {space, externalId}, got ${show(value)}`);
        continue;
      }
      out[key] = toInstanceId(value);
    }
    // The view filter's node type (spec.nodeType) when the caller gives no type: without it the view
    // would not list the node. An explicit `type` (or `null`) wins.
    if (kind === "node" && obj.type === undefined && this.#spec.nodeType !== undefined) {
      out.type = toInstanceId(this.#spec.nodeType);
    }
    const properties: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(propertiesOf(this.#spec))) {
      if (!(name in obj) || obj[name] === undefined) continue; // absent: leave the stored value alone
      if (spec.readOnly) {
        // As pygen-runtime's write classes (no such field): CDF would reject it, or it would overwrite
        // the container slot another field of the view writes.
        problems.push(`${path}.${name}: is read-only (CDF maintains it); leave it out of writes`);
        continue;
      }
      try {
        properties[spec.id] = encodeValue(spec, obj[name]);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        const sep = error.message.startsWith("[") || error.message.startsWith(".") ? "" : ": ";
        problems.push(`${path}.${name}${sep}${error.message}`);
      }
    }
    out.sources = [{ source: viewReference(this.#spec.view), properties }];
    return out;
  }
}

/** A raw edge → its read form (edges read without a view: `InstanceClient.edges`). */
export function parseEdge(raw: RawInstance): EdgeBase {
  return {
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
}

/** The wire shape of a node or edge (dms-api.md §2.1). */
export interface RawInstance {
  instanceType: "node" | "edge";
  space: string;
  externalId: string;
  version: number;
  createdTime: number;
  lastUpdatedTime: number;
  deletedTime?: number;
  type?: InstanceId;
  startNode?: InstanceId;
  endNode?: InstanceId;
  properties?: Record<string, Record<string, Record<string, unknown>>>;
}

const codecs = new WeakMap<ViewSpec, ViewCodec>();

export function codecFor(spec: ViewSpec): ViewCodec {
  let codec = codecs.get(spec);
  if (codec === undefined) {
    codec = new ViewCodec(spec);
    codecs.set(spec, codec);
  }
  return codec;
}
