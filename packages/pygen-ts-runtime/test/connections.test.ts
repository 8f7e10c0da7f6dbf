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

  it("a reverse hop through a list direct relation: containsAny on it, parents in chunks of 1000", async () => {
    const total = MAX_IN_VALUES + 1;
    const { turbines, requests } = apis((req) => {
      if (req.path === "/models/instances/list") {
        const body = req.body as { cursor?: string; limit: number };
        const start = body.cursor ? Number(body.cursor) : 0;
        const end = Math.min(total, start + body.limit);
        const items = Array.from({ length: end - start }, (_, i) => raw("Turbine", `t${start + i}`));
        return json(end < total ? { items, nextCursor: String(end) } : { items });
      }
      const values = (req.body as { with: { children: { nodes: { filter: { and: unknown[] } } } } }).with
        .children.nodes.filter.and[1] as { containsAny: { values: InstanceId[] } };
      const first = values.containsAny.values[0] as InstanceId;
      return json({
        items: { children: [raw("Blade", `spare-of-${first.externalId}`, { spareFor: [first] })] },
      });
    });
    const spares = await turbines.query().follow("spareBlades").list({ limit: null });
    expect(spares.map((b) => b.externalId)).toEqual(["spare-of-t0", "spare-of-t1000"]);
    const queries = requests.filter((r) => r.path === "/models/instances/query");
    expect(queries).toHaveLength(2);
    const filters = queries.map(
      (r) =>
        (r.body as { with: { children: { nodes: { filter: { and: unknown[] } } } } }).with.children.nodes
          .filter,
    );
    expect(filters[0]?.and[0]).toEqual({ hasData: [ref("Blade")] });
    expect(
      filters.map((f) => (f.and[1] as { containsAny: { values: unknown[] } }).containsAny.values.length),
    ).toEqual([1000, 1]);
    expect(
      (filters[0]?.and[1] as { containsAny?: { property: string[] } } | undefined)?.containsAny?.property,
    ).toEqual([SPACE, "Blade/1", "spareFor"]);
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

  it("ids() selects nothing but the last hop's instances", async () => {
    const { turbines, requests } = apis((req) => {
      if (req.path === "/models/instances/list") return json({ items: [raw("Turbine", "t1")] });
      const select = (req.body as { select: Record<string, unknown> }).select;
      if ("children" in select)
        return json({ items: { children: [raw("Blade", "b1", { turbine: id("t1") })] } });
      return json({ items: { edges: [rawEdge("b1", "s1")], nodes: [raw("Sensor", "s1")] } });
    });
    const ids = await turbines.query().follow("blades").follow("sensors").include({ blades: true }).ids();
    expect(ids).toEqual([id("s1")]);
    expect(requests.map((r) => r.path)).toEqual([
      "/models/instances/list",
      "/models/instances/query",
      "/models/instances/query",
    ]);
    expect(bodyOf(requests, 1).select).toEqual({
      children: { sources: [{ source: ref("Blade"), properties: ["*"] }] },
    });
    expect(bodyOf(requests, 2).select).toEqual({ edges: {}, nodes: {} });
  });

  it("a hop's limit caps the page size asked for", async () => {
    const { turbines, requests } = apis((req) => {
      if (req.path === "/models/instances/list") return json({ items: [raw("Turbine", "t1")] });
      return json({ items: { children: [raw("Blade", "b1"), raw("Blade", "b2")] } });
    });
    const result = await turbines.query().follow("blades", { limit: 2 }).list();
    expect(result).toHaveLength(2);
    expect((bodyOf(requests, 1).with as { children: { limit: number } }).children.limit).toBe(2);
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
