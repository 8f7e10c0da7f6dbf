/** The data a generated view module hands the runtime: ids, property ids ↔ field names, types. */

export interface ViewId {
  readonly space: string;
  readonly externalId: string;
  readonly version: string;
}

/** A node or edge id. Read instances satisfy it, so they can be passed wherever an id is expected. */
export interface InstanceId {
  readonly space: string;
  readonly externalId: string;
}

export type InstanceType = "node" | "edge";

export interface TypedInstanceId extends InstanceId {
  readonly instanceType: InstanceType;
}

export type PropertyType =
  | "text"
  | "int32"
  | "int64"
  | "float32"
  | "float64"
  | "boolean"
  | "timestamp"
  | "date"
  | "json"
  | "direct"
  | "enum"
  | "timeseries"
  | "file"
  | "sequence";

export interface PropertySpec {
  /** The property identifier in CDF (the wire name). */
  readonly id: string;
  readonly type: PropertyType;
  /** Default false. */
  readonly list?: boolean;
  /** Default true. Non-nullable properties are required when creating an instance. */
  readonly nullable?: boolean;
  /** Enum value ids (type `enum` only). */
  readonly values?: readonly string[];
}

/** A view as the runtime needs it; `properties` is keyed by the SDK's field name. */
export interface ViewSpec {
  readonly view: ViewId;
  readonly usedFor: InstanceType;
  readonly properties: Readonly<Record<string, PropertySpec>>;
}

export function viewKey(view: ViewId): string {
  return `${view.externalId}/${view.version}`;
}

export function viewReference(view: ViewId): {
  type: "view";
  space: string;
  externalId: string;
  version: string;
} {
  return { type: "view", space: view.space, externalId: view.externalId, version: view.version };
}

export function propertyRef(view: ViewId, propertyId: string): [string, string, string] {
  return [view.space, viewKey(view), propertyId];
}

/** Field name → property spec lookups, computed once per view. */
export function fieldToId(spec: ViewSpec, field: string, what: string): string {
  const prop = spec.properties[field];
  if (prop === undefined) {
    throw new TypeError(
      `${what}: '${field}' is not a property of view ${viewKey(spec.view)}; use one of: ${Object.keys(spec.properties).join(", ")}.`,
    );
  }
  return prop.id;
}
