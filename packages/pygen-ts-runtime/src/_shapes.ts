/**
 * The read and write types of a view, derived from its spec, so a generated view module declares
 * each property once: `interface Equipment extends Read<typeof EQUIPMENT_VIEW> {}`.
 */
import type { EdgeBase, EdgeWriteBase, NodeBase, NodeWriteBase } from "./_instance.js";
import type { InstanceId, PropertiesOf, PropertySpec } from "./_spec.js";
import type { JsonObject } from "./_values.js";

type EnumValue<P> = P extends { readonly values: readonly (infer E)[] } ? E : string;

/** The value of one property as it is read (lists aside). */
type ReadScalar<P extends PropertySpec> = P["type"] extends "int32" | "int64" | "float32" | "float64"
  ? number
  : P["type"] extends "boolean"
    ? boolean
    : P["type"] extends "timestamp"
      ? Date
      : P["type"] extends "json"
        ? JsonObject
        : P["type"] extends "direct"
          ? InstanceId
          : // Values added to the model after the SDK was generated are read as they are.
            P["type"] extends "enum"
            ? EnumValue<P> | (string & {})
            : string; // text, date (`YYYY-MM-DD`), timeseries, file, sequence

/** The value of one property as it is written (lists aside): dates also as `Date` (their UTC day). */
type WriteScalar<P extends PropertySpec> = P["type"] extends "date"
  ? string | Date
  : P["type"] extends "enum"
    ? EnumValue<P>
    : ReadScalar<P>;

type Value<P extends PropertySpec, V> = P extends { readonly list: true } ? V[] : V;
type Required<P> = P extends { readonly nullable: false } ? true : false;

type ReadProperties<Ps> = {
  readonly [K in keyof Ps]: Ps[K] extends PropertySpec
    ? Required<Ps[K]> extends true
      ? Value<Ps[K], ReadScalar<Ps[K]>>
      : Value<Ps[K], ReadScalar<Ps[K]>> | null
    : never;
};

type WriteProperties<Ps> = {
  -readonly [K in keyof Ps as Required<Ps[K]> extends true ? K : never]: Ps[K] extends PropertySpec
    ? Value<Ps[K], WriteScalar<Ps[K]>>
    : never;
} & {
  -readonly [K in keyof Ps as Required<Ps[K]> extends true ? never : K]?: Ps[K] extends PropertySpec
    ? Value<Ps[K], WriteScalar<Ps[K]>> | null
    : never;
};

/**
 * A node or edge read through view `S`. A required (non-nullable) property is never null: a node
 * read through its view has data in it.
 */
export type Read<S extends { readonly usedFor: "node" | "edge" }> = (S["usedFor"] extends "edge"
  ? EdgeBase
  : NodeBase) &
  ReadProperties<PropertiesOf<S>>;

/**
 * A node or edge to write through view `S`. A property left out is not sent (CDF keeps the stored
 * value); `null` is sent (CDF clears it). Required properties must be given.
 */
export type Write<S extends { readonly usedFor: "node" | "edge" }> = (S["usedFor"] extends "edge"
  ? EdgeWriteBase
  : NodeWriteBase) &
  WriteProperties<PropertiesOf<S>>;
