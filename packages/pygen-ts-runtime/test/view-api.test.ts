import { describe, expect, it } from "vitest";
import {
  and,
  avg,
  BadRequestError,
  count,
  InstanceClient,
  nodeFields,
  not,
  or,
  rawFilter,
  sum,
  UpsertError,
  ViewAPI,
} from "../src/index.js";
import {
  LINK_VIEW,
  type Link,
  type LinkFields,
  rawThing,
  THING_VIEW,
  type Thing,
  type ThingField,
  ThingFields,
  type ThingWrite,
} from "./fixtures.js";
import { bodyOf, json, makeClient, type Recorded } from "./helpers.js";

const VIEW_REF = { type: "view", space: "sp", externalId: "Thing", version: "v1" };
const f = ThingFields;

function things(handler: (req: Recorded, i: number) => Response) {
  const { client, requests } = makeClient(handler);
  return { api: new ViewAPI<Thing, ThingWrite, typeof ThingFields>(client, THING_VIEW), requests };
}

/** A fake list endpoint over `total` items, `nextCursor` = offset. */
function pagedList(total: number) {
  return (req: Recorded) => {
    const body = req.body as { limit: number; cursor?: string };
    const start = body.cursor ? Number(body.cursor) : 0;
    const end = Math.min(total, start + body.limit);
    const items = Array.from({ length: end - start }, (_, i) => rawThing(`t${start + i}`));
    return json(end < total ? { items, nextCursor: String(end) } : { items });
  };
}

describe("list", () => {
  it("defaults to 25, sends the view as source, hasData scope, the filter and the sort", async () => {
    const { api, requests } = things(pagedList(100));
    const result = await api.list({
      filter: f.name.prefix("pu"),
      sort: [{ property: "count", direction: "descending", nullsFirst: true }, { property: "externalId" }],
    });
    expect(result).toHaveLength(25);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe("/models/instances/list");
    expect(requests[0]?.body).toEqual({
      instanceType: "node",
      sources: [{ source: VIEW_REF }],
      filter: { prefix: { property: ["sp", "Thing/v1", "name"], value: "pu" } },
      includeTyping: false,
      sort: [
        { property: ["sp", "Thing/v1", "count_32"], direction: "descending", nullsFirst: true },
        { property: ["node", "externalId"], direction: "ascending" },
      ],
      limit: 25,
    });
  });

  it("paginates across pages until the limit, and `limit: null` reads all", async () => {
    const { api, requests } = things(pagedList(2500));
    expect(await api.list({ limit: 1500 })).toHaveLength(1500);
    expect(requests.map((r) => (r.body as { limit: number }).limit)).toEqual([1000, 500]);
    const all = await api.list({ limit: null });
    expect(all).toHaveLength(2500);
    expect(all.at(-1)?.externalId).toBe("t2499");
  });

  it("limit 0 returns nothing without a request; bad limits are a RangeError naming the value", async () => {
    const { api, requests } = things(pagedList(5));
    expect(await api.list({ limit: 0 })).toEqual([]);
    expect(await api.search({ limit: 0 })).toEqual([]);
    expect(await api.iterate({ limit: 0 }).toArray()).toEqual([]);
    await expect(api.list({ limit: -1 })).rejects.toThrow(
      new RangeError("limit must be a non-negative integer or null, got -1."),
    );
    await expect(api.list({ limit: 2.5 })).rejects.toThrow(/got 2.5/);
    expect(() => api.iterate({ limit: -3 })).toThrow(RangeError);
    expect(() => api.iterate({ pageSize: 0 })).toThrow(/pageSize must be an integer from 1 to 1000, got 0/);
    expect(() => api.iterate({ pageSize: 1001 })).toThrow(RangeError);
    await expect(api.search({ limit: 1001 })).rejects.toThrow(
      /search: limit must be an integer from 0 to 1000/,
    );
    await expect(api.list({ sort: { property: "nope" as ThingField } })).rejects.toThrow(
      /'nope' is not a property of view Thing\/v1/,
    );
    expect(requests).toHaveLength(0);
  });

  it("edges() lists edges by type and endpoints with the same limit rules", async () => {
    const { client, requests } = makeClient(() => json({ items: [] }));
    const sdk = new InstanceClient(client);
    await expect(sdk.edges({ limit: -1 })).rejects.toThrow(RangeError);
    expect(await sdk.edges({ limit: 0 })).toEqual([]);
    expect(requests).toHaveLength(0);
    await sdk.edges({
      type: { space: "sp", externalId: "linked" },
      startNode: [{ space: "d", externalId: "a" }],
    });
    expect(bodyOf(requests, 0)).toMatchObject({
      instanceType: "edge",
      limit: 25,
      filter: {
        and: [
          { equals: { property: ["edge", "type"], value: { space: "sp", externalId: "linked" } } },
          { in: { property: ["edge", "startNode"], values: [{ space: "d", externalId: "a" }] } },
        ],
      },
    });
  });
});

describe("iterate", () => {
  it("yields page by page and can resume from a cursor", async () => {
    const { api, requests } = things(pagedList(25));
    const pager = api.iterate({ pageSize: 10 });
    const seen: string[] = [];
    for await (const page of pager.pages()) {
      seen.push(...page.items.map((t) => t.externalId));
      if (seen.length === 10) break;
    }
    expect(requests).toHaveLength(1);
    expect(pager.cursor).toBe("10");
    const resumed = api.iterate({ pageSize: 10, cursor: pager.cursor });
    for await (const thing of resumed) seen.push(thing.externalId);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `t${i}`));
    expect(resumed.done).toBe(true);
    expect(bodyOf(requests, 1).cursor).toBe("10");
  });

  it("stopping after the last instance of a page resumes after that page, without repeats", async () => {
    const { api, requests } = things(pagedList(25));
    const pager = api.iterate({ pageSize: 10 });
    const seen: string[] = [];
    for await (const thing of pager) {
      seen.push(thing.externalId);
      if (seen.length === 10) break;
    }
    expect(requests).toHaveLength(1);
    expect(pager.cursor).toBe("10");
    for await (const thing of api.iterate({ pageSize: 10, cursor: pager.cursor }))
      seen.push(thing.externalId);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `t${i}`));
  });

  it("an empty nextCursor ends the iteration instead of restarting it", async () => {
    const { api, requests } = things(() => json({ items: [rawThing("a"), rawThing("b")], nextCursor: "" }));
    expect((await api.list({ limit: 10 })).map((t) => t.externalId)).toEqual(["a", "b"]);
    expect(requests).toHaveLength(1);
  });

  it("stopping in the middle of a page resumes at that page's start", async () => {
    const { api } = things(pagedList(25));
    const pager = api.iterate({ pageSize: 10 });
    let n = 0;
    for await (const _ of pager) if (++n === 15) break;
    expect(pager.cursor).toBe("10");
  });
});

describe("retrieve", () => {
  it("one id → instance or undefined; many → found ones; string ids need a space", async () => {
    const { api, requests } = things((req) => {
      const ids = (req.body as { items: { externalId: string }[] }).items;
      // "foreign" exists but has no data in the view: it is not an instance of the view.
      const raw = (id: string) =>
        id === "foreign" ? { ...rawThing(id), properties: { other: { "View/1": { x: 1 } } } } : rawThing(id);
      return json({ items: ids.filter((i) => i.externalId !== "missing").map((i) => raw(i.externalId)) });
    });
    expect((await api.retrieve("a", { space: "data" }))?.externalId).toBe("a");
    expect(await api.retrieve({ space: "data", externalId: "missing" })).toBeUndefined();
    const many = await api.retrieve(
      [{ space: "data", externalId: "x" }, "missing", ["data", "y"], "foreign"],
      {
        space: "data",
      },
    );
    expect(many.map((t) => t.externalId)).toEqual(["x", "y"]);
    expect(requests[0]?.body).toEqual({
      items: [{ instanceType: "node", space: "data", externalId: "a" }],
      sources: [{ source: VIEW_REF }],
      includeTyping: false,
    });
    await expect(api.retrieve("a")).rejects.toThrow(/bare external id/);
  });
});

describe("filters", () => {
  it("compose with and/or/not and accept raw DMS filters", async () => {
    const { api, requests } = things(() => json({ items: [] }));
    const filter = or(
      and(f.count.range({ gte: 1, lt: 5 }), f.color.in(["red"])),
      not(f.name.exists()),
      f.tags.containsAny(["a"]),
      f.seenAt.gt(new Date(Date.UTC(2024, 0, 1))),
      f.bornOn.equals(new Date(Date.UTC(2020, 1, 29))),
      f.parent.equals({ space: "data", externalId: "p" }),
      nodeFields.createdTime.gte(new Date(1000)),
      rawFilter({ equals: { property: ["node", "space"], value: "data" } }),
    ).and(nodeFields.externalId.prefix("t"));
    await api.list({ filter });
    expect(bodyOf(requests, 0).filter).toEqual({
      and: [
        {
          or: [
            {
              and: [
                { range: { property: ["sp", "Thing/v1", "count_32"], gte: 1, lt: 5 } },
                { in: { property: ["sp", "Thing/v1", "color"], values: ["red"] } },
              ],
            },
            { not: { exists: { property: ["sp", "Thing/v1", "name"] } } },
            { containsAny: { property: ["sp", "Thing/v1", "tags"], values: ["a"] } },
            { range: { property: ["sp", "Thing/v1", "seen_at"], gt: "2024-01-01T00:00:00.000+00:00" } },
            { equals: { property: ["sp", "Thing/v1", "born_on"], value: "2020-02-29" } },
            { equals: { property: ["sp", "Thing/v1", "parent"], value: { space: "data", externalId: "p" } } },
            { range: { property: ["node", "createdTime"], gte: 1000 } },
            { equals: { property: ["node", "space"], value: "data" } },
          ],
        },
        { prefix: { property: ["node", "externalId"], value: "t" } },
      ],
    });
  });
  it("reject contradictory or empty input, and raw JSON outside rawFilter()", () => {
    expect(() => f.count.range({ gt: 1, gte: 2 })).toThrow(/gt or gte/);
    expect(() => f.name.in([])).toThrow(/at least one value/);
    expect(() => and({ matchAll: {} } as never)).toThrow(/rawFilter/);
    expect(() => rawFilter([] as never)).toThrow(TypeError);
  });

  it("every range method and fieldsFor: one builder per property (json excluded), node fields, api.fields", () => {
    const ref = ["sp", "Thing/v1", "count_32"];
    expect(f.count.gt(1).dms).toEqual({ range: { property: ref, gt: 1 } });
    expect(f.count.gte(1).dms).toEqual({ range: { property: ref, gte: 1 } });
    expect(f.count.lt(1).dms).toEqual({ range: { property: ref, lt: 1 } });
    expect(f.count.lte(1).dms).toEqual({ range: { property: ref, lte: 1 } });
    expect(Object.keys(f).sort()).toEqual(
      [...Object.keys(nodeFields), ...Object.keys(THING_VIEW.properties).filter((k) => k !== "meta")].sort(),
    );
    expect(things(() => json({})).api.fields).toBe(ThingFields);
  });
});

describe("search, aggregate, histogram", () => {
  it("search maps field names and sends the operator", async () => {
    const { api, requests } = things(() => json({ items: [rawThing("s1")] }));
    const found = await api.search({ query: "pump a", properties: ["name", "serialNumber"], limit: 5 });
    expect(found[0]?.externalId).toBe("s1");
    expect(requests[0]?.body).toMatchObject({
      view: VIEW_REF,
      query: "pump a",
      properties: ["name", "serial-number"],
      operator: "AND",
      limit: 5,
    });
  });

  it("aggregate returns groups keyed by field names, values read with value(kind, field)", async () => {
    const { api, requests } = things((_req, i) =>
      i === 0
        ? json({
            items: [
              { instanceType: "node", aggregates: [{ aggregate: "avg", property: "ratio", value: 1.5 }] },
            ],
          })
        : json({
            items: [
              {
                group: { color: "red" },
                aggregates: [{ aggregate: "count", property: "externalId", value: 2 }],
              },
              {
                group: { color: "green" },
                aggregates: [{ aggregate: "count", property: "externalId", value: 1 }],
              },
            ],
          }),
    );
    expect((await api.aggregate({ aggregates: avg("ratio") })).value("avg", "ratio")).toBe(1.5);
    const result = await api.aggregate({ aggregates: count(), groupBy: "color" });
    expect(result.groups.map((g) => [g.group, g.value("count")])).toEqual([
      [{ color: "red" }, 2],
      [{ color: "green" }, 1],
    ]);
    expect(() => result.value("count")).toThrow(/several groups/);
    expect(() => result.groups[0]?.value("sum", "ratio")).toThrow(/No sum of 'ratio'/);
    expect(requests[0]?.body).toMatchObject({ aggregates: [{ avg: { property: "ratio" } }] });
    // No limit given: all groups, up to the API's 1000 (the API's own default is 100).
    expect(requests[0]?.body).toMatchObject({ limit: 1000 });
    expect(requests[1]?.body).toMatchObject({
      aggregates: [{ count: { property: "externalId" } }],
      groupBy: ["color"],
      limit: 1000,
    });
    await expect(api.aggregate({ aggregates: { aggregate: "sum" } })).rejects.toThrow(/'sum' needs a field/);
    await expect(api.aggregate({ aggregates: [] })).rejects.toThrow(/at least one metric/);
    await expect(api.aggregate({ aggregates: count(), groupBy: "color", limit: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(api.aggregate({ aggregates: sum("nope" as ThingField) })).rejects.toThrow(
      /'nope' is not a property/,
    );
    expect(requests).toHaveLength(2);
  });

  it("histogram returns buckets", async () => {
    const { api, requests } = things(() =>
      json({
        items: [
          {
            aggregates: [
              {
                aggregate: "histogram",
                property: "count_32",
                interval: 10,
                buckets: [{ start: 0, count: 3 }],
              },
            ],
          },
        ],
      }),
    );
    expect(await api.histogram({ property: "count", interval: 10 })).toEqual({
      property: "count",
      interval: 10,
      buckets: [{ start: 0, count: 3 }],
    });
    expect(requests[0]?.body).toMatchObject({
      aggregates: [{ histogram: { property: "count_32", interval: 10 } }],
    });
  });
});

describe("upsert and delete", () => {
  // As the apply response reports them: created (createdTime == lastUpdatedTime), updated, unchanged.
  const slim = (item: { instanceType: string; space: string; externalId: string }, kind = 0) => ({
    ...item,
    version: kind === 0 ? 1 : 3,
    wasModified: kind !== 2,
    createdTime: 1,
    lastUpdatedTime: kind === 0 ? 1 : 5,
  });

  it("chunks at 1000 and returns results in input order with created/updated/unchanged status", async () => {
    const { api, requests } = things((req) => {
      const items = (req.body as { items: { instanceType: string; space: string; externalId: string }[] })
        .items;
      return json({ items: items.map((it, i) => slim(it, i % 3)), deleted: [] });
    });
    const input = Array.from({ length: 2500 }, (_, i) => ({
      space: "data",
      externalId: `n${i}`,
      serialNumber: "s",
    }));
    const results = await api.upsert(input, { replace: true });
    expect(requests.map((r) => (r.body as { items: unknown[] }).items.length).sort()).toEqual([
      1000, 1000, 500,
    ]);
    expect(results.items.map((r) => r.externalId)).toEqual(input.map((i) => i.externalId));
    expect(results.items.slice(0, 3).map((r) => r.status)).toEqual(["created", "updated", "unchanged"]);
    // Chunks of 1000: the fake answers created, updated, unchanged in turn within each chunk.
    expect(results.created.map((r) => r.externalId).slice(0, 2)).toEqual(["n0", "n3"]);
    expect(results.updated.map((r) => r.externalId).slice(0, 2)).toEqual(["n1", "n4"]);
    expect(results.unchanged.map((r) => r.externalId).slice(0, 2)).toEqual(["n2", "n5"]);
    expect(results.created.length + results.updated.length + results.unchanged.length).toBe(2500);
    expect(requests[0]?.body).toMatchObject({ replace: true, autoCreateDirectRelations: true });
    expect(requests[0]?.headers["content-encoding"]).toBe("gzip");
  });

  it("a partial failure carries what succeeded and what failed", async () => {
    const { api } = things((req) => {
      const items = (req.body as { items: { instanceType: string; space: string; externalId: string }[] })
        .items;
      if (items[0]?.externalId === "n1000") return json({ error: { code: 400, message: "bad chunk" } }, 400);
      return json({ items: items.map((it) => slim(it)), deleted: [] });
    });
    const input = Array.from({ length: 2100 }, (_, i) => ({
      space: "data",
      externalId: `n${i}`,
      serialNumber: "s",
    }));
    const error = (await api.upsert(input).catch((e: unknown) => e)) as UpsertError;
    expect(error).toBeInstanceOf(UpsertError);
    expect(error.succeeded.items).toHaveLength(1100);
    expect(error.failed).toHaveLength(1);
    expect(error.failed[0]?.items).toHaveLength(1000);
    expect(error.failed[0]?.error).toBeInstanceOf(BadRequestError);
  });

  it("a single failed request raises UpsertError too, with the API error inside", async () => {
    const { api } = things(() => json({ error: { code: 400, message: "Unknown property" } }, 400));
    const error = (await api
      .upsert({ space: "d", externalId: "x", serialNumber: "s" })
      .catch((e: unknown) => e)) as UpsertError;
    expect(error).toBeInstanceOf(UpsertError);
    expect(error.succeeded.items).toHaveLength(0);
    expect(error.failed).toHaveLength(1);
    expect(error.failed[0]?.error).toBeInstanceOf(BadRequestError);
    expect(error.cause).toBeInstanceOf(BadRequestError);
  });

  it("delete sends typed ids and returns what was deleted", async () => {
    const { api, requests } = things(() =>
      json({ items: [{ instanceType: "node", space: "d", externalId: "a" }] }),
    );
    expect((await api.delete(["a", "b"], { space: "d" })).items).toEqual([
      { instanceType: "node", space: "d", externalId: "a" },
    ]);
    expect(requests[0]?.body).toEqual({
      items: [
        { instanceType: "node", space: "d", externalId: "a" },
        { instanceType: "node", space: "d", externalId: "b" },
      ],
    });
  });
});

describe("cancellation of writes", () => {
  it("delete (view API and InstanceClient) takes a signal like every other method", async () => {
    const { api, requests } = things(() => json({ items: [] }));
    const aborted = AbortSignal.abort(new Error("user cancelled"));
    await expect(api.delete(["a"], { space: "d", signal: aborted })).rejects.toThrow("user cancelled");
    const sdk = new InstanceClient(api.client);
    await expect(
      sdk.delete([{ space: "d", externalId: "e" }], { instanceType: "edge", signal: aborted }),
    ).rejects.toThrow("user cancelled");
    expect(requests).toHaveLength(0);
  });
});

describe("edges", () => {
  it("lists edges with instanceType edge and reads type, startNode, endNode", async () => {
    const { client, requests } = makeClient(() =>
      json({
        items: [
          {
            instanceType: "edge",
            space: "d",
            externalId: "e1",
            version: 1,
            createdTime: 1,
            lastUpdatedTime: 2,
            type: { space: "sp", externalId: "linked" },
            startNode: { space: "d", externalId: "a" },
            endNode: { space: "d", externalId: "b" },
            properties: { sp: { "Link/v1": { weight: 2.5 } } },
          },
        ],
      }),
    );
    const links = new ViewAPI<Link, { space: string; externalId: string }, typeof LinkFields>(
      client,
      LINK_VIEW,
    );
    const [edge] = await links.list();
    expect(edge).toMatchObject({
      instanceType: "edge",
      type: { space: "sp", externalId: "linked" },
      startNode: { space: "d", externalId: "a" },
      endNode: { space: "d", externalId: "b" },
      weight: 2.5,
    });
    expect(bodyOf(requests, 0).instanceType).toBe("edge");
  });
});

describe("aggregate with several metrics", () => {
  it("asks several metrics in one request and labels them with field names", async () => {
    const { api, requests } = things(() =>
      json({
        items: [
          {
            group: { color: "red" },
            aggregates: [
              { aggregate: "avg", property: "count_32", value: 2.5 },
              { aggregate: "count", property: "externalId", value: 4 },
            ],
          },
        ],
      }),
    );
    const result = await api.aggregate({
      aggregates: [avg("count"), count()],
      groupBy: ["color"],
      limit: 10,
    });
    expect(result.groups.map((g) => ({ group: g.group, values: g.values }))).toEqual([
      {
        group: { color: "red" },
        values: [
          { aggregate: "avg", property: "count", value: 2.5 },
          { aggregate: "count", property: undefined, value: 4 },
        ],
      },
    ]);
    expect(result.groups[0]?.value("avg", "count")).toBe(2.5);
    expect(bodyOf(requests, 0)).toMatchObject({
      aggregates: [{ avg: { property: "count_32" } }, { count: { property: "externalId" } }],
      groupBy: ["color"],
      limit: 10,
    });
  });
});
