// The example SDK generated with connection declarations (the generator's default,
// docs/connections.md) against pygen-emulator: the declared edges, reverse relations and direct-relation
// targets expand through `include`, so the generated declarations match what the runtime needs.
import { beforeAll, describe, expect, it } from "vitest";
import { CERTIFIED, ExampleClient, FacilityFields, INSTALLED } from "../generated/example/src/index.js";
import { emulatorConfig, freshSpace } from "./emulator.js";

const SPACE = "e2e_connections";
const sdk = new ExampleClient(emulatorConfig("e2e-connections"));
const id = (externalId: string) => ({ space: SPACE, externalId });

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  await sdk.upsert({
    operator: [{ ...id("op"), fullName: "Grace Hopper" }],
    facility: [{ ...id("fac"), name: "Plant", manager: id("op") }],
    equipment: [{ ...id("eq"), serialNumber: "E-1", facility: id("fac") }],
    pump: [{ ...id("pump"), serialNumber: "P-1", facility: id("fac") }],
    certification: [
      { ...id("cert"), type: CERTIFIED, startNode: id("op"), endNode: id("eq"), level: "basic", score: 7 },
    ],
    edges: [{ ...id("inst"), type: INSTALLED, startNode: id("op"), endNode: id("pump") }],
  });
});

describe("generated connection declarations", () => {
  it("expand edges (with and without properties) and a single reverse relation", async () => {
    const operator = await sdk.operator.retrieve(id("op"), {
      include: { certifications: true, installations: "ids", managedFacility: true },
    });
    expect(operator?.certifications?.map((c) => [c.level, c.score, c.node.externalId])).toEqual([
      ["basic", 7, "eq"],
    ]);
    expect(operator?.installations).toEqual([id("pump")]);
    expect(operator?.managedFacility?.name).toBe("Plant");
  });

  it("expand a multi reverse relation and a direct relation with a target view", async () => {
    const [facility] = await sdk.facility.list({
      filter: FacilityFields.space.equals(SPACE),
      include: { equipment: "ids" },
    });
    expect(facility?.equipment?.map((e) => e.externalId).sort()).toEqual(["eq", "pump"]);
    const equipment = await sdk.equipment.retrieve(id("eq"), { include: { facility: true } });
    expect(equipment?.facility).toMatchObject({ externalId: "fac", name: "Plant" });
  });
});
