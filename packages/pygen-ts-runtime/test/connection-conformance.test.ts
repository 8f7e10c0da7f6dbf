/**
 * Runs the connection conformance cases shared with pygen-runtime (conformance/connection_cases.json):
 * default edge ids, the flattening of nested writes, and the requests and results of include,
 * query().follow() and sync, on the connection test model of both runtimes (connection-fixtures.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type DmsFilter,
  edgeExternalId,
  fnv1a64,
  type PygenClient,
  rawFilter,
  type SyncFeed,
  type UpsertResult,
} from "../src/index.js";
import { BladeAPI, SensorAPI, TurbineAPI } from "./connection-fixtures.js";
import { contains, type Json, json, makeClient, type Recorded } from "./helpers.js";

type Pair = [space: string, externalId: string];
type ViewName = "Turbine" | "Blade" | "Sensor";
type IncludeArg =
  | true
  | "ids"
  | { filter?: Json; limit?: number | null; include?: Record<string, IncludeArg> };

interface Case {
  name: string;
  view: ViewName;
  operation: "upsert" | "list" | "query" | "sync";
  args: {
    items?: Record<string, Json>[];
    limit?: number | null;
    include?: Record<string, IncludeArg>;
    filter?: Json;
    follow?: { connection: string; filter?: Json }[];
    cursor?: string;
    page_size?: number;
  };
  responses: { status: number; body?: Json }[];
  expect: {
    requests: { method: string; path: string; body?: Json; body_contains?: Json; body_lacks?: string[] }[];
    result: Json;
  };
  known_differences?: { python?: string; typescript?: string };
}

interface CaseFile {
  fnv1a64: { input: string; hash: string }[];
  edge_external_ids: {
    name: string;
    start: Pair;
    type: Pair;
    end: Pair;
    expected: string;
    known_differences?: { python?: string; typescript?: string };
  }[];
  cases: Case[];
}

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../conformance/connection_cases.json", import.meta.url)), "utf8"),
) as CaseFile;

const APIS = { Turbine: TurbineAPI, Blade: BladeAPI, Sensor: SensorAPI } as const;
/** Where a connection or direct relation of the model leads: `${owner}.${name}` -> target view. */
const TARGETS: Record<string, ViewName> = {
  "Blade.turbine": "Turbine",
  "Blade.spareFor": "Turbine",
  "Blade.sensors": "Sensor",
  "Blade.primary": "Sensor",
  "Sensor.blades": "Blade",
  "Turbine.blades": "Blade",
  "Turbine.spareBlades": "Blade",
};
const targetOf = (view: ViewName, name: string): ViewName => {
  const target = TARGETS[`${view}.${name}`];
  if (target === undefined) throw new Error(`the model has no connection ${view}.${name}`);
  return target;
};
const toId = ([space, externalId]: Pair) => ({ space, externalId });

/** The case's include, with raw filters made filters (the shape is otherwise the TypeScript one). */
function include(spec: Record<string, IncludeArg>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec).map(([name, value]) => {
      if (value === true || value === "ids") return [name, value];
      return [
        name,
        {
          ...(value.filter === undefined ? {} : { filter: rawFilter(value.filter as DmsFilter) }),
          ...(value.limit === undefined ? {} : { limit: value.limit }),
          ...(value.include === undefined ? {} : { include: include(value.include) }),
        },
      ];
    }),
  );
}

type Instance = { externalId: string } & Record<string, unknown>;

/** An instance as the README's normal form: its externalId, or with include an object of the included connections. */
function normalise(view: ViewName, item: Instance, spec: Record<string, IncludeArg> | undefined): Json {
  if (spec === undefined) return item.externalId;
  const out: Record<string, Json> = { externalId: item.externalId };
  for (const [name, value] of Object.entries(spec)) {
    expect(name in item, `${view}.${name} was included but is absent`).toBe(true);
    const nested = typeof value === "object" ? value.include : undefined;
    const target = targetOf(view, name);
    const got = item[name] as Instance | Instance[] | null;
    out[name] = Array.isArray(got)
      ? got.map((v) => normaliseOne(target, v, nested))
      : got === null
        ? null
        : normaliseOne(target, got, nested);
  }
  return out;
}

function normaliseOne(view: ViewName, value: Instance, spec: Record<string, IncludeArg> | undefined): Json {
  if ("node" in value) return { edge: value.externalId, node: normalise(view, value.node as Instance, spec) };
  return normalise(view, value, spec);
}

/** A query whose hops are named at run time (each `follow` changes the static type). */
interface DynamicQuery {
  follow(name: string, options: object): DynamicQuery;
  list(options: object): Promise<Instance[]>;
}

/** The view API as the runner calls it: the case picks the view at run time, so its static types don't apply. */
interface DynamicAPI {
  upsert(items: readonly unknown[]): Promise<UpsertResult>;
  list(options: object): Promise<Instance[]>;
  query(options: object): DynamicQuery;
  sync(options: object): SyncFeed<Instance>;
}

async function call(client: PygenClient, c: Case): Promise<Json> {
  const api = new APIS[c.view](client) as unknown as DynamicAPI;
  const { args } = c;
  switch (c.operation) {
    case "upsert": {
      const result = await api.upsert(args.items ?? []);
      return result.items.map((r) => [r.instanceType, r.externalId, r.status]);
    }
    case "list": {
      const items = await api.list({
        limit: args.limit === undefined ? 25 : args.limit,
        ...(args.include === undefined ? {} : { include: include(args.include) }),
      });
      return items.map((item) => normalise(c.view, item, args.include));
    }
    case "query": {
      let query = api.query(args.filter === undefined ? {} : { filter: rawFilter(args.filter as DmsFilter) });
      let owner = c.view;
      for (const hop of args.follow ?? []) {
        query = query.follow(
          hop.connection,
          hop.filter === undefined ? {} : { filter: rawFilter(hop.filter as DmsFilter) },
        );
        owner = targetOf(owner, hop.connection);
      }
      const items = await query.list({ limit: args.limit === undefined ? 25 : args.limit });
      return items.map((item) => normalise(owner, item, undefined));
    }
    case "sync": {
      const feed = api.sync({
        ...(args.cursor === undefined ? {} : { cursor: args.cursor }),
        ...(args.page_size === undefined ? {} : { pageSize: args.page_size }),
      });
      const batches: Json[] = [];
      for await (const batch of feed) {
        batches.push([
          batch.items.map((i) => i.externalId),
          batch.deleted.map((d) => d.externalId),
          batch.cursor,
        ]);
      }
      return { batches, cursor: feed.cursor };
    }
  }
}

async function runCase(c: Case): Promise<void> {
  const { client, requests } = makeClient(
    (_req: Recorded, i: number) => {
      const r = c.responses[i];
      if (r === undefined) throw new Error(`case '${c.name}': request ${i + 1} has no scripted response`);
      return json(r.body ?? {}, r.status);
    },
    { maxRetries: 0 },
  );
  const result = await call(client, c);
  expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(
    c.expect.requests.map((r) => `${r.method} ${r.path}`),
  );
  c.expect.requests.forEach((r, i) => {
    if (r.body !== undefined) expect(requests[i]?.body, `requests[${i}].body`).toEqual(r.body);
    if (r.body_contains !== undefined) contains(requests[i]?.body, r.body_contains, `requests[${i}].body`);
    for (const key of r.body_lacks ?? []) {
      expect(requests[i]?.body as object, `requests[${i}].body has '${key}'`).not.toHaveProperty([key]);
    }
  });
  expect(requests.length, "every scripted response is consumed").toBe(c.responses.length);
  expect(result).toEqual(c.expect.result);
}

describe("connection conformance: conformance/connection_cases.json", () => {
  it("covers every operation", () => {
    expect([...new Set(fixture.cases.map((c) => c.operation))].sort()).toEqual([
      "list",
      "query",
      "sync",
      "upsert",
    ]);
  });
  for (const v of fixture.fnv1a64) {
    it(`fnv1a64(${JSON.stringify(v.input)})`, () => {
      expect(fnv1a64(v.input)).toBe(v.hash);
    });
  }
  for (const v of fixture.edge_external_ids) {
    const reason = v.known_differences?.typescript;
    if (reason !== undefined)
      it.skip(`default edge id: ${v.name} (known @pygen/runtime difference: ${reason})`);
    else
      it(`default edge id: ${v.name}`, () => {
        const got = edgeExternalId(toId(v.start), toId(v.type), toId(v.end));
        expect(got).toBe(v.expected);
        expect(got.length).toBeLessThanOrEqual(255);
      });
  }
  for (const c of fixture.cases) {
    const reason = c.known_differences?.typescript;
    if (reason !== undefined) it.skip(`${c.name} (known @pygen/runtime difference: ${reason})`, () => {});
    else it(c.name, () => runCase(c));
  }
});
