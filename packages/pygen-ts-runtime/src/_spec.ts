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
  /** Default true. Non-nullable properties are never null when read, and required on write unless `optionalOnWrite`. */
  readonly nullable?: boolean;
  /**
   * Default false. A non-nullable property that CDF fills when a write leaves it out (its container
   * has a default value or auto-increments): optional in `Write<>`, still never null when read.
   */
  readonly optionalOnWrite?: boolean;
  /**
   * Default false. CDF maintains the value (CogniteCore's asset `path`, file `isUploaded`), or another
   * property of the view maps the same container property: left out of `Write<>` and never sent.
   */
  readonly readOnly?: boolean;
  /** Enum value ids (type `enum` only). */
  readonly values?: readonly string[];
  /**
   * Direct relations whose model names a target view: `lazyView<FacilityAPI>(() => FACILITY_VIEW)`.
   * With it, the relation can be expanded (`include`), followed (`query().follow`) and written with a
   * nested write object.
   */
  readonly source?: LazyView<unknown>;
}

declare const LAZY_API: unique symbol;

/**
 * Another view, named lazily: a thunk returning its spec, typed with the view's API class. View
 * modules import each other in cycles (Operator ↔ Equipment), so the spec is read only when a request
 * is built. The API class carries the view's read, write and spec types under a name: the types of
 * mutually recursive specs then resolve lazily (a thunk's inferred return type would make TypeScript
 * infer them eagerly, TS7022), and declaration files name the class instead of inlining specs (TS7056).
 */
// biome-ignore lint/complexity/noBannedTypes: the thunk is typed loosely on purpose (see above)
export type LazyView<API> = Function & { readonly [LAZY_API]?: API };

/** `target: lazyView<EquipmentAPI>(() => EQUIPMENT_VIEW)`: see {@link LazyView}. */
// biome-ignore lint/complexity/noBannedTypes: a parameter typed `() => ViewSpec` would infer the spec eagerly
export function lazyView<API>(thunk: Function): LazyView<API> {
  if (typeof thunk !== "function") {
    throw new TypeError(
      `lazyView(): expected a thunk returning a view spec (() => SOME_VIEW), got ${String(thunk)}.`,
    );
  }
  return thunk as LazyView<API>;
}

/** Edges of `type` leaving (`outwards`) or reaching (`inwards`) a node of the view. */
export interface EdgeConnectionSpec {
  readonly kind: "edge";
  readonly type: InstanceId;
  readonly direction: "outwards" | "inwards";
  readonly list: boolean;
  /** The view of the nodes at the other end. */
  readonly target: LazyView<unknown>;
  /** Edges with properties: the view of the edges. */
  readonly edgeView?: LazyView<unknown>;
}

/** The nodes of `target` whose direct relation `through` (a field of `target`) points at a node of the view. */
export interface ReverseConnectionSpec {
  readonly kind: "reverse";
  /** The field name, in the target view, of the direct relation this one reverses. */
  readonly through: string;
  readonly list: boolean;
  readonly target: LazyView<unknown>;
}

export type ConnectionSpec = EdgeConnectionSpec | ReverseConnectionSpec;

/**
 * A view as the runtime needs it. `properties` holds the view's own properties, keyed by the SDK's
 * field name; the properties of the views it `implements` are inherited (its own win on a clash).
 */
export interface ViewSpec {
  readonly view: ViewId;
  readonly usedFor: InstanceType;
  readonly implements?: readonly ViewSpec[];
  /**
   * The node type the view's filter asks for (`equals` on `["node", "type"]`): a node written through
   * the view gets it when the write object has no `type` (`null` sends none), so the view lists it.
   * As pygen-runtime's write classes, whose `type` defaults to it. Not inherited: a filter is the view's own.
   */
  readonly nodeType?: InstanceId;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** Edges and reverse direct relations, keyed by field name (see `docs/connections.md`). */
  readonly connections?: Readonly<Record<string, ConnectionSpec>>;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

type InheritedProperties<S extends ViewSpec> = S extends { readonly implements: readonly (infer I)[] }
  ? UnionToIntersection<PropertiesOf<I>>
  : unknown;

/** Every property of a view, inherited ones included, keyed by field name. */
export type PropertiesOf<S> = S extends ViewSpec
  ? Omit<InheritedProperties<S>, keyof S["properties"]> & S["properties"]
  : never;

type InheritedConnections<S extends ViewSpec> = S extends { readonly implements: readonly (infer I)[] }
  ? UnionToIntersection<ConnectionsOf<I>>
  : unknown;

type OwnConnections<S> = S extends { readonly connections: infer C } ? C : unknown;

/** Every connection of a view, inherited ones included, keyed by field name. */
export type ConnectionsOf<S> = S extends ViewSpec
  ? Omit<InheritedConnections<S>, keyof OwnConnections<S>> & OwnConnections<S>
  : never;

/** The field names of a view, inherited ones included. */
export type FieldOf<S> = keyof PropertiesOf<S> & string;

type ViewKey<S> = S extends ViewSpec
  ?
      | `${S["view"]["space"]}:${S["view"]["externalId"]}/${S["view"]["version"]}`
      | S["usedFor"]
      | (S extends { readonly implements: readonly (infer I)[] } ? ViewKey<I> : never)
  : never;

/**
 * A type-only mark of which views a filter can be used with: one key per view in the `implements`
 * chain, plus `node` or `edge`. A view's brand has every key of the views it implements, so it is
 * assignable to theirs, and never to the brand of an unrelated view.
 */
export type ViewBrand<S> = { readonly [K in ViewKey<S>]: true };

const merged = new WeakMap<ViewSpec, Readonly<Record<string, PropertySpec>>>();

/** Every property of a view, inherited ones included (computed once per spec). */
export function propertiesOf(spec: ViewSpec): Readonly<Record<string, PropertySpec>> {
  let properties = merged.get(spec);
  if (properties === undefined) {
    const inherited = (spec.implements ?? []).map(propertiesOf);
    properties = Object.assign({}, ...inherited, spec.properties) as Record<string, PropertySpec>;
    merged.set(spec, properties);
  }
  return properties;
}

const mergedConnections = new WeakMap<ViewSpec, Readonly<Record<string, ConnectionSpec>>>();

/** Every connection of a view, inherited ones included (computed once per spec). */
export function connectionsOf(spec: ViewSpec): Readonly<Record<string, ConnectionSpec>> {
  let connections = mergedConnections.get(spec);
  if (connections === undefined) {
    const inherited = (spec.implements ?? []).map(connectionsOf);
    connections = Object.assign({}, ...inherited, spec.connections ?? {}) as Record<string, ConnectionSpec>;
    mergedConnections.set(spec, connections);
  }
  return connections;
}

/** Calls a `target`/`edgeView`/`source` thunk ({@link lazyView}) and checks that it gave a view spec. */
export function resolveSpec(thunk: unknown, where: string): ViewSpec {
  const spec = typeof thunk === "function" ? (thunk as () => unknown)() : undefined;
  const candidate = spec as Partial<ViewSpec> | undefined;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.view?.externalId !== "string" ||
    typeof candidate.properties !== "object"
  ) {
    throw new TypeError(
      `${where}: expected a thunk returning a view spec (() => SOME_VIEW), got ${String(thunk)}.`,
    );
  }
  return candidate as ViewSpec;
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

/** The property id of a field name, or a TypeError that lists the view's fields. */
export function fieldToId(spec: ViewSpec, field: string, what: string): string {
  const properties = propertiesOf(spec);
  const prop = Object.hasOwn(properties, field) ? properties[field] : undefined;
  if (prop === undefined) {
    throw new TypeError(
      `${what}: '${field}' is not a property of view ${viewKey(spec.view)}; use one of: ${Object.keys(properties).join(", ")}.`,
    );
  }
  return prop.id;
}
