// query().follow() as chained /query requests against pygen-emulator (docs/connections.md §3 "Chained
// requests"): depth-first paging over every level, where chains are split (a reverse relation through a
// list, a middle hop limit; 50 result sets in connections-emulator.test.ts, with the API's limits) and
// errors naming the hop. Result sets are limited to 2 (instead of the API's 10,000), so every set of a
// chain has several pages.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BadRequestError, rawFilter, TraversalError } from "../src/index.js";
import {
  BladeAPI,
  type BladeWrite,
  MODEL,
  SensorAPI,
  SPACE,
  TurbineAPI,
  TurbineFields,
} from "./connection-fixtures.js";
import { type Emulator, startEmulator } from "./emulator.js";

vi.mock("../src/_connections.js", async (original) => ({
  ...(await original<typeof import("../src/_connections.js")>()),
  MAX_QUERY_LIMIT: 2,
}));

let emulator: Emulator;
let turbines: TurbineAPI;
/** The sensors each turbine reaches through its blades. */
const reach = new Map<string, Set<string>>();

const id = (externalId: string) => ({ space: SPACE, externalId });
const ids = (items: readonly { externalId: string }[]) => items.map((i) => i.externalId).sort();

beforeAll(async () => {
  emulator = await startEmulator();
  const { client } = emulator;
  await client.post("/models/spaces", { items: [{ space: SPACE }] });
  await client.post("/models/containers", { items: MODEL.containers });
  await client.post("/models/views", { items: MODEL.views });
  turbines = new TurbineAPI(client);
  // Three turbines with four blades each; blade k of turbine t has Mount edges to sensors (t + k) % 5 and
  // (t + 2k) % 5. Blade b2.3 is also a spare for t0 (Blade.spareFor, a list of direct relations).
  await turbines.upsert([0, 1, 2].map((t) => ({ ...id(`t${t}`), name: `T${t}` })));
  await new SensorAPI(client).upsert([0, 1, 2, 3, 4].map((s) => ({ ...id(`s${s}`), position: s })));
  const blades: BladeWrite[] = [];
  for (const t of [0, 1, 2]) {
    const found = new Set<string>();
    for (const k of [0, 1, 2, 3]) {
      const ends = [...new Set([`s${(t + k) % 5}`, `s${(t + 2 * k) % 5}`])].sort();
      for (const end of ends) found.add(end);
      blades.push({
        ...id(`b${t}.${k}`),
        name: `B${t}.${k}`,
        turbine: id(`t${t}`),
        sensors: ends.map((end) => ({ node: id(end), weight: 1 })),
        ...(t === 2 && k === 3 ? { spareFor: [id("t0")] } : {}),
      });
    }
    reach.set(`t${t}`, found);
  }
  await new BladeAPI(client).upsert(blades);
}, 90_000);

afterAll(async () => {
  await emulator?.stop();
});

describe("chained traversal, every result set paged by 2", () => {
  it("pages every level depth first: every instance reached, once each", async () => {
    const post = vi.spyOn(emulator.client, "post");
    const sensors = await turbines.query().follow("blades").follow("sensors").list({ limit: null });
    // every set asks for 2 and several pages were read, the roots' too
    const sent = post.mock.calls.map(([, body]) => body as { with: Record<string, { limit: number }> });
    post.mockRestore();
    expect(new Set(sent.flatMap((body) => Object.values(body.with).map((set) => set.limit)))).toEqual(
      new Set([2]),
    );
    expect(sent.some((body) => "cursors" in body && "roots" in (body.cursors as object))).toBe(true);
    const all = new Set([...reach.values()].flatMap((found) => [...found]));
    expect(ids(sensors)).toEqual([...all].sort());
    const back = await turbines
      .query({ filter: TurbineFields.name.in(["T0", "T2"]) })
      .follow("blades")
      .follow("sensors")
      .follow("blades") // Mount edges inwards
      .follow("turbine") // a direct relation, outwards
      .list({ limit: null });
    const shared = new Set([...(reach.get("t0") ?? []), ...(reach.get("t2") ?? [])]);
    const expected = [...reach].filter(([, found]) => [...found].some((s) => shared.has(s))).map(([t]) => t);
    expect(ids(back)).toEqual(expected.sort());
    expect(await turbines.query().follow("blades").ids()).toHaveLength(12);
    expect(await turbines.query().follow("blades").list({ limit: 3 })).toHaveLength(3);
    const streamed: string[] = [];
    for await (const page of turbines.query().follow("blades").iterate().pages()) {
      streamed.push(...page.map((b) => b.externalId));
    }
    expect(streamed).toHaveLength(12);
  });

  it("holds a middle hop's limit and the roots' limit", async () => {
    const oneBlade = await turbines
      .query()
      .follow("blades", { sort: { property: "name" }, limit: 1 })
      .follow("sensors")
      .list({ limit: null });
    expect(ids(oneBlade)).toEqual(["s0"]); // B0.0's sensors only
    const oneRoot = await turbines
      .query({ sort: { property: "name", direction: "descending" }, limit: 1 })
      .follow("blades")
      .list({ limit: null });
    expect(ids(oneRoot)).toEqual(["b2.0", "b2.1", "b2.2", "b2.3"]);
  });

  it("starts a new chain at a reverse relation through a list (containsAny of the ids reached)", async () => {
    const t0 = TurbineFields.name.equals("T0");
    const sensors = await turbines.query({ filter: t0 }).follow("spareBlades").follow("sensors").list();
    expect(ids(sensors)).toEqual(["s0", "s3"]); // b2.3 is t0's spare; b2.3 -> s0, s3
    const spares = await turbines
      .query({ filter: t0 })
      .follow("blades")
      .follow("turbine")
      .follow("spareBlades")
      .list({ limit: null });
    expect(ids(spares)).toEqual(["b2.3"]);
  });

  it("a failing chained request names the hop whose result set failed", async () => {
    const bad = rawFilter({ equals: { property: [SPACE, "Sensor/1", "noSuchProperty"], value: 1 } });
    const error = await turbines
      .query()
      .follow("blades")
      .follow("sensors", { filter: bad })
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraversalError);
    expect((error as TraversalError).message).toMatch(/^hop 2 \(Blade\.sensors\)/);
    expect((error as TraversalError).hopIndex).toBe(2);
    expect((error as TraversalError).cause).toBeInstanceOf(BadRequestError);
  });
});
