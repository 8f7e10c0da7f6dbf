/**
 * The DMS filter language as typed data, and typed per-property builders that compose with
 * `and` / `or` / `not` (functions, or the methods `a.and(b)`, `a.or(b)`, `a.not()`).
 *
 * A filter is tied to the views it can be used with by a type-only brand (see {@link ViewBrand}): a
 * filter built from `FacilityFields` is a type error in `client.equipment.list`, while filters on
 * Equipment's own fields, on the fields of views Equipment implements, on node fields, and
 * {@link rawFilter} are accepted.
 */
import type { InstanceId, PropertiesOf, PropertySpec, ViewBrand, ViewId, ViewSpec } from "./_spec.js";
import { propertiesOf, propertyRef } from "./_spec.js";
import { encodeFilterValue } from "./_values.js";
export type PropertyReference = readonly string[];
export type RawFilterValue =
  | string
  | number
  | boolean
  | { readonly [key: string]: unknown }
  | readonly unknown[];

export interface RangeBounds<V> {
  gt?: V;
  gte?: V;
  lt?: V;
  lte?: V;
}

/** Every DMS filter (dms-api.md §4.2), as plain JSON data: the raw escape hatch. */
export type DmsFilter =
  | { and: DmsFilter[] }
  | { or: DmsFilter[] }
  | { not: DmsFilter }
  | { equals: { property: PropertyReference; value: RawFilterValue } }
  | { in: { property: PropertyReference; values: RawFilterValue[] } }
  | { range: { property: PropertyReference } & RangeBounds<string | number> }
  | { prefix: { property: PropertyReference; value: RawFilterValue } }
  | { exists: { property: PropertyReference } }
  | { containsAny: { property: PropertyReference; values: RawFilterValue[] } }
  | { containsAll: { property: PropertyReference; values: RawFilterValue[] } }
  | { matchAll: Record<string, never> }
  | { nested: { scope: PropertyReference; filter: DmsFilter } }
  | {
      overlaps: { startProperty: PropertyReference; endProperty: PropertyReference } & RangeBounds<
        string | number
      >;
    }
  | { hasData: Array<{ type: "view" | "container"; space: string; externalId: string; version?: string }> }
  | { instanceReferences: InstanceId[] };

declare const brand: unique symbol;

/**
 * A composable filter. `JSON.stringify(filter)` gives the DMS JSON. `V` is the brand of the views it
 * can be used with; a filter is accepted where `Filter<B>` is expected when `B` is assignable to `V`
 * (the phantom member below makes `V` contravariant). A bare `Filter` is any filter.
 */
export class Filter<V = never> {
  declare readonly [brand]?: (view: V) => void;

  constructor(readonly dms: DmsFilter) {}

  and<W>(...others: Filter<W>[]): Filter<V & W> {
    return and<V & W>(this as Filter<V & W>, ...(others as Filter<V & W>[]));
  }
  or<W>(...others: Filter<W>[]): Filter<V & W> {
    return or<V & W>(this as Filter<V & W>, ...(others as Filter<V & W>[]));
  }
  not(): Filter<V> {
    return not(this);
  }
  toJSON(): DmsFilter {
    return this.dms;
  }
}

function flatten(kind: "and" | "or", filters: readonly Filter[]): DmsFilter[] {
  const out: DmsFilter[] = [];
  for (const f of filters) {
    if (!(f instanceof Filter)) {
      throw new TypeError(
        `${kind}(): expected filters, got ${JSON.stringify(f)}; wrap raw JSON in rawFilter().`,
      );
    }
    if (kind in f.dms) out.push(...(f.dms as Record<typeof kind, DmsFilter[]>)[kind]);
    else out.push(f.dms);
  }
  return out;
}

/** All of the filters. Filters of different views combine when one view implements the other. */
export function and<V>(...filters: Filter<V>[]): Filter<V> {
  if (filters.length === 0) throw new TypeError("and() needs at least one filter.");
  const parts = flatten("and", filters);
  return new Filter(parts.length === 1 ? (parts[0] as DmsFilter) : { and: parts });
}

/** Any of the filters. */
export function or<V>(...filters: Filter<V>[]): Filter<V> {
  if (filters.length === 0) throw new TypeError("or() needs at least one filter.");
  const parts = flatten("or", filters);
  return new Filter(parts.length === 1 ? (parts[0] as DmsFilter) : { or: parts });
}

export function not<V>(filter: Filter<V>): Filter<V> {
  if (!(filter instanceof Filter))
    throw new TypeError("not(): expected a filter; wrap raw JSON in rawFilter().");
  return new Filter({ not: filter.dms });
}

/** Raw DMS filter JSON: the escape hatch, accepted by every view (it is not checked against one). */
export function rawFilter(filter: DmsFilter): Filter<unknown> {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new TypeError(`rawFilter(): expected a DMS filter object, got ${JSON.stringify(filter)}.`);
  }
  return new Filter(filter);
}

export function matchAll(): Filter<unknown> {
  return new Filter({ matchAll: {} });
}

export function hasData(...views: ViewId[]): Filter<unknown> {
  return new Filter({ hasData: views.map((v) => ({ type: "view" as const, ...pickView(v) })) });
}

function pickView(v: ViewId): ViewId {
  return { space: v.space, externalId: v.externalId, version: v.version };
}

type Encode = (value: unknown) => RawFilterValue;

function nonEmpty<V>(name: string, values: readonly V[]): readonly V[] {
  if (values.length === 0) throw new TypeError(`${name}() needs at least one value.`);
  return values;
}

/** equals / in / exists: every property has these. `B` is the brand of the filters it builds. */
export class PropertyFilter<V, B = unknown> {
  constructor(
    readonly property: PropertyReference,
    protected readonly encode: Encode,
  ) {}

  equals(value: V): Filter<B> {
    return new Filter({ equals: { property: this.property, value: this.encode(value) } });
  }
  in(values: readonly V[]): Filter<B> {
    return new Filter({
      in: { property: this.property, values: nonEmpty("in", values).map((v) => this.encode(v)) },
    });
  }
  /** The property has a non-null value. Use `.not()` on the result for "is null". */
  exists(): Filter<B> {
    return new Filter({ exists: { property: this.property } });
  }
}

export class TextFilter<B = unknown> extends PropertyFilter<string, B> {
  prefix(value: string): Filter<B> {
    return new Filter({ prefix: { property: this.property, value } });
  }
}

/** Numbers, timestamps, dates: equals / in / exists and range (`range({gte, lt})` or `gte()`, ...). */
export class RangeFilter<V, B = unknown> extends PropertyFilter<V, B> {
  range(bounds: RangeBounds<V>): Filter<B> {
    if (bounds.gt !== undefined && bounds.gte !== undefined)
      throw new TypeError("range(): pass gt or gte, not both.");
    if (bounds.lt !== undefined && bounds.lte !== undefined)
      throw new TypeError("range(): pass lt or lte, not both.");
    const out: RangeBounds<string | number> = {};
    for (const key of ["gt", "gte", "lt", "lte"] as const) {
      const v = bounds[key];
      if (v !== undefined) out[key] = this.encode(v) as string | number;
    }
    if (Object.keys(out).length === 0) throw new TypeError("range(): pass at least one of gt, gte, lt, lte.");
    return new Filter({ range: { property: this.property, ...out } });
  }
  gt(value: V): Filter<B> {
    return this.range({ gt: value });
  }
  gte(value: V): Filter<B> {
    return this.range({ gte: value });
  }
  lt(value: V): Filter<B> {
    return this.range({ lt: value });
  }
  lte(value: V): Filter<B> {
    return this.range({ lte: value });
  }
}

/** List properties: containsAny / containsAll / exists. */
export class ListFilter<V, B = unknown> {
  constructor(
    readonly property: PropertyReference,
    private readonly encode: Encode,
  ) {}
  containsAny(values: readonly V[]): Filter<B> {
    return new Filter({
      containsAny: {
        property: this.property,
        values: nonEmpty("containsAny", values).map((v) => this.encode(v)),
      },
    });
  }
  containsAll(values: readonly V[]): Filter<B> {
    return new Filter({
      containsAll: {
        property: this.property,
        values: nonEmpty("containsAll", values).map((v) => this.encode(v)),
      },
    });
  }
  exists(): Filter<B> {
    return new Filter({ exists: { property: this.property } });
  }
}

const encoder =
  (type: PropertySpec["type"] | "epoch"): Encode =>
  (value) =>
    encodeFilterValue(type, value) as RawFilterValue;

type EnumValue<P> = P extends { readonly values: readonly (infer E)[] } ? E : string;

/** The value a filter on a property of type `P["type"]` compares with. */
type FilterValue<P extends PropertySpec> = P["type"] extends "int32" | "int64" | "float32" | "float64"
  ? number
  : P["type"] extends "boolean"
    ? boolean
    : P["type"] extends "timestamp" | "date"
      ? Date | string
      : P["type"] extends "direct"
        ? InstanceId
        : P["type"] extends "enum"
          ? EnumValue<P>
          : string;

/** The builder of one property: lists, ranges for numbers and times, prefix for text. */
export type PropertyBuilder<P extends PropertySpec, B> = P extends { readonly list: true }
  ? ListFilter<FilterValue<P>, B>
  : P["type"] extends "int32" | "int64" | "float32" | "float64" | "timestamp" | "date"
    ? RangeFilter<FilterValue<P>, B>
    : P["type"] extends "text" | "timeseries" | "file" | "sequence"
      ? TextFilter<B>
      : PropertyFilter<FilterValue<P>, B>;

function builderFor(spec: PropertySpec, property: PropertyReference): unknown {
  const encode = encoder(spec.type);
  if (spec.list) return new ListFilter(property, encode);
  switch (spec.type) {
    case "int32":
    case "int64":
    case "float32":
    case "float64":
    case "timestamp":
    case "date":
      return new RangeFilter(property, encode);
    case "text":
    case "timeseries":
    case "file":
    case "sequence":
      return new TextFilter(property, encode);
    default:
      return new PropertyFilter(property, encode);
  }
}

function baseFields<K extends "node" | "edge">(kind: K) {
  type B = { readonly [P in K]: true };
  return {
    space: new TextFilter<B>([kind, "space"], encoder("text")),
    externalId: new TextFilter<B>([kind, "externalId"], encoder("text")),
    version: new RangeFilter<number, B>([kind, "version"], encoder("int64")),
    /** Epoch milliseconds on the wire; pass a `Date` or a number of ms. */
    createdTime: new RangeFilter<Date | number, B>([kind, "createdTime"], encoder("epoch")),
    lastUpdatedTime: new RangeFilter<Date | number, B>([kind, "lastUpdatedTime"], encoder("epoch")),
    type: new PropertyFilter<InstanceId, B>([kind, "type"], encoder("direct")),
  };
}

/** Filters on the fields every node has; accepted by every node view. */
export const nodeFields = baseFields("node");

/** Filters on the fields every edge has; accepted by every edge view. */
export const edgeFields = {
  ...baseFields("edge"),
  startNode: new PropertyFilter<InstanceId, { readonly edge: true }>(
    ["edge", "startNode"],
    encoder("direct"),
  ),
  endNode: new PropertyFilter<InstanceId, { readonly edge: true }>(["edge", "endNode"], encoder("direct")),
};

/** The key under which a fields object keeps its view spec (the view APIs read their types from it). */
export const VIEW_SPEC: unique symbol = Symbol("pygen.viewSpec");

/**
 * The typed filter surface of view `S`: a builder per property (inherited ones included; json
 * properties cannot be filtered on), and the node or edge fields.
 */
export type ViewFields<S extends ViewSpec> = (S["usedFor"] extends "edge"
  ? typeof edgeFields
  : typeof nodeFields) & {
  readonly [K in keyof PropertiesOf<S> as PropertiesOf<S>[K] extends { readonly type: "json" }
    ? never
    : K]: PropertiesOf<S>[K] extends PropertySpec ? PropertyBuilder<PropertiesOf<S>[K], ViewBrand<S>> : never;
} & { readonly [VIEW_SPEC]: S };

const fieldsCache = new WeakMap<ViewSpec, unknown>();

/** The filter builders of a view, built once per spec: `export const EquipmentFields = fieldsFor(EQUIPMENT_VIEW)`. */
export function fieldsFor<const S extends ViewSpec>(spec: S): ViewFields<S> {
  let fields = fieldsCache.get(spec) as ViewFields<S> | undefined;
  if (fields === undefined) {
    const out: Record<string | symbol, unknown> = { ...(spec.usedFor === "edge" ? edgeFields : nodeFields) };
    for (const [name, property] of Object.entries(propertiesOf(spec))) {
      if (property.type !== "json") out[name] = builderFor(property, propertyRef(spec.view, property.id));
    }
    out[VIEW_SPEC] = spec;
    fields = Object.freeze(out) as unknown as ViewFields<S>;
    fieldsCache.set(spec, fields);
  }
  return fields;
}

/** Field names and filter brand of a view API's `Fields` type parameter. */
export type SpecOf<F> = F extends { readonly [VIEW_SPEC]: infer S extends ViewSpec } ? S : never;
