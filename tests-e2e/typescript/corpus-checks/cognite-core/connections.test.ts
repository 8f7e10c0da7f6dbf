// The CogniteCore SDK (generated with its connections, the default) against pygen-emulator: the asset
// hierarchy and what points at it, through reverse direct relations (single and list). generate.py
// copies this file to generated/cognite-core/checks/ when ../shared/models is present.
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorConfig, freshSpace } from "../../../test/emulator.js";
import {
  CogniteAssetFields,
  type CogniteAssetWrite,
  CogniteCoreClient,
  CogniteDescribableEdgeFields,
  CogniteDescribableFields,
  CogniteEquipmentFields,
  CogniteTimeSeriesFields,
} from "../src/index.js";

const SPACE = "e2e_cognite_core_connections";
const sdk = new CogniteCoreClient(emulatorConfig("e2e-cognite-core-connections"));
const id = (externalId: string) => ({ space: SPACE, externalId });
const xids = (items: readonly { externalId: string }[]) => items.map((i) => i.externalId).sort();
/** Children of `many`: more than one page (1000), so the reverse hop and the include must page. */
const MANY = 1100;

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  const areas: CogniteAssetWrite[] = ["area-a", "area-b"].map((x) => ({
    ...id(x),
    name: x,
    parent: id("plant"),
  }));
  await sdk.upsert({
    cogniteAsset: [
      { ...id("plant"), name: "plant" },
      ...areas,
      { ...id("many"), name: "many", parent: id("plant") },
      ...Array.from({ length: MANY }, (_, i) => ({
        ...id(`leaf-${i}`),
        name: `leaf ${i}`,
        parent: id("many"),
      })),
    ],
    cogniteEquipment: [
      { ...id("pump-a"), name: "pump a", manufacturer: "Acme", asset: id("area-a") },
      { ...id("pump-b"), name: "pump b", manufacturer: "Other", asset: id("area-b") },
      { ...id("valve-a"), name: "valve a", manufacturer: "Acme", asset: id("area-a") },
    ],
    cogniteTimeSeries: [
      { ...id("ts-flow"), name: "flow", type_: "numeric", assets: [id("area-a")], equipment: [id("pump-a")] },
      {
        ...id("ts-state"),
        name: "state",
        type_: "string",
        assets: [id("area-a")],
        equipment: [id("pump-a")],
      },
      { ...id("ts-b"), name: "b flow", type_: "numeric", assets: [id("area-b")], equipment: [id("pump-b")] },
    ],
  });
});

describe("CogniteCore connections (generated SDK)", () => {
  it("follows asset → children → equipment → time series with a filter at each hop", async () => {
    const series = await sdk.cogniteAsset
      .query({
        filter: CogniteAssetFields.externalId.equals("plant").and(CogniteAssetFields.space.equals(SPACE)),
      })
      .follow("children", { filter: CogniteAssetFields.name.prefix("area") })
      .follow("equipment", { filter: CogniteEquipmentFields.manufacturer.equals("Acme") })
      .follow("timeSeries", { filter: CogniteTimeSeriesFields.type_.equals("numeric") })
      .list();
    expect(xids(series)).toEqual(["ts-flow"]);
  });

  it("reads reverse relations through single (parent) and list (assets) direct relations", async () => {
    const areaA = await sdk.cogniteAsset.retrieve(id("area-a"), {
      include: { parent: true, equipment: "ids", timeSeries: true },
    });
    expect(areaA?.parent?.name).toBe("plant");
    expect(xids(areaA?.equipment ?? [])).toEqual(["pump-a", "valve-a"]);
    expect(areaA?.timeSeries?.map((t) => [t.externalId, t.type_]).sort()).toEqual([
      ["ts-flow", "numeric"],
      ["ts-state", "string"],
    ]);
    const pumpA = await sdk.cogniteEquipment.retrieve(id("pump-a"), {
      include: { timeSeries: "ids", asset: true },
    });
    expect(xids(pumpA?.timeSeries ?? [])).toEqual(["ts-flow", "ts-state"]);
    expect(pumpA?.asset?.externalId).toBe("area-a");
  });

  it("includes children past one page, and pages the reverse hop", async () => {
    const many = await sdk.cogniteAsset.retrieve(id("many"), { include: { children: "ids" } });
    expect(many?.children).toHaveLength(MANY);
    const [plant] = await sdk.cogniteAsset.list({
      filter: CogniteAssetFields.externalId.equals("plant").and(CogniteAssetFields.space.equals(SPACE)),
      include: { children: { sort: { property: "name" }, include: { children: "ids" } } },
    });
    expect(plant?.children?.map((c) => [c.name, c.children.length])).toEqual([
      ["area-a", 0],
      ["area-b", 0],
      ["many", MANY],
    ]);
    const leaves = await sdk.cogniteAsset
      .query({
        filter: CogniteAssetFields.externalId.equals("plant").and(CogniteAssetFields.space.equals(SPACE)),
      })
      .follow("children")
      .follow("children", { filter: CogniteAssetFields.name.prefix("leaf 10") })
      .list({ limit: null });
    // leaf 10, leaf 100-109, leaf 1000-1099
    expect(leaves).toHaveLength(1 + 10 + 100);
  });

  it("a usedFor: all view reads nodes through its node shape and edges through its edge shape", async () => {
    await sdk.upsert({
      cogniteDescribableEdge: [
        {
          ...id("feeds"),
          type: id("feeds-type"),
          startNode: id("area-a"),
          endNode: id("area-b"),
          name: "feeds",
        },
      ],
    });
    const named = (name: string) =>
      CogniteDescribableFields.name.equals(name).and(CogniteDescribableFields.space.equals(SPACE));
    const edges = await sdk.cogniteDescribableEdge.list({
      filter: CogniteDescribableEdgeFields.name
        .equals("feeds")
        .and(CogniteDescribableEdgeFields.space.equals(SPACE)),
    });
    expect(edges.map((e) => [e.instanceType, e.startNode.externalId, e.name])).toEqual([
      ["edge", "area-a", "feeds"],
    ]);
    expect(await sdk.cogniteDescribable.list({ filter: named("feeds") })).toEqual([]);
    expect(xids(await sdk.cogniteDescribable.list({ filter: named("area-a") }))).toEqual(["area-a"]);
  });
});
