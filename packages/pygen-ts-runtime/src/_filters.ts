/**
 * The DMS filter language as typed data, and typed per-property builders that compose with
 * `and` / `or` / `not` (functions, or the methods `a.and(b)`, `a.or(b)`, `a.not()`).
 */
import type { InstanceId, PropertySpec, ViewId } from "./_spec.js";
import { propertyRef } from "./_spec.js";
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

/** A composable filter. `JSON.stringify(filter)` gives the DMS JSON. */
export class Filter {
  constructor(readonly dms: DmsFilter) {}

  and(...others: FilterLike[]): Filter {
    return and(this, ...others);
  }
  or(...others: FilterLike[]): Filter {
    return or(this, ...others);
  }
  not(): Filter {
    return not(this);
  }
  toJSON(): DmsFilter {
    return this.dms;
  }
}

/** Anything the APIs accept as a filter: a built {@link Filter} or raw DMS filter JSON. */
export type FilterLike = Filter | DmsFilter;

export function toDms(filter: FilterLike): DmsFilter {
  return filter instanceof Filter ? filter.dms : filter;
}

function flatten(kind: "and" | "or", filters: FilterLike[]): DmsFilter[] {
  const out: DmsFilter[] = [];
  for (const f of filters) {
    const dms = toDms(f);
    if (kind in dms) out.push(...(dms as Record<typeof kind, DmsFilter[]>)[kind]);
    else out.push(dms);
  }
  return out;
}

export function and(...filters: FilterLike[]): Filter {
  if (filters.length === 0) throw new TypeError("and() needs at least one filter.");
  const parts = flatten("and", filters);
  return new Filter(parts.length === 1 ? (parts[0] as DmsFilter) : { and: parts });
}

export function or(...filters: FilterLike[]): Filter {
  if (filters.length === 0) throw new TypeError("or() needs at least one filter.");
  const parts = flatten("or", filters);
  return new Filter(parts.length === 1 ? (parts[0] as DmsFilter) : { or: parts });
}

export function not(filter: FilterLike): Filter {
  return new Filter({ not: toDms(filter) });
}

/** Wraps raw DMS filter JSON so it composes with built filters. */
export function raw(filter: DmsFilter): Filter {
  return new Filter(filter);
}

export function matchAll(): Filter {
  return new Filter({ matchAll: {} });
}

export function hasData(...views: ViewId[]): Filter {
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

/** equals / in / exists: every property has these. */
export class PropertyFilter<V> {
  constructor(
    readonly property: PropertyReference,
    protected readonly encode: Encode,
  ) {}

  equals(value: V): Filter {
    return new Filter({ equals: { property: this.property, value: this.encode(value) } });
  }
  in(values: readonly V[]): Filter {
    return new Filter({
      in: { property: this.property, values: nonEmpty("in", values).map((v) => this.encode(v)) },
    });
  }
  /** The property has a non-null value. Use `.not()` on the result for "is null". */
  exists(): Filter {
    return new Filter({ exists: { property: this.property } });
  }
}

export class TextFilter extends PropertyFilter<string> {
  prefix(value: string): Filter {
    return new Filter({ prefix: { property: this.property, value } });
  }
}

/** Numbers, timestamps, dates: equals / in / range / exists. */
export class RangeFilter<V> extends PropertyFilter<V> {
  range(bounds: RangeBounds<V>): Filter {
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
  gt(value: V): Filter {
    return this.range({ gt: value });
  }
  gte(value: V): Filter {
    return this.range({ gte: value });
  }
  lt(value: V): Filter {
    return this.range({ lt: value });
  }
  lte(value: V): Filter {
    return this.range({ lte: value });
  }
}

/** List properties: containsAny / containsAll / exists. */
export class ListFilter<V> {
  constructor(
    readonly property: PropertyReference,
    private readonly encode: Encode,
  ) {}
  containsAny(values: readonly V[]): Filter {
    return new Filter({
      containsAny: {
        property: this.property,
        values: nonEmpty("containsAny", values).map((v) => this.encode(v)),
      },
    });
  }
  containsAll(values: readonly V[]): Filter {
    return new Filter({
      containsAll: {
        property: this.property,
        values: nonEmpty("containsAll", values).map((v) => this.encode(v)),
      },
    });
  }
  exists(): Filter {
    return new Filter({ exists: { property: this.property } });
  }
}

const encoder =
  (type: PropertySpec["type"] | "epoch"): Encode =>
  (value) =>
    encodeFilterValue(type, value) as RawFilterValue;

/** Builders for the properties of one view, used by generated filter surfaces. */
export function propertyFilters(view: ViewId) {
  const ref = (id: string) => propertyRef(view, id);
  return {
    text: (id: string) => new TextFilter(ref(id), encoder("text")),
    number: (id: string) => new RangeFilter<number>(ref(id), encoder("float64")),
    boolean: (id: string) => new PropertyFilter<boolean>(ref(id), encoder("boolean")),
    timestamp: (id: string) => new RangeFilter<Date | string>(ref(id), encoder("timestamp")),
    date: (id: string) => new RangeFilter<Date | string>(ref(id), encoder("date")),
    enum: <E extends string>(id: string) => new PropertyFilter<E>(ref(id), encoder("enum")),
    direct: (id: string) => new PropertyFilter<InstanceId>(ref(id), encoder("direct")),
    json: (id: string) => new PropertyFilter<never>(ref(id), encoder("json")),
    textList: (id: string) => new ListFilter<string>(ref(id), encoder("text")),
    numberList: (id: string) => new ListFilter<number>(ref(id), encoder("float64")),
    booleanList: (id: string) => new ListFilter<boolean>(ref(id), encoder("boolean")),
    timestampList: (id: string) => new ListFilter<Date | string>(ref(id), encoder("timestamp")),
    dateList: (id: string) => new ListFilter<Date | string>(ref(id), encoder("date")),
    directList: (id: string) => new ListFilter<InstanceId>(ref(id), encoder("direct")),
  };
}

function baseFields(kind: "node" | "edge") {
  return {
    space: new TextFilter([kind, "space"], encoder("text")),
    externalId: new TextFilter([kind, "externalId"], encoder("text")),
    version: new RangeFilter<number>([kind, "version"], encoder("int64")),
    /** Epoch milliseconds on the wire; pass a `Date` or a number of ms. */
    createdTime: new RangeFilter<Date | number>([kind, "createdTime"], encoder("epoch")),
    lastUpdatedTime: new RangeFilter<Date | number>([kind, "lastUpdatedTime"], encoder("epoch")),
    type: new PropertyFilter<InstanceId>([kind, "type"], encoder("direct")),
  };
}

/** Filters on the node fields every node view has. */
export const nodeFields = baseFields("node");

/** Filters on the edge fields every edge view has. */
export const edgeFields = {
  ...baseFields("edge"),
  startNode: new PropertyFilter<InstanceId>(["edge", "startNode"], encoder("direct")),
  endNode: new PropertyFilter<InstanceId>(["edge", "endNode"], encoder("direct")),
};
