// The WindTurbine SDK (generated with its connections, the default) against pygen-emulator: typed
// connection queries over a real model. generate.py copies this file to
// generated/wind-turbine/checks/ when ../shared/models is present (imports resolve from there).
// Turbine → blades (direct list) → sensor positions (reverse of SensorPosition.blade), metmasts
// through Distance edges with properties (and back, inwards).
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorConfig, freshSpace } from "../../../test/emulator.js";
import {
  BladeFields,
  type BladeWrite,
  DistanceFields,
  MetmastFields,
  SensorPositionFields,
  type SensorPositionWrite,
  WindTurbineClient,
  WindTurbineFields,
} from "../src/index.js";

const SPACE = "e2e_wind_turbine_connections";
const sdk = new WindTurbineClient(emulatorConfig("e2e-wind-turbine-connections"));
const id = (externalId: string) => ({ space: SPACE, externalId });
const xids = (items: readonly { externalId: string }[]) => items.map((i) => i.externalId).sort();
/** Blade b1 has more sensor positions than one page (1000), so every hop and include must page. */
const MANY = 1200;

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  const blades: BladeWrite[] = [
    { ...id("b1"), name: "north-1", isDamaged: true },
    { ...id("b2"), name: "north-2", isDamaged: false },
    { ...id("b3"), name: "north-3", isDamaged: true },
    { ...id("b4"), name: "south-1", isDamaged: true },
  ];
  const positions: SensorPositionWrite[] = [
    ...Array.from({ length: MANY }, (_, i) => ({ ...id(`b1-p${i}`), blade: id("b1"), position: i })),
    { ...id("b2-p0"), blade: id("b2"), position: 50 },
    { ...id("b3-p0"), blade: id("b3"), position: 5 },
    { ...id("b3-p1"), blade: id("b3"), position: 80 },
    { ...id("b4-p0"), blade: id("b4"), position: 90 },
  ];
  await sdk.upsert({
    blade: blades,
    sensorPosition: positions,
    metmast: [
      { ...id("m1"), position: 1 },
      { ...id("m2"), position: 2 },
    ],
    windTurbine: [
      {
        ...id("wt1"),
        name: "north turbine",
        windfarm: "North",
        blades: [id("b1"), id("b2"), id("b3")],
        // Nested edges with properties: Distance edges to the metmasts.
        metmast: [
          { node: id("m1"), distance: 120 },
          { node: id("m2"), distance: 900 },
        ],
      },
      {
        ...id("wt2"),
        name: "south turbine",
        windfarm: "South",
        blades: [id("b4")],
        metmast: [{ node: id("m1"), distance: 300 }],
      },
    ],
  });
});

describe("WindTurbine connections (generated SDK)", () => {
  it("follows turbine → blades → sensor positions with a filter at each hop", async () => {
    const found = await sdk.windTurbine
      .query({
        filter: WindTurbineFields.windfarm.equals("North").and(WindTurbineFields.space.equals(SPACE)),
      })
      .follow("blades", { filter: BladeFields.isDamaged.equals(true) })
      .follow("sensorPositions", { filter: SensorPositionFields.position.gte(1000) })
      .list({ limit: null });
    // wt2's blade b4 (position 90) is cut at the first hop, b2 at the second, b3's (5, 80) at the third.
    expect(xids(found)).toEqual(Array.from({ length: MANY - 1000 }, (_, i) => `b1-p${1000 + i}`).sort());
    const ids = await sdk.windTurbine
      .query({
        filter: WindTurbineFields.externalId.equals("wt1").and(WindTurbineFields.space.equals(SPACE)),
      })
      .follow("blades", { filter: BladeFields.name.prefix("north") })
      .follow("sensorPositions")
      .ids();
    expect(ids).toHaveLength(MANY + 3);
  });

  it("reads reverse relations: a blade's sensor positions, a metmast's turbines through Distance edges", async () => {
    const b3 = await sdk.blade.retrieve(id("b3"), { include: { sensorPositions: true } });
    expect(b3?.sensorPositions?.map((p) => [p.externalId, p.position]).sort()).toEqual([
      ["b3-p0", 5],
      ["b3-p1", 80],
    ]);
    const m1 = await sdk.metmast.retrieve(id("m1"), { include: { windTurbines: true } });
    expect(m1?.windTurbines?.map((e) => [e.node.externalId, e.distance]).sort()).toEqual([
      ["wt1", 120],
      ["wt2", 300],
    ]);
    // Edge filters on the edge view's properties, and the inwards hop back to the turbines.
    const near = await sdk.metmast
      .query({ filter: MetmastFields.space.equals(SPACE) })
      .follow("windTurbines", { edgeFilter: DistanceFields.distance.lt(200) })
      .list();
    expect(xids(near)).toEqual(["wt1"]);
  });

  it("includes past one page at every level (blades, then their 1200+ sensor positions)", async () => {
    const [wt1] = await sdk.windTurbine.list({
      filter: WindTurbineFields.externalId.equals("wt1").and(WindTurbineFields.space.equals(SPACE)),
      include: {
        blades: { sort: { property: "name" }, include: { sensorPositions: "ids" } },
        metmast: { edgeFilter: DistanceFields.distance.gt(500) },
      },
    });
    expect(wt1?.blades?.map((b) => [b.name, b.sensorPositions.length])).toEqual([
      ["north-1", MANY],
      ["north-2", 1],
      ["north-3", 2],
    ]);
    expect(wt1?.metmast?.map((e) => [e.node.externalId, e.distance])).toEqual([["m2", 900]]);
    const b1 = await sdk.blade.retrieve(id("b1"), {
      include: { sensorPositions: { filter: SensorPositionFields.position.lt(1100) } },
    });
    expect(b1?.sensorPositions).toHaveLength(1100);
  });
});
