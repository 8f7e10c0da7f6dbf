// Connections against pygen-emulator over HTTP: nested writes read back, include (ids and objects,
// nested), reverse relations through single and list direct relations, edges both ways, multi-hop
// queries with filters at every hop, paging past one page per hop, edges(), and sync feeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PygenClient, rawFilter, TraversalError } from "../src/index.js";
import {
  BladeAPI,
  BladeFields,
  type BladeWrite,
  HAS_SENSOR,
  MODEL,
  MountAPI,
  MountFields,
  SensorAPI,
  SensorFields,
  SPACE,
  TurbineAPI,
  TurbineFields,
} from "./connection-fixtures.js";
import { type Emulator, startEmulator } from "./emulator.js";

let emulator: Emulator;
let client: PygenClient;
let turbines: TurbineAPI;
let blades: BladeAPI;
let sensors: SensorAPI;
let mounts: MountAPI;

const id = (externalId: string) => ({ space: SPACE, externalId });
const ids = (items: readonly { externalId: string }[]) => items.map((i) => i.externalId).sort();

beforeAll(async () => {
  emulator = await startEmulator();
  client = emulator.client;
  await client.post("/models/spaces", { items: [{ space: SPACE }] });
  await client.post("/models/containers", { items: MODEL.containers });
  await client.post("/models/views", { items: MODEL.views });
  turbines = new TurbineAPI(client);
  blades = new BladeAPI(client);
  sensors = new SensorAPI(client);
  mounts = new MountAPI(client);
  // t1: blades b1..b4 (b2, b4 damaged), spare blade b5; t2: blade b6; t3: none.
  // b1 → s1 (weight 1), s2 (weight 2); b2 → s2 (weight 3), s3 (weight 4); b4 → s4; primary b1 → s1.
  await turbines.upsert([
    { ...id("t1"), name: "WT-01", capacity: 5 },
    { ...id("t2"), name: "WT-02", capacity: 3 },
    { ...id("t3"), name: "other", capacity: 1 },
  ]);
  await sensors.upsert([1, 2, 3, 4].map((n) => ({ ...id(`s${n}`), label: `sensor ${n}`, position: n * 10 })));
  const blade = (n: number, turbine: string | null, damaged: boolean): BladeWrite => ({
    ...id(`b${n}`),
    name: `blade ${n}`,
    isDamaged: damaged,
    turbine: turbine === null ? null : id(turbine),
  });
  await blades.upsert([
    {
      ...blade(1, "t1", false),
      sensors: [
        { node: id("s1"), weight: 1 },
        { node: id("s2"), weight: 2 },
      ],
      primary: id("s1"),
    },
    {
      ...blade(2, "t1", true),
      sensors: [
        { node: id("s2"), weight: 3 },
        { node: id("s3"), weight: 4 },
      ],
    },
    blade(3, "t1", false),
    { ...blade(4, "t1", true), sensors: [{ node: id("s4"), weight: 5, note: "loose" }] },
    { ...blade(5, null, false), spareFor: [id("t1"), id("t2")] },
    blade(6, "t2", false),
  ]);
}, 90_000);

afterAll(async () => {
  await emulator?.stop();
});

describe("include", () => {
  it("leaves connections that were not asked for out (not fetched)", async () => {
    const t1 = await turbines.retrieve(id("t1"));
    expect(t1).toBeDefined();
    expect(t1 !== undefined && "blades" in t1).toBe(false);
  });

  it("fetches a reverse relation through a single direct relation, as objects or ids; none is []", async () => {
    const found = await turbines.retrieve([id("t1"), id("t3")], { include: { blades: true } });
    const [t1, t3] = found;
    expect(ids(t1?.blades ?? [])).toEqual(["b1", "b2", "b3", "b4"]);
    expect(t1?.blades[0]?.name).toMatch(/^blade /);
    expect(t3?.blades).toEqual([]);
    const asIds = await turbines.retrieve(id("t1"), { include: { blades: "ids" } });
    expect(asIds?.blades.map((b) => Object.keys(b).sort())).toEqual(Array(4).fill(["externalId", "space"]));
  });

  it("fetches a reverse relation through a list direct relation", async () => {
    const list = await turbines.list({ include: { spareBlades: true }, sort: { property: "externalId" } });
    expect(list.map((t) => [t.externalId, ids(t.spareBlades)])).toEqual([
      ["t1", ["b5"]],
      ["t2", ["b5"]],
      ["t3", []],
    ]);
  });

  it("fetches edges with properties as edge objects carrying the node; single edges as an object or null", async () => {
    const [b1, b3] = await blades.retrieve([id("b1"), id("b3")], {
      include: { sensors: { sort: { property: "position" } }, primary: true },
    });
    expect(b1?.sensors.map((e) => [e.weight, e.node.externalId, e.node.position])).toEqual([
      [1, "s1", 10],
      [2, "s2", 20],
    ]);
    expect(b1?.sensors[0]?.externalId).toBe("b1:hasSensor:s1");
    expect(b1?.sensors[0]?.type).toEqual(HAS_SENSOR);
    expect(b1?.primary?.externalId).toBe("s1");
    expect(b3?.sensors).toEqual([]);
    expect(b3?.primary).toBeNull();
  });

  it("follows edges inwards and expands several levels, with filters on nodes and edges", async () => {
    const s2 = await sensors.retrieve(id("s2"), {
      include: { blades: { filter: BladeFields.isDamaged.equals(true), include: { turbine: true } } },
    });
    expect(s2?.blades.map((b) => [b.externalId, b.turbine?.name])).toEqual([["b2", "WT-01"]]);
    const heavy = await blades.retrieve(id("b2"), {
      include: { sensors: { edgeFilter: MountFields.weight.gt(3) } },
    });
    expect(heavy?.sensors.map((e) => e.node.externalId)).toEqual(["s3"]);
  });

  it("expands a direct relation (single and list) to objects, in the stored order", async () => {
    const b5 = await blades.retrieve(id("b5"), { include: { spareFor: true, turbine: true } });
    expect(b5?.spareFor.map((t) => t.name)).toEqual(["WT-01", "WT-02"]);
    expect(b5?.turbine).toBeNull();
  });

  it("expands on iterate, page by page", async () => {
    const seen: string[] = [];
    for await (const page of blades.iterate({ pageSize: 2, include: { turbine: true } }).pages()) {
      for (const b of page.items) seen.push(`${b.externalId}:${b.turbine?.externalId ?? "-"}`);
    }
    expect(seen.sort()).toEqual(["b1:t1", "b2:t1", "b3:t1", "b4:t1", "b5:-", "b6:t2"]);
  });
});

describe("query builder", () => {
  it("follows several hops with a filter at every hop and returns the last hop", async () => {
    const result = await turbines
      .query({ filter: TurbineFields.name.prefix("WT") })
      .follow("blades", { filter: BladeFields.isDamaged.equals(true) })
      .follow("sensors", { filter: SensorFields.position.gte(20), edgeFilter: MountFields.weight.lt(5) })
      .list({ limit: null });
    expect(ids(result)).toEqual(["s2", "s3"]);
  });

  it("goes back and forth over edges in both directions, distinct per hop", async () => {
    const back = await sensors
      .query({ filter: SensorFields.externalId.equals("s2") })
      .follow("blades")
      .follow("sensors")
      .list();
    expect(ids(back)).toEqual(["s1", "s2", "s3"]);
  });

  it("nests results with include, several levels deep", async () => {
    const [t1] = await turbines
      .query({ filter: TurbineFields.externalId.equals("t1") })
      .include({ blades: { filter: BladeFields.isDamaged.equals(true), include: { sensors: true } } })
      .list();
    expect(t1?.blades.map((b) => [b.externalId, b.sensors.map((e) => e.node.externalId).sort()])).toEqual([
      ["b2", ["s2", "s3"]],
      ["b4", ["s4"]],
    ]);
  });

  it("streams with iterate and gives ids", async () => {
    const q = turbines.query().follow("blades").follow("turbine");
    const streamed: string[] = [];
    for await (const t of q.iterate()) streamed.push(t.externalId);
    expect(streamed.sort()).toEqual(["t1", "t2"]);
    expect(ids(await q.ids())).toEqual(["t1", "t2"]);
  });

  it("caps a hop with limit", async () => {
    const two = await turbines.query().follow("blades", { limit: 2 }).list({ limit: null });
    expect(two).toHaveLength(2);
  });

  it("splits a chain longer than 50 result sets and goes on from the ids reached", async () => {
    let query = turbines.query({ filter: TurbineFields.name.equals("WT-02") });
    for (let i = 0; i < 30; i++) query = query.follow("blades").follow("turbine"); // 61 sets with the roots
    expect(ids(await query.list({ limit: null }))).toEqual(["t2"]);
  });
});

describe("edges()", () => {
  it("lists the edges of a connection between given nodes, filtered on edge properties", async () => {
    const all = await blades.edges("sensors", { from: [id("b1"), id("b2")], limit: null });
    expect(all.map((e) => e.externalId).sort()).toEqual([
      "b1:hasSensor:s1",
      "b1:hasSensor:s2",
      "b2:hasSensor:s2",
      "b2:hasSensor:s3",
    ]);
    const heavy = await blades.edges("sensors", { to: id("s2"), filter: MountFields.weight.gte(3) });
    expect(heavy.map((e) => [e.startNode.externalId, e.weight])).toEqual([["b2", 3]]);
    const inwards = await sensors.edges("blades", { from: id("s4") });
    expect(inwards.map((e) => [e.startNode.externalId, e.endNode.externalId])).toEqual([["b4", "s4"]]);
    expect(await mounts.list({ filter: MountFields.note.equals("loose") })).toHaveLength(1);
  });
});

describe("errors name the hop", () => {
  it("wraps an API error of a hop in a TraversalError naming it", async () => {
    const bad = rawFilter({ equals: { property: [SPACE, "Blade/1", "noSuchProperty"], value: 1 } });
    const run = turbines.query().follow("blades").follow("sensors", { filter: bad }).list();
    await expect(run).rejects.toThrow(TraversalError);
    await expect(run).rejects.toThrow(/hop 2 \(Blade\.sensors\)/);
  });

  it("rejects a hop that cannot be split within the API's limits before any request", () => {
    const huge = SensorFields.label.in(Array.from({ length: 1001 }, (_, i) => `l${i}`));
    expect(() => blades.query().follow("sensors", { filter: huge })).toThrow(
      /hop 1 \(Blade\.sensors\): filter has a list of 1001 values/,
    );
  });
});

describe("nested writes", () => {
  it("writes direct relations and edges to write objects, nodes before edges, and reads them back intact", async () => {
    const result = await blades.upsert({
      ...id("nb1"),
      name: "nested blade",
      turbine: { ...id("nt1"), name: "nested turbine", capacity: 7 },
      spareFor: [id("t3"), { ...id("nt2"), name: "second nested turbine" }],
      sensors: [
        { ...id("ns1"), label: "new sensor", position: 1 },
        { node: { ...id("ns2"), label: "edge sensor", position: 2 }, weight: 9.5, note: "nested" },
        { node: id("s1"), weight: 0.5, externalId: "custom-edge-id" },
      ],
      primary: id("s4"),
    });
    expect(result.items.map((r) => `${r.instanceType}:${r.externalId}:${r.status}`)).toEqual([
      "node:nb1:created",
      "node:nt1:created",
      "node:nt2:created",
      "node:ns1:created",
      "node:ns2:created",
      "edge:nb1:hasSensor:ns1:created",
      "edge:nb1:hasSensor:ns2:created",
      "edge:custom-edge-id:created",
      "edge:nb1:primary:s4:created",
    ]);
    const nb1 = await blades.retrieve(id("nb1"), {
      include: { turbine: true, spareFor: true, sensors: { sort: { property: "position" } }, primary: "ids" },
    });
    expect(nb1?.turbine?.capacity).toBe(7);
    expect(nb1?.spareFor.map((t) => t.externalId)).toEqual(["t3", "nt2"]);
    expect(nb1?.sensors.map((e) => [e.externalId, e.weight, e.note, e.node.label])).toEqual([
      ["nb1:hasSensor:ns1", null, null, "new sensor"], // position 1
      ["nb1:hasSensor:ns2", 9.5, "nested", "edge sensor"], // position 2
      ["custom-edge-id", 0.5, null, "sensor 1"], // position 10
    ]);
    expect(nb1?.primary).toEqual(id("s4"));
    // writing the same again changes nothing
    const again = await blades.upsert({
      ...id("nb1"),
      sensors: [{ node: id("s1"), weight: 0.5, externalId: "custom-edge-id" }],
    });
    expect(again.items.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
  });
});

describe("paging across hops", () => {
  const N = 1205; // more than one page (1000) per result set, and more than one chunk of 1000 parents
  beforeAll(async () => {
    await turbines.upsert({ ...id("big"), name: "big turbine" });
    const many: BladeWrite[] = Array.from({ length: N }, (_, i) => ({
      ...id(`big-b${i}`),
      name: `big blade ${i}`,
      isDamaged: i % 2 === 0,
      turbine: id("big"),
    }));
    many[0] = {
      ...many[0],
      ...id("big-b0"),
      sensors: Array.from({ length: N }, (_, i) => ({
        node: { ...id(`big-s${i}`), position: i },
        weight: i,
      })),
    };
    for (let i = 1; i < N; i++) many[i] = { ...many[i], ...id(`big-b${i}`), primary: id(`big-s${i}`) };
    await blades.upsert(many);
  }, 120_000);

  it("expands a reverse relation and an edge connection with more than one page of children", async () => {
    const big = await turbines.retrieve(id("big"), { include: { blades: "ids" } });
    expect(big?.blades).toHaveLength(N);
    const b0 = await blades.retrieve(id("big-b0"), { include: { sensors: true } });
    expect(b0?.sensors).toHaveLength(N);
    expect(new Set(b0?.sensors.map((e) => e.node.externalId)).size).toBe(N);
  });

  it("follows hops from more than 1000 parents, with filters on each", async () => {
    const reached = await turbines
      .query({ filter: TurbineFields.externalId.equals("big") })
      .follow("blades", { filter: BladeFields.isDamaged.equals(false) })
      .follow("primary", { filter: SensorFields.position.gte(100) })
      .list({ limit: null });
    // odd blades 1..1203 point at big-s<i>; those with position >= 100
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i % 2 === 1 && i >= 100);
    expect(reached).toHaveLength(expected.length);
    const all = await turbines
      .query({ filter: TurbineFields.externalId.equals("big") })
      .follow("blades")
      .ids();
    expect(all).toHaveLength(N);
  });
});

describe("sync", () => {
  it("sees creates, updates and deletes since a cursor, and resumes from a saved cursor", async () => {
    const filter = SensorFields.label.prefix("feed");
    const first = sensors.sync({ filter, pageSize: 2 });
    await sensors.upsert([1, 2, 3].map((n) => ({ ...id(`feed${n}`), label: `feed ${n}`, position: n })));
    const initial = await first.toArray();
    expect(initial.flatMap((b) => b.items.map((s) => s.externalId)).sort()).toEqual([
      "feed1",
      "feed2",
      "feed3",
    ]);
    expect(initial.length).toBeGreaterThan(1); // pages of 2
    const saved = first.cursor;
    expect(saved).toEqual(initial.at(-1)?.cursor);
    const quiet = await sensors.sync({ filter, cursor: saved }).toArray();
    expect(quiet.flatMap((b) => [...b.items, ...b.deleted])).toEqual([]);

    await sensors.upsert({ ...id("feed2"), label: "feed 2 updated" });
    await sensors.upsert({ ...id("feed4"), label: "feed 4" });
    await sensors.delete(id("feed1"));
    const changes = await sensors.sync({ filter, cursor: saved }).toArray();
    const changed = changes.flatMap((b) => b.items);
    expect(changed.map((s) => [s.externalId, s.label]).sort()).toEqual([
      ["feed2", "feed 2 updated"],
      ["feed4", "feed 4"],
    ]);
    const deleted = changes.flatMap((b) => b.deleted);
    expect(deleted.map((d) => d.externalId)).toEqual(["feed1"]);
    expect(deleted[0]?.deletedTime).toBeInstanceOf(Date);
  });
});
