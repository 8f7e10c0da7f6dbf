import { type FieldOf, fieldsFor, type Read, type ViewSpec, type Write } from "../src/index.js";

/** A view whose field names differ from its property ids, so name mapping is exercised. */
export const THING_VIEW = {
  view: { space: "sp", externalId: "Thing", version: "v1" },
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text" },
    serialNumber: { id: "serial-number", type: "text", nullable: false },
    count: { id: "count_32", type: "int32" },
    big: { id: "big", type: "int64" },
    ratio: { id: "ratio", type: "float64" },
    active: { id: "isActive", type: "boolean" },
    seenAt: { id: "seen_at", type: "timestamp" },
    seenTimes: { id: "seenTimes", type: "timestamp", list: true },
    bornOn: { id: "born_on", type: "date" },
    tags: { id: "tags", type: "text", list: true },
    meta: { id: "meta", type: "json" },
    color: { id: "color", type: "enum", values: ["red", "green"] },
    parent: { id: "parent", type: "direct" },
    children: { id: "children", type: "direct", list: true },
  },
} as const satisfies ViewSpec;

export interface Thing extends Read<typeof THING_VIEW> {}
export interface ThingWrite extends Write<typeof THING_VIEW> {}
export const ThingFields = fieldsFor(THING_VIEW);
export type ThingField = FieldOf<typeof THING_VIEW>;

export const LINK_VIEW = {
  view: { space: "sp", externalId: "Link", version: "v1" },
  usedFor: "edge",
  properties: { weight: { id: "weight", type: "float64" } },
} as const satisfies ViewSpec;

export interface Link extends Read<typeof LINK_VIEW> {}
export const LinkFields = fieldsFor(LINK_VIEW);

export function rawThing(
  externalId: string,
  props: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    instanceType: "node",
    space: "data",
    externalId,
    version: 1,
    createdTime: 1700000000000,
    lastUpdatedTime: 1700000001000,
    properties: { sp: { "Thing/v1": { "serial-number": `sn-${externalId}`, ...props } } },
    ...extra,
  };
}
