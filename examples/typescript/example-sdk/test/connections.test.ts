// Connections on the example model against the emulator: nested writes read back, include (ids and
// objects, several levels), reverse relations through single and list direct relations, edges both ways,
// multi-hop queries with filters at every hop, paging past one page per hop, edges(), and sync feeds.
import { TraversalError } from "@pygen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CertificationFields,
  EquipmentFields,
  type EquipmentWrite,
  FacilityFields,
  OperatorFields,
  type OperatorWrite,
} from "../src/index.js";
import { exampleClient, freshSpace } from "./emulator.js";

const sdk = exampleClient();
const SPACE = "ts_connections";
const id = (externalId: string) => ({ space: SPACE, externalId });
const xids = (items: readonly { externalId: string }[] | undefined) =>
  (items ?? []).map((i) => i.externalId).sort();
const MANY = 1100; // more than one page (1000) of connections per hop

function equipment(n: string, extra: Partial<EquipmentWrite> = {}): EquipmentWrite {
  return { ...id(n), serialNumber: `SN-${n}`, name: `Equipment ${n}`, ...extra };
}

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  await sdk.facility.upsert([
    { ...id("north"), name: "North plant", location: "North", manager: { ...id("op1"), fullName: "Ada" } },
    { ...id("south"), name: "South plant", location: "South", manager: { ...id("op2"), fullName: "Bob" } },
  ]);
  // Nested writes: the operator, its certified equipment (edges with properties), installations, and
  // equipment whose direct relations point at facilities.
  const op1: OperatorWrite = {
    ...id("op1"),
    fullName: "Ada",
    hiredOn: "2015-03-01",
    certifications: [
      {
        node: equipment("eq1", { isActive: true, facility: id("north"), backupFacilities: [id("south")] }),
        level: "expert",
        score: 95,
        certifiedAt: new Date(Date.UTC(2024, 0, 2)),
      },
      { node: equipment("eq2", { isActive: false, facility: id("north") }), level: "basic", score: 40 },
    ],
    installations: [id("eq1"), equipment("eq3", { isActive: true, facility: id("south") })],
  };
  await sdk.operator.upsert([op1, { ...id("op3"), fullName: "Cyd" }]);
  await sdk.pump.upsert({
    ...id("pump1"),
    serialNumber: "P-1",
    flowRate: 12.5,
    facility: id("north"),
    backupFacilities: [id("north"), id("south")],
    supervisor: id("op2"),
    certifiedOperators: [{ node: id("op2"), level: "advanced", score: 70 }],
  });
  await sdk.equipment.upsert({ ...id("eq1"), serialNumber: "SN-eq1", supervisor: id("op2") });
  // Many: equipment in the South plant, all certified to op3.
  const many = Array.from({ length: MANY }, (_, i) =>
    equipment(`m${i}`, { facility: id("south"), priority: i }),
  );
  await sdk.equipment.upsert(many);
  await sdk.operator.upsert({
    ...id("op3"),
    certifications: many.map((m, i) => ({ node: id(m.externalId), level: i % 2 === 0 ? "expert" : "basic" })),
  });
}, 120_000);

describe("nested writes", () => {
  it("read back intact: nodes, edges with their properties and the node at the other end", async () => {
    const op1 = await sdk.operator.retrieve(id("op1"), {
      include: {
        certifications: { sort: { property: "serialNumber" } },
        installations: "ids",
        managedFacility: true,
      },
    });
    expect(op1?.certifications.map((c) => [c.externalId, c.level, c.score, c.node.serialNumber])).toEqual([
      ["op1:certified:eq1", "expert", 95, "SN-eq1"],
      ["op1:certified:eq2", "basic", 40, "SN-eq2"],
    ]);
    expect(op1?.certifications[0]?.certifiedAt).toEqual(new Date(Date.UTC(2024, 0, 2)));
    expect(op1?.certifications[0]?.node.facility).toEqual(id("north"));
    expect(xids(op1?.installations)).toEqual(["eq1", "eq3"]);
    expect(op1?.managedFacility?.location).toBe("North");
    const op2 = await sdk.operator.retrieve(id("op2"));
    expect(op2?.fullName).toBe("Bob"); // written as the nested manager of the South plant
  });
});

describe("expansion on retrieve and list", () => {
  it("distinguishes not fetched (absent) from none (null / [])", async () => {
    const [op1, op3] = await sdk.operator.retrieve([id("op1"), id("op3")]);
    expect(op1 && "certifications" in op1).toBe(false);
    const [withFacility] = await sdk.operator.list({
      filter: OperatorFields.externalId.equals("op3").and(OperatorFields.space.equals(SPACE)),
      include: { managedFacility: true, supervises: true },
    });
    expect(withFacility?.managedFacility).toBeNull();
    expect(withFacility?.supervises).toEqual([]);
    expect(op3?.fullName).toBe("Cyd");
  });

  it("reverse relations through a single and a list direct relation, several levels deep", async () => {
    const [north] = await sdk.facility.list({
      filter: FacilityFields.location.equals("North").and(FacilityFields.space.equals(SPACE)),
      include: { equipment: { include: { supervisor: true } }, backupEquipment: "ids", manager: true },
    });
    expect(xids(north?.equipment)).toEqual(["eq1", "eq2", "pump1"]);
    const eq1 = north?.equipment.find((e) => e.externalId === "eq1");
    expect(eq1?.supervisor?.fullName).toBe("Bob");
    expect(xids(north?.backupEquipment)).toEqual(["pump1"]);
    expect(north?.manager?.fullName).toBe("Ada");
  });

  it("edges in both directions, and inherited connections on Pump", async () => {
    const op2 = await sdk.operator.retrieve(id("op2"), { include: { supervises: true } });
    expect(xids(op2?.supervises)).toEqual(["eq1", "pump1"]);
    const pump = await sdk.pump.retrieve(id("pump1"), {
      include: { supervisor: true, certifiedOperators: true, installedBy: true },
    });
    expect(pump?.supervisor?.externalId).toBe("op2");
    expect(pump?.certifiedOperators.map((c) => [c.level, c.node.fullName])).toEqual([["advanced", "Bob"]]);
    expect(pump?.installedBy).toBeNull();
    const eq3 = await sdk.equipment.retrieve(id("eq3"), { include: { installedBy: true } });
    expect(eq3?.installedBy?.fullName).toBe("Ada");
  });

  it("pages every connection list to the end (more than one page per result set)", async () => {
    const south = await sdk.facility.retrieve(id("south"), { include: { equipment: "ids" } });
    expect(south?.equipment).toHaveLength(MANY + 1); // eq3 too
    const op3 = await sdk.operator.retrieve(id("op3"), { include: { certifications: true } });
    expect(op3?.certifications).toHaveLength(MANY);
    expect(new Set(op3?.certifications.map((c) => c.node.externalId)).size).toBe(MANY);
  });
});

describe("query builder", () => {
  it("follows several hops with a filter at every hop", async () => {
    const experts = await sdk.facility
      .query({ filter: FacilityFields.location.equals("North").and(FacilityFields.space.equals(SPACE)) })
      .follow("equipment", { filter: EquipmentFields.isActive.equals(true) })
      .follow("certifiedOperators", {
        filter: OperatorFields.fullName.prefix("A"),
        edgeFilter: CertificationFields.level.equals("expert"),
      })
      .list();
    expect(xids(experts)).toEqual(["op1"]);
  });

  it("pages across hops from more than 1000 parents", async () => {
    const certifiedInSouth = await sdk.facility
      .query({ filter: FacilityFields.externalId.equals("south").and(FacilityFields.space.equals(SPACE)) })
      .follow("equipment", { filter: EquipmentFields.priority.gte(100) })
      .follow("certifiedOperators", { edgeFilter: CertificationFields.level.equals("expert") })
      .list({ limit: null });
    expect(xids(certifiedInSouth)).toEqual(["op3"]);
    const equipmentOfOp3 = await sdk.operator
      .query({ filter: OperatorFields.externalId.equals("op3").and(OperatorFields.space.equals(SPACE)) })
      .follow("certifications", { edgeFilter: CertificationFields.level.equals("expert") })
      .follow("facility")
      .include({ manager: true })
      .list({ limit: null });
    expect(equipmentOfOp3.map((f) => [f.externalId, f.manager?.fullName])).toEqual([["south", "Bob"]]);
    const ids = await sdk.operator
      .query({ filter: OperatorFields.externalId.equals("op3").and(OperatorFields.space.equals(SPACE)) })
      .follow("certifications")
      .ids();
    expect(ids).toHaveLength(MANY);
  });

  it("names the hop in errors", async () => {
    const tooMany = EquipmentFields.serialNumber.in(Array.from({ length: 1001 }, (_, i) => `SN-${i}`));
    expect(() => sdk.facility.query().follow("equipment", { filter: tooMany })).toThrow(TraversalError);
    expect(() => sdk.facility.query().follow("equipment", { filter: tooMany })).toThrow(
      /Facility\.equipment/,
    );
  });
});

describe("edges()", () => {
  it("lists the edges of a connection, filtered on the edges' properties", async () => {
    const expert = await sdk.operator.edges("certifications", {
      from: id("op1"),
      filter: CertificationFields.score.gte(90),
    });
    expect(expert.map((c) => [c.endNode.externalId, c.level])).toEqual([["eq1", "expert"]]);
    const toPump = await sdk.equipment.edges("certifiedOperators", { from: id("pump1") });
    expect(toPump.map((c) => c.startNode.externalId)).toEqual(["op2"]);
    const installs = await sdk.operator.edges("installations", { from: id("op1"), limit: null });
    expect(installs.map((e) => e.endNode.externalId).sort()).toEqual(["eq1", "eq3"]);
  });
});

describe("sync", () => {
  it("sees creates, updates and deletes, and resumes from a saved cursor", async () => {
    const filter = EquipmentFields.space.equals(SPACE).and(EquipmentFields.name.prefix("feed"));
    const initial = sdk.equipment.sync({ filter });
    const before = await initial.toArray();
    expect(before.flatMap((b) => b.items)).toEqual([]);
    const cursor = initial.cursor;
    await sdk.equipment.upsert([
      equipment("feed1", { name: "feed one" }),
      equipment("feed2", { name: "feed two" }),
    ]);
    const created = sdk.equipment.sync({ filter, cursor });
    expect(xids((await created.toArray()).flatMap((b) => b.items))).toEqual(["feed1", "feed2"]);
    await sdk.equipment.upsert({ ...id("feed1"), serialNumber: "SN-feed1", priority: 7 });
    await sdk.equipment.delete(id("feed2"));
    const changes = await sdk.equipment.sync({ filter, cursor: created.cursor }).toArray();
    expect(changes.flatMap((b) => b.items).map((e) => [e.externalId, e.priority])).toEqual([["feed1", 7]]);
    expect(changes.flatMap((b) => b.deleted).map((d) => d.externalId)).toEqual(["feed2"]);
  });
});
