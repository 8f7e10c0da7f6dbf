/** Sort specifications and their wire form, shared by list, search, include and the query builder. */
import { fieldToId, propertyRef, type ViewSpec } from "./_spec.js";

export type BaseField = "externalId" | "space" | "version" | "createdTime" | "lastUpdatedTime";
export const BASE_FIELDS: readonly string[] = [
  "externalId",
  "space",
  "version",
  "createdTime",
  "lastUpdatedTime",
];

export interface SortSpec<F extends string> {
  property: F | BaseField;
  direction?: "ascending" | "descending";
  nullsFirst?: boolean;
}

/** The API takes at most 5 sort entries per expression (dms-api.md §5.1). */
export const MAX_SORT_ENTRIES = 5;

/** Field names → DMS sort entries (`nullsFirst` only where the endpoint takes it). */
export function sortToWire(
  spec: ViewSpec,
  sort: SortSpec<string> | readonly SortSpec<string>[],
  withNulls: boolean,
): Record<string, unknown>[] {
  const list = (Array.isArray(sort) ? sort : [sort]) as readonly SortSpec<string>[];
  return list.map((s) => {
    const property = BASE_FIELDS.includes(s.property)
      ? [spec.usedFor, s.property]
      : propertyRef(spec.view, fieldToId(spec, s.property, "sort"));
    const out: Record<string, unknown> = { property, direction: s.direction ?? "ascending" };
    if (withNulls && s.nullsFirst !== undefined) out.nullsFirst = s.nullsFirst;
    return out;
  });
}
