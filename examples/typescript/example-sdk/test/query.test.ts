// Filters (every builder kind, and/or/not, raw), sort, pagination, iterate resume, search, aggregate, histogram.
import { and, avg, count, max, min, not, or, rawFilter, sum } from "@pygen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { EquipmentFields, type EquipmentWrite } from "../src/index.js";
import { exampleClient, freshSpace } from "./emulator.js";

const sdk = exampleClient();
const SPACE = "ts_query";
const N = 30;
const STATUSES = ["running", "stopped", "maintenance"] as const;

function item(i: number): EquipmentWrite {
  return {
    space: SPACE,
    externalId: `eq-${String(i).padStart(3, "0")}`,
    name: i % 2 === 0 ? `Pump ${i}` : `Valve ${i}`,
    description: i % 5 === 0 ? null : `unit number ${i}`,
    serialNumber: `SN-${i}`,
    aliases: [`a${i % 3}`, "common"],
    priority: i,
    efficiency: i / 100,
    isActive: i % 2 === 0,
    installedAt: new Date(Date.UTC(2020, 0, 1 + i)),
    commissionedOn: `2021-01-${String(1 + (i % 28)).padStart(2, "0")}`,
    status: STATUSES[i % 3] ?? "running",
    facility: { space: SPACE, externalId: i < 10 ? "fac-a" : "fac-b" },
  };
}

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  await sdk.equipment.upsert(Array.from({ length: N }, (_, i) => item(i)));
});

const ids = (xs: { externalId: string }[]) => xs.map((x) => x.externalId).sort();
const F = EquipmentFields;
const inSpace = F.space.equals(SPACE);

type EquipmentFilter = NonNullable<Parameters<typeof sdk.equipment.list>[0]>["filter"] & object;

async function matching(filter: EquipmentFilter) {
  return ids(await sdk.equipment.list({ filter: and(inSpace, filter), limit: null }));
}
const expected = (pred: (i: number) => boolean) =>
  Array.from({ length: N }, (_, i) => i)
    .filter(pred)
    .map((i) => item(i).externalId)
    .sort();

describe("filters", () => {
  it("text: equals, in, prefix, exists (and not exists)", async () => {
    expect(await matching(F.name.equals("Pump 4"))).toEqual(expected((i) => i === 4));
    expect(await matching(F.serialNumber.in(["SN-1", "SN-2", "SN-99"]))).toEqual(
      expected((i) => i === 1 || i === 2),
    );
    expect(await matching(F.name.prefix("Valve"))).toEqual(expected((i) => i % 2 === 1));
    expect(await matching(F.description.exists().not())).toEqual(expected((i) => i % 5 === 0));
  });

  it("numbers, timestamps and dates: range and equals", async () => {
    expect(await matching(F.priority.range({ gte: 10, lt: 13 }))).toEqual(expected((i) => i >= 10 && i < 13));
    expect(await matching(F.efficiency.gt(0.25))).toEqual(expected((i) => i / 100 > 0.25));
    expect(await matching(F.installedAt.lte(new Date(Date.UTC(2020, 0, 3))))).toEqual(
      expected((i) => i <= 2),
    );
    expect(await matching(F.commissionedOn.equals("2021-01-05"))).toEqual(
      expected((i) => 1 + (i % 28) === 5),
    );
  });

  it("boolean, enum, direct relation, list containsAny/containsAll", async () => {
    expect(await matching(F.isActive.equals(true))).toEqual(expected((i) => i % 2 === 0));
    expect(await matching(F.status.in(["stopped", "maintenance"]))).toEqual(expected((i) => i % 3 !== 0));
    expect(await matching(F.facility.equals({ space: SPACE, externalId: "fac-a" }))).toEqual(
      expected((i) => i < 10),
    );
    expect(await matching(F.aliases.containsAny(["a1", "zzz"]))).toEqual(expected((i) => i % 3 === 1));
    expect(await matching(F.aliases.containsAll(["a2", "common"]))).toEqual(expected((i) => i % 3 === 2));
  });

  it("and / or / not compose, and raw DMS filters mix in", async () => {
    const filter = or(and(F.isActive.equals(true), F.priority.lt(6)), not(F.priority.lt(27)));
    expect(await matching(filter)).toEqual(expected((i) => (i % 2 === 0 && i < 6) || i >= 27));
    const raw = rawFilter({ equals: { property: ["pygen_example", "Equipment/1", "priority"], value: 7 } });
    expect(await matching(raw)).toEqual(expected((i) => i === 7));
    expect(await matching(F.externalId.prefix("eq-00").and(F.status.equals("running")))).toEqual(
      expected((i) => i < 10 && i % 3 === 0),
    );
  });
});

describe("sort and pagination", () => {
  it("sorts descending on a property and on externalId", async () => {
    const top = await sdk.equipment.list({
      filter: inSpace,
      sort: { property: "priority", direction: "descending" },
      limit: 3,
    });
    expect(top.map((e) => e.priority)).toEqual([29, 28, 27]);
    const byId = await sdk.equipment.list({ filter: inSpace, sort: { property: "externalId" }, limit: 2 });
    expect(byId.map((e) => e.externalId)).toEqual(["eq-000", "eq-001"]);
  });

  it("list pages through the whole set (limit null) and respects a limit", async () => {
    expect(await sdk.equipment.list({ filter: inSpace })).toHaveLength(25);
    expect(await sdk.equipment.list({ filter: inSpace, limit: null })).toHaveLength(N);
  });

  it("iterate holds one page at a time and resumes from a cursor", async () => {
    const pager = sdk.equipment.iterate({ filter: inSpace, pageSize: 7 });
    const first: string[] = [];
    let pages = 0;
    for await (const page of pager.pages()) {
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(7);
      first.push(...page.items.map((e) => e.externalId));
      if (pages === 2) break;
    }
    expect(first).toHaveLength(14);
    const rest: string[] = [];
    for await (const eq of sdk.equipment.iterate({ filter: inSpace, pageSize: 7, cursor: pager.cursor })) {
      rest.push(eq.externalId);
    }
    expect([...first, ...rest].sort()).toEqual(expected(() => true));
    expect(new Set([...first, ...rest]).size).toBe(N);
  });
});

describe("search, aggregate, histogram", () => {
  it("search finds by text, with properties, operator and filters", async () => {
    const hits = await sdk.equipment.search({
      query: "Valve",
      properties: ["name"],
      filter: inSpace,
      limit: 100,
    });
    expect(ids(hits)).toEqual(expected((i) => i % 2 === 1));
    const both = await sdk.equipment.search({
      query: "Pump 4",
      operator: "AND",
      filter: inSpace,
      limit: 100,
    });
    expect(ids(both)).toContain("eq-004");
    expect(ids(both)).not.toContain("eq-005");
    const sorted = await sdk.equipment.search({
      query: "Valve",
      filter: inSpace,
      sort: { property: "priority", direction: "descending" },
      limit: 3,
    });
    expect(sorted.map((e) => e.priority)).toEqual([29, 27, 25]);
  });

  it("aggregate: count, avg, max, and count grouped by an enum", async () => {
    const metrics = await sdk.equipment.aggregate({
      aggregates: [count(), max("priority"), avg("priority")],
      filter: inSpace,
    });
    expect(metrics.value("count")).toBe(N);
    expect(metrics.value("max", "priority")).toBe(N - 1);
    expect(metrics.value("avg", "priority")).toBeCloseTo(14.5);
    const groups = await sdk.equipment.aggregate({ aggregates: count(), groupBy: "status", filter: inSpace });
    const byStatus = Object.fromEntries(groups.groups.map((g) => [String(g.group.status), g.value("count")]));
    expect(byStatus).toEqual({ running: 10, stopped: 10, maintenance: 10 });
  });

  it("aggregate: several metrics per group in one request; all groups by default", async () => {
    const result = await sdk.equipment.aggregate({
      aggregates: [count(), min("priority"), sum("priority")],
      groupBy: "isActive",
      filter: inSpace,
    });
    const byActive = Object.fromEntries(
      result.groups.map((g) => [String(g.group.isActive), g.values.map((v) => v.value)]),
    );
    // even priorities are active: 0+2+...+28 = 210; odd: 1+3+...+29 = 225
    expect(byActive).toEqual({ true: [15, 0, 210], false: [15, 1, 225] });
    const perPriority = await sdk.equipment.aggregate({
      aggregates: count(),
      groupBy: "priority",
      filter: inSpace,
    });
    expect(perPriority.groups).toHaveLength(N);
  });

  it("histogram buckets a numeric property", async () => {
    const { buckets } = await sdk.equipment.histogram({
      property: "priority",
      interval: 10,
      filter: inSpace,
    });
    expect(buckets.map((b) => [b.start, b.count])).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });
});
