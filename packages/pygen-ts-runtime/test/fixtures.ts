import type { EdgeBase, InstanceId, JsonValue, NodeBase, NodeWriteBase, ViewSpec } from "../src/index.js";

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

export type ThingField = keyof typeof THING_VIEW.properties;

export interface Thing extends NodeBase {
  name: string | null;
  serialNumber: string;
  count: number | null;
  big: number | null;
  ratio: number | null;
  active: boolean | null;
  seenAt: Date | null;
  seenTimes: Date[] | null;
  bornOn: string | null;
  tags: string[] | null;
  meta: JsonValue | null;
  color: "red" | "green" | (string & {}) | null;
  parent: InstanceId | null;
  children: InstanceId[] | null;
}

export interface ThingWrite extends NodeWriteBase {
  name?: string | null;
  serialNumber: string;
  count?: number | null;
  big?: number | null;
  ratio?: number | null;
  active?: boolean | null;
  seenAt?: Date | null;
  seenTimes?: Date[] | null;
  bornOn?: string | Date | null;
  tags?: string[] | null;
  meta?: JsonValue | null;
  color?: "red" | "green" | null;
  parent?: InstanceId | null;
  children?: InstanceId[] | null;
}

export const LINK_VIEW = {
  view: { space: "sp", externalId: "Link", version: "v1" },
  usedFor: "edge",
  properties: { weight: { id: "weight", type: "float64" } },
} as const satisfies ViewSpec;

export interface Link extends EdgeBase {
  weight: number | null;
}

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
