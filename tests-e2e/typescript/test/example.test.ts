// The generated SDK of examples/models/example.json against pygen-emulator: every property type, direct
// relations, edges with and without properties, then retrieve, list with filters, iterate, search,
// aggregate, and compare with what was written.
import { and, avg, count, max, not, or } from "@pygen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CERTIFIED,
  CertificationFields,
  EquipmentFields,
  type EquipmentWrite,
  ExampleClient,
  INSTALLED,
  type OperatorWrite,
  PumpFields,
  type PumpWrite,
} from "../generated/example/src/index.js";
import { emulatorConfig, freshSpace } from "./emulator.js";

const SPACE = "e2e_example";
const sdk = new ExampleClient(emulatorConfig("e2e-example"));
const id = (externalId: string) => ({ space: SPACE, externalId });
// Other test files write into the same emulator: every query here stays in this file's space.
const inSpace = PumpFields.space.equals(SPACE);

const facility = { ...id("fac-1"), name: "North plant", location: "Bergen", manager: id("op-1") };
const operator: OperatorWrite = {
  ...id("op-1"),
  fullName: "Ada Lovelace",
  email: "ada@example.com",
  hiredOn: "2020-03-01",
};
const equipment: EquipmentWrite = {
  ...id("eq-1"),
  name: "Compressor",
  description: "Main compressor",
  serialNumber: "SN-1",
  aliases: ["C1", "Comp"],
  priority: 3,
  maintenanceIntervals: [30, 90],
  operatingHours: 2 ** 40,
  counterReadings: [2 ** 33, 2 ** 52],
  weightKg: 12.5,
  vibrationLimits: [0.5, 1.25],
  efficiency: 0.875,
  calibrationFactors: [1.1, 0.9],
  isActive: true,
  alarmFlags: [true, false],
  installedAt: new Date("2024-05-06T07:08:09.123Z"),
  inspectionTimes: [new Date("2024-01-01T00:00:00.000Z")],
  commissionedOn: new Date("2023-12-24T00:00:00.000Z"),
  serviceDates: ["2024-01-15", "2024-07-15"],
  specification: { rpm: 3000, tags: ["a", "b"], nested: { ok: true } },
  documents: [{ title: "manual" }],
  status: "running",
  temperatureSeries: "ts-temp-1",
  facility: id("fac-1"),
  backupFacilities: [id("fac-1")],
};
const pumps: PumpWrite[] = [1, 2, 3, 4, 5].map((n) => ({
  ...id(`pump-${n}`),
  name: `Pump ${n}`,
  serialNumber: `P-${n}`,
  priority: n,
  status: n % 2 === 0 ? "stopped" : "running",
  flowRate: 10 * n,
  maxPressure: 1.5 * n,
  facility: id("fac-1"),
}));

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  const result = await sdk.upsert({
    facility: [facility],
    operator: [operator],
    equipment: [equipment],
    pump: pumps,
    certification: [
      {
        ...id("cert-1"),
        type: CERTIFIED,
        startNode: id("op-1"),
        endNode: id("eq-1"),
        level: "expert",
        certifiedAt: new Date("2024-02-03T04:05:06.789Z"),
        validUntil: "2026-01-01",
        score: 9.5,
      },
    ],
    edges: [{ ...id("inst-1"), type: INSTALLED, startNode: id("op-1"), endNode: id("pump-1") }],
  });
  expect(result.items).toHaveLength(10);
  expect(result.created).toHaveLength(10);
});

describe("example SDK (generated) against the emulator", () => {
  it("reads back every property type as written", async () => {
    const read = await sdk.equipment.retrieve("eq-1", { space: SPACE });
    expect(read).toMatchObject({
      ...equipment,
      instanceType: "node",
      commissionedOn: "2023-12-24",
      installedAt: new Date("2024-05-06T07:08:09.123Z"),
    });
    expect(read?.operatingHours).toBe(2 ** 40);
    expect(read?.counterReadings).toEqual([2 ** 33, 2 ** 52]);
    expect(read?.installedAt).toBeInstanceOf(Date);
  });

  it("retrieves inherited properties through a child view, and reports missing ids as not found", async () => {
    const [pump, missing] = await Promise.all([
      sdk.pump.retrieve(id("pump-2")),
      sdk.pump.retrieve("no-such-pump", { space: SPACE }),
    ]);
    expect(pump).toMatchObject({ name: "Pump 2", serialNumber: "P-2", flowRate: 20, status: "stopped" });
    expect(missing).toBeUndefined();
    const many = await sdk.pump.retrieve([id("pump-3"), id("nope"), id("pump-1")]);
    expect(many.map((p) => p.externalId)).toEqual(["pump-3", "pump-1"]);
  });

  it("lists with typed filters, and/or/not, and sort", async () => {
    const running = await sdk.pump.list({
      filter: and(inSpace, PumpFields.status.equals("running"), PumpFields.priority.gte(2)),
      sort: { property: "priority", direction: "descending" },
    });
    expect(running.map((p) => p.externalId)).toEqual(["pump-5", "pump-3"]);
    const either = await sdk.pump.list({
      filter: and(inSpace, or(PumpFields.flowRate.lt(15), not(PumpFields.maxPressure.lte(6)))),
      sort: { property: "externalId" },
    });
    expect(either.map((p) => p.externalId)).toEqual(["pump-1", "pump-5"]);
    const atFacility = await sdk.equipment.list({
      filter: EquipmentFields.facility.equals(id("fac-1")),
      limit: null,
    });
    expect(atFacility).toHaveLength(6);
    expect(await sdk.equipment.list({ limit: 0 })).toEqual([]);
  });

  it("iterates page by page and resumes from a cursor", async () => {
    const seen: string[] = [];
    for await (const pump of sdk.pump.iterate({ pageSize: 2, filter: inSpace })) seen.push(pump.externalId);
    expect(seen.sort()).toEqual(["pump-1", "pump-2", "pump-3", "pump-4", "pump-5"]);
    const pages = sdk.pump.iterate({ pageSize: 2, filter: inSpace }).pages();
    const first = await pages.next();
    expect(first.done).toBe(false);
    const cursor = first.done ? null : first.value.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const rest: string[] = [];
    for await (const pump of sdk.pump.iterate({ pageSize: 2, filter: inSpace, cursor })) {
      rest.push(pump.externalId);
    }
    expect(rest).toHaveLength(3);
  });

  it("searches text properties", async () => {
    const hits = await sdk.equipment.search({ query: "Compressor", properties: ["name"] });
    expect(hits.map((e) => e.externalId)).toEqual(["eq-1"]);
  });

  it("aggregates, grouped and not", async () => {
    const total = await sdk.pump.aggregate({ aggregates: count(), filter: inSpace });
    expect(total.value("count")).toBe(5);
    const byStatus = await sdk.pump.aggregate({
      filter: inSpace,
      aggregates: [count(), avg("flowRate"), max("priority")],
      groupBy: "status",
    });
    const stopped = byStatus.groups.find((g) => g.group.status === "stopped");
    expect(stopped?.value("count")).toBe(2);
    expect(stopped?.value("avg", "flowRate")).toBe(30);
    expect(stopped?.value("max", "priority")).toBe(4);
  });

  it("reads edges with properties through their view, and plain edges through the client", async () => {
    const certifications = await sdk.certification.list({ filter: CertificationFields.space.equals(SPACE) });
    expect(certifications).toHaveLength(1);
    expect(certifications[0]).toMatchObject({
      instanceType: "edge",
      type: CERTIFIED,
      startNode: id("op-1"),
      endNode: id("eq-1"),
      level: "expert",
      validUntil: "2026-01-01",
      score: 9.5,
    });
    const installed = await sdk.edges({ type: INSTALLED, startNode: id("op-1") });
    expect(installed.map((e) => e.endNode)).toEqual([id("pump-1")]);
  });

  it("rejects invalid writes before sending anything", async () => {
    await expect(
      sdk.equipment.upsert({ ...id("bad"), serialNumber: "X", operatingHours: 2 ** 60 }),
    ).rejects.toThrow(/operatingHours/);
    expect(await sdk.equipment.retrieve(id("bad"))).toBeUndefined();
  });
});
