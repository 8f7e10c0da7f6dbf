// Every type written and read back equal; absent vs null; retrieve of present and missing ids; delete.
import { beforeAll, describe, expect, it } from "vitest";
import { DescribableFields, EquipmentFields, type EquipmentWrite, type PumpWrite } from "../src/index.js";
import { exampleClient, freshSpace } from "./emulator.js";

const sdk = exampleClient();
const SPACE = "ts_write_read";

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
});

const full: EquipmentWrite = {
  space: SPACE,
  externalId: "eq-full",
  name: "Main pump housing",
  description: "Every type",
  serialNumber: "SN-001",
  aliases: ["main", "housing"],
  priority: 2147483647,
  maintenanceIntervals: [30, 60, -1],
  operatingHours: 2 ** 53 - 1,
  counterReadings: [0, 9007199254740991, -42],
  weightKg: 12.5,
  vibrationLimits: [0.5, 1.25],
  efficiency: 0.123456789012345,
  calibrationFactors: [1e-10, 3.5e12],
  isActive: false,
  alarmFlags: [true, false, true],
  installedAt: new Date(Date.UTC(2023, 4, 17, 8, 30, 15, 123)),
  inspectionTimes: [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999))],
  commissionedOn: "2020-02-29",
  serviceDates: ["2021-01-01", new Date(Date.UTC(2022, 5, 30, 22, 0))],
  specification: { ratedPower: 55.5, unit: "kW", tags: ["a", "b"], nested: { ok: true, nothing: null } },
  documents: [{ title: "manual" }, { title: "drawing", pages: 3 }],
  status: "maintenance",
  temperatureSeries: "ts:pump:temperature",
  facility: { space: SPACE, externalId: "fac-1" },
  backupFacilities: [
    { space: SPACE, externalId: "fac-2" },
    { space: SPACE, externalId: "fac-3" },
  ],
};

describe("write and read back", () => {
  it("every property type round-trips equal", async () => {
    const [result] = (await sdk.equipment.upsert(full)).items;
    expect(result).toMatchObject({
      instanceType: "node",
      space: SPACE,
      externalId: "eq-full",
      status: "created",
    });
    const eq = await sdk.equipment.retrieve("eq-full", { space: SPACE });
    expect(eq).toBeDefined();
    expect(eq).toMatchObject({
      ...full,
      serviceDates: ["2021-01-01", "2022-06-30"],
      instanceType: "node",
      version: 1,
      type: null,
    });
    expect(eq?.installedAt).toBeInstanceOf(Date);
    expect(eq?.installedAt?.getTime()).toBe(full.installedAt?.getTime());
    expect(eq?.createdTime).toBeInstanceOf(Date);
  });

  it("an inherited view (Pump) writes and reads its own and inherited properties", async () => {
    const pump: PumpWrite = {
      space: SPACE,
      externalId: "pump-1",
      serialNumber: "P-1",
      name: "Pump 1",
      flowRate: 12.75,
      maxPressure: 6.5,
    };
    await sdk.pump.upsert(pump);
    expect(await sdk.pump.retrieve({ space: SPACE, externalId: "pump-1" })).toMatchObject(pump);
    // Pumps are equipment too (the view has data in the Equipment containers).
    expect((await sdk.equipment.retrieve("pump-1", { space: SPACE }))?.name).toBe("Pump 1");
  });

  it("absent leaves a property alone; null clears it", async () => {
    const again = await sdk.equipment.upsert({
      space: SPACE,
      externalId: "eq-full",
      serialNumber: "SN-001",
      description: null,
    });
    expect(again.updated.map((r) => r.externalId)).toEqual(["eq-full"]);
    const eq = await sdk.equipment.retrieve("eq-full", { space: SPACE });
    expect(eq?.description).toBeNull();
    expect(eq?.name).toBe(full.name);
    expect(eq?.aliases).toEqual(full.aliases);
    const same = await sdk.equipment.upsert({
      space: SPACE,
      externalId: "eq-full",
      serialNumber: "SN-001",
    });
    expect(same.items.map((r) => r.status)).toEqual(["unchanged"]);
  });

  it("retrieve: present and missing ids, in the order asked; a node without Equipment data is not found", async () => {
    const found = await sdk.equipment.retrieve(["pump-1", "nope", "eq-full"], { space: SPACE });
    expect(found.map((e) => e.externalId)).toEqual(["pump-1", "eq-full"]);
    expect(await sdk.equipment.retrieve("nope", { space: SPACE })).toBeUndefined();
    await sdk.facility.upsert({ space: SPACE, externalId: "plant-0", name: "Plant 0" });
    expect(await sdk.equipment.retrieve(["plant-0"], { space: SPACE })).toEqual([]);
    expect((await sdk.describable.retrieve("plant-0", { space: SPACE }))?.name).toBe("Plant 0");
  });

  it("direct relations auto-create their targets, readable through the Facility view after writing it", async () => {
    await sdk.facility.upsert({ space: SPACE, externalId: "fac-1", name: "Plant 1", location: "North" });
    const equipmentAtFac1 = await sdk.equipment.list({
      filter: EquipmentFields.facility.equals({
        space: SPACE,
        externalId: "fac-1",
      }),
    });
    expect(equipmentAtFac1.map((e) => e.externalId)).toEqual(["eq-full"]);
  });

  it("delete removes the instance and reports only what existed", async () => {
    await sdk.operator.upsert({
      space: SPACE,
      externalId: "op-del",
      fullName: "Temp",
      hiredOn: "2001-09-09",
    });
    const deleted = await sdk.operator.delete(["op-del", "never-existed"], { space: SPACE });
    expect(deleted.items).toEqual([{ instanceType: "node", space: SPACE, externalId: "op-del" }]);
    expect(await sdk.operator.retrieve("op-del", { space: SPACE })).toBeUndefined();
  });
});

describe("client-level writes", () => {
  it("upsert across views in one call, in order; validation names the view list and field", async () => {
    const results = await sdk.upsert({
      facility: [{ space: SPACE, externalId: "fac-9", name: "Nine" }],
      operator: [
        { space: SPACE, externalId: "op-9", fullName: "Nina", hiredOn: new Date(Date.UTC(2015, 6, 1)) },
      ],
    });
    expect(results.items.map((r) => r.externalId)).toEqual(["fac-9", "op-9"]);
    expect(results.created).toHaveLength(2);
    expect((await sdk.operator.retrieve("op-9", { space: SPACE }))?.hiredOn).toBe("2015-07-01");
    await expect(
      sdk.upsert({
        equipment: [{ space: SPACE, externalId: "x", serialNumber: "s", priority: "high" as never }],
      }),
    ).rejects.toThrow(/equipment\[0\]\.priority: expected an integer, got "high"/);
    await expect(sdk.upsert({ turbine: [] } as never)).rejects.toThrow(
      /'turbine' is not a view of this client/,
    );
  });

  it("replace: true resets the properties not given", async () => {
    await sdk.operator.upsert({ space: SPACE, externalId: "op-r", fullName: "R", email: "r@example.com" });
    await sdk.operator.upsert({ space: SPACE, externalId: "op-r", fullName: "R2" }, { replace: true });
    expect(await sdk.operator.retrieve("op-r", { space: SPACE })).toMatchObject({
      fullName: "R2",
      email: null,
    });
  });
});

describe("interface views", () => {
  it("Equipment accepts filters on the fields of Describable, which it implements", async () => {
    const found = await sdk.equipment.list({
      filter: DescribableFields.name.equals(full.name as string).and(EquipmentFields.space.equals(SPACE)),
    });
    expect(found.map((e) => e.externalId)).toEqual(["eq-full"]);
  });

  it("listing Describable returns equipment, pumps and facilities alike", async () => {
    const all = await sdk.describable.list({
      filter: DescribableFields.space.equals(SPACE),
      sort: { property: "externalId" },
      limit: null,
    });
    const ids = all.map((d) => d.externalId);
    expect(ids).toEqual(expect.arrayContaining(["eq-full", "pump-1", "fac-1"]));
    expect(all.find((d) => d.externalId === "fac-1")?.name).toBe("Plant 1");
  });
});
