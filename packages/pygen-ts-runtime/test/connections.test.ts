// Connections with an injected fetch: the exact /query, /list and /sync bodies, chunking of parent ids,
// cursors per result set, errors naming the hop, nested-write flattening and its validation, and the
// types a spec's connections give (checked by tsc over this file).
import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  edgeExternalId,
  fnv1a64,
  InstanceClient,
  type InstanceId,
  MAX_IN_VALUES,
  QUERY_PAGE_SIZE,
  TraversalError,
  type ValidationError,
} from "../src/index.js";
import {
  BladeAPI,
  HAS_SENSOR,
  MountFields,
  SensorAPI,
  SensorFields,
  SPACE,
  TurbineAPI,
  TurbineFields,
  type TurbineWrite,
} from "./connection-fixtures.js";
import { bodyOf, json, makeClient, type Recorded } from "./helpers.js";

const ref = (externalId: string) => ({ type: "view", space: SPACE, externalId, version: "1" });
const id = (externalId: string): InstanceId => ({ space: SPACE, externalId });

function raw(view: string, externalId: string, properties: Record<string, unknown> = {}) {
  return {
    instanceType: "node",
    space: SPACE,
    externalId,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    properties: { [SPACE]: { [`${view}/1`]: properties } },
  };
}

function rawEdge(start: string, end: string, properties?: Record<string, unknown>) {
  return {
    instanceType: "edge",
    space: SPACE,
    externalId: `${start}:hasSensor:${end}`,
    version: 1,
    createdTime: 0,
    lastUpdatedTime: 0,
    type: HAS_SENSOR,
    startNode: id(start),
    endNode: id(end),
    ...(properties === undefined ? {} : { properties: { [SPACE]: { "Mount/1": properties } } }),
  };
}

/** A chained `/query` body as the tests read it. */
interface QueryBody {
  with: Record<
    string,
    { nodes: Record<string, unknown>; edges: Record<string, unknown>; limit: number; sort?: unknown }
  >;
  select: Record<string, unknown>;
  cursors?: Record<string, string>;
}

function apis(handler: (req: Recorded, i: number) => Response) {
  const { client, requests } = makeClient(handler);
  return {
    client,
    requests,
    turbines: new TurbineAPI(client),
    blades: new BladeAPI(client),
    sensors: new SensorAPI(client),
  };
}

describe("the wire requests of a hop", () => {
  it("an edge hop: parents by instanceReferences, type + edge filter, nodeFilter, paged on the edges' cursor", async () => {
    const { blades, requests } = apis((req, i) => {
      if (req.path === "/models/instances/byids") return json({ items: [raw("Blade", "b1")] });
      if (i === 1) {
        return json({
          items: {
            edges: [rawEdge("b1", "s1", { weight: 1 })],
            nodes: [raw("Sensor", "s1", { position: 3 })],
          },
          nextCursor: { edges: "page-2" },
        });
      }
      return json({
        items: { edges: [rawEdge("b1", "s2", { weight: 2 })], nodes: [raw("Sensor", "s2", { position: 4 })] },
        nextCursor: {},
      });
    });
    const b1 = await blades.retrieve(id("b1"), {
      include: {
        sensors: { filter: SensorFields.position.gt(2), edgeFilter: MountFields.weight.gte(1), limit: null },
      },
    });
    expect(b1?.sensors.map((e) => [e.weight, e.node.position])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(requests.map((r) => r.path)).toEqual([
      "/models/instances/byids",
      "/models/instances/query",
      "/models/instances/query",
    ]);
    const first = bodyOf(requests, 1);
    expect(first).toEqual({
      with: {
        parents: { nodes: { filter: { instanceReferences: [id("b1")] } }, limit: 1 },
        edges: {
          edges: {
            from: "parents",
            direction: "outwards",
            maxDistance: 1,
            filter: {
              and: [
                { equals: { property: ["edge", "type"], value: HAS_SENSOR } },
                { range: { property: [SPACE, "Mount/1", "weight"], gte: 1 } },
              ],
            },
            nodeFilter: {
              and: [
                { hasData: [ref("Sensor")] },
                { range: { property: [SPACE, "Sensor/1", "position"], gt: 2 } },
              ],
            },
          },
          limit: 1000,
        },
        nodes: { nodes: { from: "edges", chainTo: "destination" }, limit: 1000 },
      },
      select: {
        edges: { sources: [{ source: ref("Mount"), properties: ["*"] }] },
        nodes: { sources: [{ source: ref("Sensor"), properties: ["*"] }] },
      },
      includeTyping: false,
    });
    expect(bodyOf(requests, 2)).toEqual({ ...first, cursors: { edges: "page-2" } });
  });

  it("a reverse hop through a list direct relation starts a chain from the roots' ids: containsAny, batches of 1000", async () => {
    const total = MAX_IN_VALUES + 1;
    const { turbines, requests } = apis((req) => {
      const body = req.body as QueryBody;
      if ("roots" in body.with) {
        // the roots in two pages: 600, then the rest
        const start = body.cursors?.roots === undefined ? 0 : 600;
        const end = start === 0 ? 600 : total;
        const roots = Array.from({ length: end - start }, (_, i) => raw("Turbine", `t${start + i}`));
        return json({ items: { roots }, nextCursor: end < total ? { roots: "r2" } : {} });
      }
      const filter = body.with.nodes_1?.nodes.filter as { and: { containsAny?: { values: InstanceId[] } }[] };
      const first = filter.and[1]?.containsAny?.values[0] as InstanceId;
      return json({
        items: { nodes_1: [raw("Blade", `spare-of-${first.externalId}`, { spareFor: [first] })] },
      });
    });
    const spares = await turbines.query().follow("spareBlades").list({ limit: null });
    expect(spares.map((b) => b.externalId)).toEqual(["spare-of-t0", "spare-of-t1000"]);
    expect(requests.map((r) => r.path)).toEqual(Array(4).fill("/models/instances/query"));
    const roots = { nodes: { filter: { hasData: [ref("Turbine")] } }, limit: 10_000 };
    expect(bodyOf(requests, 0)).toEqual({ with: { roots }, select: { roots: {} }, includeTyping: false });
    expect(bodyOf(requests, 1)).toEqual({
      with: { roots },
      select: { roots: {} },
      includeTyping: false,
      cursors: { roots: "r2" },
    });
    const values = [2, 3].map((i) => {
      const body = bodyOf(requests, i) as unknown as QueryBody;
      expect(Object.keys(body.with)).toEqual(["nodes_1"]);
      expect(body.select).toEqual({ nodes_1: { sources: [{ source: ref("Blade"), properties: ["*"] }] } });
      const filter = body.with.nodes_1?.nodes.filter as { and: Record<string, unknown>[] };
      expect(filter.and[0]).toEqual({ hasData: [ref("Blade")] });
      const containsAny = filter.and[1]?.containsAny as { property: string[]; values: unknown[] };
      expect(containsAny.property).toEqual([SPACE, "Blade/1", "spareFor"]);
      return containsAny.values.length;
    });
    expect(values).toEqual([1000, 1]);
  });

  it("fills every copy of an instance asked for twice", async () => {
    const { turbines } = apis((req) => {
      if (req.path === "/models/instances/byids") return json({ items: [raw("Turbine", "t1")] });
      return json({ items: { children: [raw("Blade", "b1", { turbine: id("t1") })] } });
    });
    const both = await turbines.retrieve([id("t1"), id("t1")], { include: { blades: "ids" } });
    expect(both.map((t) => t.blades)).toEqual([[id("b1")], [id("b1")]]);
  });

  it("a direct relation hop asks for the targets by instanceReferences", async () => {
    const { blades, requests } = apis((req) => {
      if (req.path === "/models/instances/byids") {
        return json({ items: [raw("Blade", "b1", { turbine: id("t1"), spareFor: [id("t2"), id("t1")] })] });
      }
      return json({ items: { children: [raw("Turbine", "t1"), raw("Turbine", "t2")] } });
    });
    const b1 = await blades.retrieve(id("b1"), { include: { spareFor: true } });
    expect(b1?.spareFor.map((t) => t.externalId)).toEqual(["t2", "t1"]); // the stored order
    expect(bodyOf(requests, 1).with).toEqual({
      children: {
        nodes: {
          filter: { and: [{ hasData: [ref("Turbine")] }, { instanceReferences: [id("t2"), id("t1")] }] },
        },
        limit: 1000,
      },
    });
  });

  it("an inwards reverse hop through a single direct relation: `in` on the relation", async () => {
    const { turbines, requests } = apis((req) => {
      if (req.path === "/models/instances/byids") return json({ items: [raw("Turbine", "t1")] });
      return json({ items: { children: [] } });
    });
    const t1 = await turbines.retrieve(id("t1"), { include: { blades: { sort: { property: "name" } } } });
    expect(t1?.blades).toEqual([]);
    expect(bodyOf(requests, 1).with).toEqual({
      children: {
        nodes: {
          filter: {
            and: [
              { hasData: [ref("Blade")] },
              { in: { property: [SPACE, "Blade/1", "turbine"], values: [id("t1")] } },
            ],
          },
        },
        limit: 1000,
        sort: [{ property: [SPACE, "Blade/1", "name"], direction: "ascending" }],
      },
    });
  });
});

describe("laziness and limits", () => {
  it("builds a deep query without sending anything; limit 0 sends nothing", async () => {
    const { turbines, requests } = apis(() => json({ items: [] }));
    let q = turbines.query().follow("blades").follow("sensors").follow("blades");
    for (let i = 0; i < 50; i++) q = q.follow("sensors").follow("blades");
    expect(requests).toHaveLength(0);
    expect(await q.list({ limit: 0 })).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it("ids() sends one chained request whose last set selects nothing; middle sets select nothing", async () => {
    const { turbines, requests } = apis(() =>
      json({ items: { nodes_2: [raw("Sensor", "s1")] }, nextCursor: {} }),
    );
    const ids = await turbines.query().follow("blades").follow("sensors").include({ blades: true }).ids();
    expect(ids).toEqual([id("s1")]);
    expect(requests).toHaveLength(1);
    const body = bodyOf(requests, 0) as unknown as QueryBody;
    expect(Object.keys(body.with)).toEqual(["roots", "nodes_1", "edges_2", "nodes_2"]);
    expect(body.select).toEqual({ nodes_2: {} });
    expect(body.with.nodes_1).toEqual({
      nodes: {
        from: "roots",
        through: { source: ref("Blade"), identifier: "turbine" },
        direction: "inwards",
        filter: { hasData: [ref("Blade")] },
      },
      limit: 10_000,
    });
    expect(body.with.edges_2?.edges.from).toBe("nodes_1");
    expect(body.with.nodes_2).toEqual({ nodes: { from: "edges_2", chainTo: "destination" }, limit: 10_000 });
  });

  it("a last hop's limit caps the last set; list and iterate ask for up to 10,000, list's limit for fewer", async () => {
    const { turbines, requests } = apis(() =>
      json({ items: { nodes_1: [raw("Blade", "b1"), raw("Blade", "b2")] }, nextCursor: {} }),
    );
    const result = await turbines.query().follow("blades", { limit: 2 }).list();
    expect(result).toHaveLength(2);
    const limitOf = (i: number) => (bodyOf(requests, i) as unknown as QueryBody).with.nodes_1?.limit;
    expect(limitOf(0)).toBe(2);
    await turbines.query().follow("blades").list({ limit: null });
    expect(limitOf(1)).toBe(10_000);
    await turbines.query().follow("blades").iterate().toArray();
    expect(limitOf(2)).toBe(10_000);
    await turbines.query().follow("blades").list({ limit: 7 });
    expect(limitOf(3)).toBe(7);
  });

  it("iterate hands a large page of the last set out in pages of at most QUERY_PAGE_SIZE", async () => {
    const blades = Array.from({ length: 2 * QUERY_PAGE_SIZE + 500 }, (_, i) => raw("Blade", `b${i}`));
    const { turbines, requests } = apis(() => json({ items: { nodes_1: blades }, nextCursor: {} }));
    const sizes: number[] = [];
    for await (const page of turbines.query().follow("blades").iterate().pages()) sizes.push(page.length);
    expect(sizes).toEqual([QUERY_PAGE_SIZE, QUERY_PAGE_SIZE, 500]);
    expect(requests).toHaveLength(1);
  });

  it("a middle hop with a limit ends its chain; the next starts at parents from the distinct ids it kept", async () => {
    const { turbines, requests } = apis((req) => {
      const body = req.body as QueryBody;
      if ("roots" in body.with) {
        // b1 twice (reached from two turbines): counted once against the limit of 2
        return json({ items: { nodes_1: [raw("Blade", "b1"), raw("Blade", "b1"), raw("Blade", "b2")] } });
      }
      return json({ items: { nodes_2: [raw("Sensor", "s1")] } });
    });
    const sensors = await turbines
      .query({ sort: { property: "name" }, limit: 5 })
      .follow("blades", { sort: { property: "name" }, limit: 2 })
      .follow("sensors")
      .list();
    expect(sensors.map((s) => s.externalId)).toEqual(["s1"]);
    expect(requests).toHaveLength(2);
    const first = bodyOf(requests, 0) as unknown as QueryBody;
    expect(first.select).toEqual({ nodes_1: {} });
    expect(first.with.roots).toEqual({
      nodes: { filter: { hasData: [ref("Turbine")] } },
      limit: 5,
      sort: [{ property: [SPACE, "Turbine/1", "name"], direction: "ascending" }],
    });
    expect(first.with.nodes_1?.limit).toBe(2);
    expect(first.with.nodes_1?.sort).toEqual([
      { property: [SPACE, "Blade/1", "name"], direction: "ascending" },
    ]);
    const second = bodyOf(requests, 1) as unknown as QueryBody;
    expect(Object.keys(second.with)).toEqual(["parents", "edges_2", "nodes_2"]);
    expect(second.with.parents).toEqual({
      nodes: { filter: { instanceReferences: [id("b1"), id("b2")] } },
      limit: 2,
    });
    expect(second.with.edges_2?.edges.from).toBe("parents");
  });

  it("a chain that would pass 50 result sets is split; the next starts at parents", async () => {
    const { turbines, requests } = apis((req) => {
      const [name] = Object.keys((req.body as QueryBody).select);
      return json({ items: { [name as string]: [raw("Turbine", "t1")] }, nextCursor: {} });
    });
    let query = turbines.query();
    for (let i = 0; i < 30; i++) query = query.follow("blades").follow("turbine");
    await query.ids();
    expect(requests).toHaveLength(2);
    const [first, second] = [0, 1].map((i) => bodyOf(requests, i) as unknown as QueryBody);
    expect(Object.keys(first?.with ?? {})).toHaveLength(50);
    expect(first?.select).toEqual({ nodes_49: {} }); // a chain that only feeds the next one: ids
    expect(second?.with.parents).toEqual({ nodes: { filter: { instanceReferences: [id("t1")] } }, limit: 1 });
    expect(second?.with.nodes_50?.nodes.from).toBe("parents");
    expect(Object.keys(second?.select ?? {})).toEqual(["nodes_60"]);
    expect(Object.keys(second?.with ?? {})).toHaveLength(12);
    // a direct relation hop goes through the owner's property, outwards
    expect(second?.with.nodes_50?.nodes).toMatchObject({
      through: { source: ref("Blade"), identifier: "turbine" },
      direction: "outwards",
    });
  });

  it("pages depth first: the deepest set with a cursor, upstream cursors held, the sets below reset", async () => {
    const answers = [
      { items: { nodes_1: [raw("Blade", "b1")] }, nextCursor: { roots: "R2", nodes_1: "N2" } },
      { items: { nodes_1: [raw("Blade", "b2")] }, nextCursor: { roots: "R2" } },
      { items: { nodes_1: [raw("Blade", "b3")] }, nextCursor: { nodes_1: "N3" } },
      { items: { nodes_1: [raw("Blade", "b1")] }, nextCursor: {} }, // reached again: returned once
    ];
    const { turbines, requests } = apis((_req, i) => json(answers[i]));
    const found = await turbines.query().follow("blades").list({ limit: null });
    expect(found.map((b) => b.externalId)).toEqual(["b1", "b2", "b3"]);
    const sent = requests.map((_, i) => bodyOf(requests, i) as unknown as QueryBody);
    expect(sent.map((b) => b.cursors)).toEqual([
      undefined,
      { nodes_1: "N2" },
      { roots: "R2" },
      { roots: "R2", nodes_1: "N3" },
    ]);
  });

  it("the roots stop advancing at their limit (a page of roots with a cursor was full)", async () => {
    const { turbines, requests } = apis(() =>
      json({ items: { nodes_1: [raw("Blade", "b1")] }, nextCursor: { roots: "R2" } }),
    );
    const found = await turbines.query({ limit: 2 }).follow("blades").list();
    expect(found.map((b) => b.externalId)).toEqual(["b1"]);
    expect(requests).toHaveLength(1);
    expect((bodyOf(requests, 0) as unknown as QueryBody).with.roots?.limit).toBe(2);
    expect(await turbines.query({ limit: 0 }).follow("blades").list()).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("refuses a derived result set that would be cut, naming the hop", async () => {
    const { blades } = apis((req) => {
      if (req.path === "/models/instances/byids") return json({ items: [raw("Blade", "b1")] });
      return json({ items: { edges: [], nodes: [] }, nextCursor: { nodes: "more" } });
    });
    const run = blades.retrieve(id("b1"), { include: { sensors: true } });
    await expect(run).rejects.toThrow(TraversalError);
    await expect(run).rejects.toThrow(/hop 1 \(Blade\.sensors\): result set 'nodes' has more than one page/);
  });
});

describe("errors", () => {
  it("an API error in a hop becomes a TraversalError with the hop and the API error as cause", async () => {
    const { turbines } = apis((req) => {
      if (req.path === "/models/instances/list") return json({ items: [raw("Turbine", "t1")] });
      return json(
        { error: { code: 400, message: "Cannot traverse lists of direct relations inwards." } },
        400,
      );
    });
    const error = await turbines
      .query()
      .follow("blades")
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraversalError);
    const traversal = error as TraversalError;
    expect(traversal.hop).toBe("Turbine.blades");
    expect(traversal.hopIndex).toBe(1);
    expect(traversal.cause).toBeInstanceOf(BadRequestError);
    expect(traversal.message).toMatch(/Cannot traverse lists/);
  });

  it("a chained request's error names the hop whose result set the API names; the roots' own is passed on", async () => {
    let message = "";
    const { turbines } = apis(() => json({ error: { code: 400, message } }, 400));
    const run = () => turbines.query().follow("blades").follow("sensors").list();
    message = "Result set expression 'edges_2': unknown property noSuchProperty.";
    const second = await run().catch((e: unknown) => e);
    expect(second).toBeInstanceOf(TraversalError);
    expect((second as TraversalError).hopIndex).toBe(2);
    expect((second as TraversalError).message).toMatch(/^hop 2 \(Blade\.sensors\): .*edges_2/);
    message = "Result set expression 'roots': invalid filter.";
    const roots = await run().catch((e: unknown) => e);
    expect(roots).toBeInstanceOf(BadRequestError);
    expect(roots).not.toBeInstanceOf(TraversalError);
    message = "Something went wrong.";
    const first = await run().catch((e: unknown) => e);
    expect((first as TraversalError).hop).toBe("Turbine.blades");
  });

  it("a query without follow reads its roots as list does, and their error is the API's own", async () => {
    const { turbines, requests } = apis(() => json({ error: { code: 400, message: "Bad filter." } }, 400));
    const error = await turbines
      .query()
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).not.toBeInstanceOf(TraversalError);
    expect(requests.map((r) => r.path)).toEqual(["/models/instances/list"]);
  });

  it("an unknown connection is a TypeError listing the view's connections", () => {
    const { blades } = apis(() => json({}));
    expect(() => blades.query().follow("nope" as never)).toThrow(
      /'nope' is not a connection of view Blade; use one of: sensors, primary, turbine, spareFor/,
    );
  });

  it("bad include values and bad hop options are reported", async () => {
    const { blades } = apis((req) =>
      req.path === "/models/instances/byids" ? json({ items: [raw("Blade", "b1")] }) : json({ items: {} }),
    );
    await expect(blades.retrieve(id("b1"), { include: { sensors: 1 as never } })).rejects.toThrow(
      /include\.sensors: expected true, "ids" or options/,
    );
    await expect(blades.retrieve(id("b1"), { include: { sensors: { limit: -1 } } })).rejects.toThrow(
      /hop 1 \(Blade\.sensors\): limit must be a non-negative integer/,
    );
    expect(() => blades.query().follow("turbine", { edgeFilter: MountFields.weight.gt(1) as never })).toThrow(
      /edgeFilter applies to edge connections only/,
    );
  });
});

describe("edges()", () => {
  it("filters on the connection's type and the endpoints by direction, chunking endpoints by 1000", async () => {
    const { sensors, requests } = apis(() => json({ items: [rawEdge("b1", "s1")] }));
    const from = Array.from({ length: 1001 }, (_, i) => id(`s${i}`));
    const edges = await sensors.edges("blades", { from, to: id("b1"), limit: null });
    expect(edges).toHaveLength(2);
    expect(requests).toHaveLength(2);
    const filter = bodyOf(requests, 0).filter as {
      and: { in?: { property: string[]; values: unknown[] } }[];
    };
    expect(filter.and[0]).toEqual({ equals: { property: ["edge", "type"], value: HAS_SENSOR } });
    // an inwards connection: "from" are the edges' end nodes
    expect(filter.and[1]?.in?.property).toEqual(["edge", "endNode"]);
    expect(filter.and[1]?.in?.values).toHaveLength(1000);
    expect(filter.and[2]).toEqual({ in: { property: ["edge", "startNode"], values: [id("b1")] } });
    expect(bodyOf(requests, 0).sources).toBeUndefined();
  });

  it("reads edges with properties through their view", async () => {
    const { blades, requests } = apis(() => json({ items: [rawEdge("b1", "s1", { weight: 7 })] }));
    const [edge] = await blades.edges("sensors", { filter: MountFields.weight.gt(5) });
    expect(edge?.weight).toBe(7);
    expect(bodyOf(requests, 0).sources).toEqual([{ source: ref("Mount") }]);
    expect(bodyOf(requests, 0).limit).toBe(25);
  });
});

describe("nested writes", () => {
  function writer() {
    const { client, requests } = makeClient((req) => {
      const items = (req.body as { items: { instanceType: string; space: string; externalId: string }[] })
        .items;
      return json({
        items: items.map((i) => ({
          ...i,
          version: 1,
          wasModified: true,
          createdTime: 1,
          lastUpdatedTime: 1,
        })),
      });
    });
    return {
      client,
      requests,
      blades: new BladeAPI(client),
    };
  }

  it("flattens into nodes, then edges of the connection's type in its direction", () => {
    const { blades } = writer();
    const wire = blades.toWire([
      {
        ...id("b1"),
        turbine: { ...id("t1"), name: "T" },
        sensors: [id("s1"), { node: { ...id("s2"), label: "two" }, weight: 2 }],
        primary: { ...id("s3"), position: 3 },
      },
    ]);
    expect(wire.map((w) => `${w.instanceType}:${w.externalId}`)).toEqual([
      "node:b1",
      "node:t1",
      "node:s2",
      "node:s3",
      "edge:b1:hasSensor:s1",
      "edge:b1:hasSensor:s2",
      "edge:b1:primary:s3",
    ]);
    expect(wire[0]?.sources?.[0]?.properties).toEqual({ turbine: id("t1") });
    expect(wire[5]).toEqual({
      instanceType: "edge",
      space: SPACE,
      externalId: "b1:hasSensor:s2",
      type: HAS_SENSOR,
      startNode: id("b1"),
      endNode: id("s2"),
      sources: [{ source: ref("Mount"), properties: { weight: 2 } }],
    });
    expect(wire[4]?.sources).toEqual([{ source: ref("Mount"), properties: {} }]);
    expect(wire[6]).toEqual({
      instanceType: "edge",
      space: SPACE,
      externalId: "b1:primary:s3",
      type: { space: SPACE, externalId: "primary" },
      startNode: id("b1"),
      endNode: id("s3"),
    });
  });

  it("an inwards connection writes edges from the other node; ids come from the option when given", () => {
    const { client } = writer();
    const sensors = new SensorAPI(client);
    const wire = sensors.toWire([{ ...id("s1"), blades: [id("b1")] }], "items", {
      edgeExternalId: (start, type, end) => `${type.externalId}(${start.externalId}->${end.externalId})`,
    });
    expect(wire[1]).toMatchObject({
      externalId: "hasSensor(b1->s1)",
      startNode: id("b1"),
      endNode: id("s1"),
    });
  });

  it("writes a node reached twice once; reports conflicting copies, bad nested values and read-only connections", () => {
    const { blades } = writer();
    const twice = blades.toWire([
      { ...id("b1"), turbine: { ...id("t1"), name: "T" } },
      { ...id("b2"), turbine: { ...id("t1"), name: "T" } },
    ]);
    expect(twice.map((w) => w.externalId)).toEqual(["b1", "t1", "b2"]);
    const problems = (() => {
      try {
        blades.toWire([
          { ...id("b1"), turbine: { ...id("t1"), name: "T" } },
          { ...id("b2"), turbine: { ...id("t1"), name: "other" } },
          {
            ...id("b3"),
            sensors: [{ node: { ...id("s9"), position: "high" as never }, weight: "x" as never }],
          },
          { ...id("b4"), primary: { node: id("s1") } as never, sensors: "s1" as never },
          { ...id("b5"), sensors: [42 as never] },
        ]);
      } catch (error) {
        return (error as ValidationError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      "items[1].turbine: node conn_model:t1 is also written at items[0].turbine, with other values",
      'items[2].sensors[0].node.position: expected a finite number, got "high"',
      'items[2].sensors[0].weight: expected a finite number, got "x"',
      'items[3].sensors: expected an array, got "s1"',
      "items[3].primary: this connection has no edge properties; give the node (an id or a write object), not {node, ...}",
      "items[4].sensors[0]: expected an id {space, externalId} or a write object, got 42",
    ]);
    const { client } = writer();
    const turbines = new TurbineAPI(client);
    expect(() => turbines.toWire([{ ...id("t1"), blades: [id("b1")] } as never])).toThrow(
      /items\[0\]\.blades: a reverse direct relation is read-only; set 'turbine' on the other side instead/,
    );
  });

  it("InstanceClient.upsert flattens too and sends nodes before edges", async () => {
    const { client, requests } = writer();
    class Client extends InstanceClient {
      get blades() {
        return new BladeAPI(client);
      }
    }
    const result = await new Client(client).upsert({
      blades: [{ ...id("b1"), sensors: [{ ...id("s1"), label: "x" }] }],
    });
    expect(result.items.map((r) => `${r.instanceType}:${r.externalId}`)).toEqual([
      "node:b1",
      "node:s1",
      "edge:b1:hasSensor:s1",
    ]);
    expect(requests.map((r) => (r.body as { items: unknown[] }).items.length)).toEqual([2, 1]);
  });

  it("default edge ids: start:type:end, hashed with FNV-1a-64 beyond 255 characters", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
    expect(edgeExternalId(id("a"), HAS_SENSOR, id("b"))).toBe("a:hasSensor:b");
    const long = edgeExternalId(id("x".repeat(200)), HAS_SENSOR, id("y".repeat(100)));
    expect(long).toHaveLength(255);
    expect(long).toBe(
      `${`${"x".repeat(200)}:hasSensor:${"y".repeat(100)}`.slice(0, 238)}:${fnv1a64(`${"x".repeat(200)}:hasSensor:${"y".repeat(100)}`)}`,
    );
    expect(edgeExternalId(id("x".repeat(200)), HAS_SENSOR, id(`${"y".repeat(99)}z`))).not.toBe(long);
  });
});

describe("sync", () => {
  it("pages while batches are full, splits deletions off, and resumes from the given cursor", async () => {
    let call = 0;
    const { sensors, requests } = apis(() => {
      call++;
      if (call === 1) {
        return json({
          items: { sync: [raw("Sensor", "s1", { label: "one" }), raw("Sensor", "s2")] },
          nextCursor: { sync: "c1" },
        });
      }
      return json({
        items: { sync: [{ ...raw("Sensor", "s3"), properties: {}, deletedTime: 5 }] },
        nextCursor: { sync: "c2" },
      });
    });
    const feed = sensors.sync({ filter: SensorFields.label.prefix("o"), cursor: "c0", pageSize: 2 });
    const batches = await feed.toArray();
    expect(
      batches.map((b) => [b.items.map((s) => s.label), b.deleted.map((d) => d.externalId), b.cursor]),
    ).toEqual([
      [["one", null], [], "c1"],
      [[], ["s3"], "c2"],
    ]);
    expect(batches[1]?.deleted[0]?.deletedTime).toEqual(new Date(5));
    expect(feed.cursor).toBe("c2");
    expect(bodyOf(requests, 0)).toEqual({
      with: {
        sync: {
          nodes: {
            filter: {
              and: [
                { hasData: [ref("Sensor")] },
                { prefix: { property: [SPACE, "Sensor/1", "label"], value: "o" } },
              ],
            },
          },
          limit: 2,
        },
      },
      select: { sync: { sources: [{ source: ref("Sensor"), properties: ["*"] }] } },
      includeTyping: false,
      cursors: { sync: "c0" },
    });
    expect(bodyOf(requests, 1).cursors).toEqual({ sync: "c1" });
  });

  it("checks pageSize before any request", () => {
    const { sensors, requests } = apis(() => json({}));
    expect(() => sensors.sync({ pageSize: 2001 })).toThrow(/pageSize must be an integer from 1 to 2000/);
    expect(requests).toHaveLength(0);
  });
});

// Types: what `tsc --noEmit` checks over this file (the functions are never called).
export async function typeChecks(blades: BladeAPI): Promise<void> {
  const b = await blades.retrieve(id("b1"), { include: { sensors: true, turbine: "ids" } });
  const weight: number | null | undefined = b?.sensors[0]?.weight;
  const label: string | null | undefined = b?.sensors[0]?.node.label;
  const turbineId: InstanceId | null | undefined = b?.turbine;
  // @ts-expect-error: `turbine` was fetched as ids, so it has no properties
  b?.turbine?.name;
  // @ts-expect-error: not a connection of Blade
  blades.query().follow("blades");
  // @ts-expect-error: a Turbine filter does not apply to the sensors hop
  blades.query().follow("sensors", { filter: TurbineFields.name.equals("x") });
  const reached = await blades.query().follow("sensors").follow("blades").follow("turbine").list();
  const capacity: number | null | undefined = reached[0]?.capacity;
  const nested = await blades
    .query()
    .include({ sensors: { include: { blades: "ids" } } })
    .list();
  const back: InstanceId[] | undefined = nested[0]?.sensors[0]?.node.blades;
  // Unexpanded reads: connections are optional (absent = not fetched), ids or objects.
  const plain = await blades.retrieve(id("b1"));
  const maybe: string | undefined = plain?.primary?.externalId;
  // @ts-expect-error: a reverse relation is not writable
  const write: TurbineWrite = { ...id("t1"), blades: [id("b1")] };
  void [weight, label, turbineId, capacity, back, maybe, write];
}
