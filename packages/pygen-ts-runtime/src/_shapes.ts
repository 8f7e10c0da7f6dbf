/**
 * The read and write types of a view, derived from its spec, so a generated view module declares
 * each property once: `interface Equipment extends Read<typeof EQUIPMENT_VIEW> {}`.
 */
import type { Filter } from "./_filters.js";
import type { EdgeBase, EdgeWriteBase, NodeBase, NodeWriteBase } from "./_instance.js";
import type { SortSpec } from "./_sort.js";
import type {
  ConnectionsOf,
  FieldOf,
  InstanceId,
  LazyView,
  PropertiesOf,
  PropertySpec,
  ViewBrand,
} from "./_spec.js";
import type { JsonObject } from "./_values.js";
import type { VIEW_TYPES } from "./_view-api.js";

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
          ? // expanded (`include`), a direct relation with a target view holds the target's read object
            P extends { readonly source: infer T }
            ? InstanceId | ReadOfView<T>
            : InstanceId
          : // Values added to the model after the SDK was generated are read as they are.
            P["type"] extends "enum"
            ? EnumValue<P> | (string & {})
            : string; // text, date (`YYYY-MM-DD`), timeseries, file, sequence

/**
 * The value of one property as it is written (lists aside): dates also as `Date` (their UTC day); a
 * direct relation with a target view also as a write object of that view (a nested write).
 */
type WriteScalar<P extends PropertySpec> = P["type"] extends "date"
  ? string | Date
  : P["type"] extends "enum"
    ? EnumValue<P>
    : P["type"] extends "direct"
      ? P extends { readonly source: infer T }
        ? InstanceId | WriteOfView<T>
        : InstanceId
      : ReadScalar<P>;

type Value<P extends PropertySpec, V> = P extends { readonly list: true } ? V[] : V;
type NotNull<P> = P extends { readonly nullable: false } ? true : false;
/** Writes must give it: not nullable, and CDF has no default or auto-increment to fill it. */
type RequiredOnWrite<P> =
  NotNull<P> extends true ? (P extends { readonly optionalOnWrite: true } ? false : true) : false;
type Writable<P> = P extends { readonly readOnly: true } ? false : true;

type ReadProperties<Ps> = {
  readonly [K in keyof Ps]: Ps[K] extends PropertySpec
    ? NotNull<Ps[K]> extends true
      ? Value<Ps[K], ReadScalar<Ps[K]>>
      : Value<Ps[K], ReadScalar<Ps[K]>> | null
    : never;
};

/** Read-only properties are left out; `null` (clear the value) only where the property is nullable. */
type WriteProperties<Ps> = {
  -readonly [K in keyof Ps as Writable<Ps[K]> extends true
    ? RequiredOnWrite<Ps[K]> extends true
      ? K
      : never
    : never]: Ps[K] extends PropertySpec ? Value<Ps[K], WriteScalar<Ps[K]>> : never;
} & {
  -readonly [K in keyof Ps as Writable<Ps[K]> extends true
    ? RequiredOnWrite<Ps[K]> extends true
      ? never
      : K
    : never]?: Ps[K] extends PropertySpec
    ? NotNull<Ps[K]> extends true
      ? Value<Ps[K], WriteScalar<Ps[K]>>
      : Value<Ps[K], WriteScalar<Ps[K]>> | null
    : never;
};

type ApiOf<L> = L extends LazyView<infer A> ? A : never;
/** The read type of a view named by `lazyView<API>` (the API's `TRead`). */
type ReadOfView<L> = ApiOf<L> extends { readonly [VIEW_TYPES]?: { readonly read: infer R } } ? R : never;
/** The write type of a view named by `lazyView<API>` (the API's `TWrite`). */
type WriteOfView<L> = ApiOf<L> extends { readonly [VIEW_TYPES]?: { readonly write: infer W } } ? W : never;
/** The spec of a view named by `lazyView<API>`. */
type SpecOfView<L> = ApiOf<L> extends { readonly spec: infer S } ? S : never;

/** The spec of the view a link leads to. */
type TargetOf<C> = C extends { readonly target: infer T } ? SpecOfView<T> : never;
type TargetRead<C> = C extends { readonly target: infer T } ? ReadOfView<T> : never;
type TargetWrite<C> = C extends { readonly target: infer T } ? WriteOfView<T> : never;
type EdgeViewOf<C> = C extends { readonly edgeView: infer E } ? E : never;
type IsList<C> = C extends { readonly list: true } ? true : false;

/** An edge with properties, as a connection reads it: the edge's fields and `node`, the node at the other end. */
export type ConnectionEdge<E, N> = E & { readonly node: N };

/**
 * An edge with properties, as a nested write gives it: the edge view's properties and `node` (an id or
 * a write object). `space` defaults to the owner's space, `externalId` to `edgeExternalId(start, type, end)`.
 */
export type ConnectionEdgeWrite<E, N> = E & {
  node: InstanceId | N;
  space?: string;
  externalId?: string;
  existingVersion?: number;
};

type ConnectionItem<C> = [EdgeViewOf<C>] extends [never]
  ? TargetRead<C>
  : ConnectionEdge<ReadOfView<EdgeViewOf<C>>, TargetRead<C>>;

/**
 * Connection fields are optional: absent = not fetched. Fetched: `null` or `[]` = none, else ids
 * (`include: { x: "ids" }`) or read objects. Every read object is an `InstanceId`, so `.externalId`
 * needs no narrowing.
 */
type ReadConnections<Cs> = {
  readonly [K in keyof Cs]?: IsList<Cs[K]> extends true
    ? (ConnectionItem<Cs[K]> | InstanceId)[]
    : ConnectionItem<Cs[K]> | InstanceId | null;
};

type EdgePropertiesWrite<E> = WriteProperties<PropertiesOf<SpecOfView<E>>>;

type WriteConnectionItem<C> =
  | InstanceId
  | TargetWrite<C>
  | ([EdgeViewOf<C>] extends [never]
      ? never
      : ConnectionEdgeWrite<EdgePropertiesWrite<EdgeViewOf<C>>, TargetWrite<C>>);

/** Edge connections can be written (reverse direct relations are written on the other side). */
type WriteConnections<Cs> = {
  -readonly [K in keyof Cs as Cs[K] extends { readonly kind: "edge" } ? K : never]?: IsList<
    Cs[K]
  > extends true
    ? readonly WriteConnectionItem<Cs[K]>[]
    : WriteConnectionItem<Cs[K]>;
};

/**
 * A node or edge read through view `S`. A required (non-nullable) property is never null: a node
 * read through its view has data in it.
 */
export type Read<S extends { readonly usedFor: "node" | "edge" }> = (S["usedFor"] extends "edge"
  ? EdgeBase
  : NodeBase) &
  ReadProperties<PropertiesOf<S>> &
  ReadConnections<ConnectionsOf<S>>;

/**
 * A node or edge to write through view `S`. A property left out is not sent (CDF keeps the stored
 * value, or fills its default); `null` is sent (CDF clears it). Required properties (not nullable,
 * no default) must be given; read-only ones are not part of it.
 */
export type Write<S extends { readonly usedFor: "node" | "edge" }> = (S["usedFor"] extends "edge"
  ? EdgeWriteBase
  : NodeWriteBase) &
  WriteProperties<PropertiesOf<S>> &
  WriteConnections<ConnectionsOf<S>>;

/** Direct relations with a target view, as links that `include` and `follow` accept. */
type DirectLinks<Ps> = {
  readonly [K in keyof Ps as Ps[K] extends { readonly type: "direct"; readonly source: unknown }
    ? K
    : never]: {
    readonly kind: "direct";
    readonly list: IsList<Ps[K]>;
    readonly target: Ps[K] extends { readonly source: infer T } ? T : never;
  };
};

/** Everything that can be expanded or followed from view `S`: its connections and its direct relations with a target. */
export type LinksOf<S> = ConnectionsOf<S> & DirectLinks<PropertiesOf<S>>;

/** The name of a connection (or direct relation with a target) of view `S`. */
export type LinkName<S> = keyof LinksOf<S> & string;

/** The spec of the view a link of `S` leads to. */
export type LinkTarget<S, K> = K extends keyof LinksOf<S> ? TargetOf<LinksOf<S>[K]> : never;
/** The read type of the view a link of `S` leads to. */
export type LinkRead<S, K> = K extends keyof LinksOf<S> ? TargetRead<LinksOf<S>[K]> : never;

export type EdgeBrandOf<C> = [EdgeViewOf<C>] extends [never]
  ? { readonly edge: true }
  : ViewBrand<SpecOfView<EdgeViewOf<C>>>;

/** The names of the edge connections of view `S`. */
export type EdgeConnectionName<S> = {
  [K in keyof ConnectionsOf<S>]: ConnectionsOf<S>[K] extends { readonly kind: "edge" } ? K : never;
}[keyof ConnectionsOf<S>] &
  string;

/** An edge of connection `C` as `edges()` reads it: its edge view's read type, or `EdgeBase`. */
export type EdgeOf<C> = [EdgeViewOf<C>] extends [never] ? EdgeBase : ReadOfView<EdgeViewOf<C>>;

/** Filters, sort and limit of one hop (`include` entries and `query().follow`). */
export interface HopOptions<C> {
  /** A filter on the view the hop leads to. */
  filter?: Filter<ViewBrand<TargetOf<C>>>;
  /** Edge connections: a filter on the edges (their view's properties, or `edgeFields`). */
  edgeFilter?: Filter<EdgeBrandOf<C>>;
  sort?: SortSpec<FieldOf<TargetOf<C>>> | readonly SortSpec<FieldOf<TargetOf<C>>>[];
  /** At most this many instances at this hop in total. Default: all (nothing is cut silently). */
  limit?: number | null;
}

/** One `include` entry: `true` (full objects), `"ids"`, or hop options with a nested `include`. */
export type IncludeValue<C> = true | "ids" | (HopOptions<C> & { include?: Include<TargetOf<C>> });

/** What to expand on the results of view `S`: `{ certifications: true, managedFacility: "ids" }`. */
export type Include<S> = { readonly [K in keyof LinksOf<S>]?: IncludeValue<LinksOf<S>[K]> };

type SubInclude<M> = M extends { readonly include: infer J } ? J : Record<never, never>;
type ExpandedNode<C, M> = Expanded<TargetRead<C>, TargetOf<C>, SubInclude<M>>;
type ExpandedItem<C, M> = [EdgeViewOf<C>] extends [never]
  ? ExpandedNode<C, M>
  : ConnectionEdge<ReadOfView<EdgeViewOf<C>>, ExpandedNode<C, M>>;
type ExpandedValue<C, M> = M extends "ids"
  ? IsList<C> extends true
    ? InstanceId[]
    : InstanceId | null
  : IsList<C> extends true
    ? ExpandedItem<C, M>[]
    : ExpandedItem<C, M> | null;

/** A read type `R` of view `S` with the links named in `I` fetched (typed as asked: ids or objects). */
export type Expanded<R, S, I> = [keyof I] extends [never]
  ? R
  : Omit<R, keyof I> & {
      readonly [K in keyof I & keyof LinksOf<S>]: ExpandedValue<LinksOf<S>[K], I[K]>;
    };
