// Every model of examples/models and of the shared corpus end to end through its generated TypeScript SDK,
// against pygen-emulator: the same mock data and expectations as the Python corpus e2e
// (tests-e2e/corpus), from generated/<model>/e2e-plan.json (e2e_plan.py, written by generate.py).
// Per model: reset the emulator (models share spaces and view ids: Omni, OmniSub, OmniMulti*), deploy
// the model, upsert the mock instances of every writable view through the SDK (all nodes in one
// `client.upsert`, then the edges), then per view: retrieve and compare, list with a filter per property
// type, iterate, search, aggregate, one traversal per connection (`include` for edges and reverse
// relations, `query().follow` for direct relations), delete, and check they are gone. Every problem is
// collected as `model view field step: what`. Model-independent: views are found on the client by view id.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ClientConfig, type InstanceId, Token, ViewAPI } from "@pygen/runtime";
import { describe, expect, inject, it } from "vitest";
import { checkNodesWithoutData } from "./filter-reads.js";
import { type AnyAPI, viewAPIs } from "./sample.js";

interface FieldFact {
  id: string;
  type: string;
  list: boolean;
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Connection {
  field: string;
  property: string;
  kind: "direct" | "edge" | "reverse";
  many?: boolean;
  /** direct: the nodes all instances reach; edge/reverse: per instance externalId. */
  expected: [string, string][] | Record<string, [string, string][]>;
  /** edges with properties: instance externalId → "space:externalId" of the far node → the edge. */
  edges?: Record<
    string,
    Record<
      string,
      { externalId: string; properties: Record<string, Json>; fields: Record<string, FieldFact> }
    >
  >;
}
interface ViewPlan {
  label: string;
  view: { space: string; externalId: string; version: string };
  instanceType: "node" | "edge";
  unsolved: string | null;
  fields: Record<string, FieldFact>;
  instances: { externalId: string; expected: Record<string, Json>; nodeType: InstanceId | null }[];
  filters: string[];
  search: { field: string; word: string } | null;
  connections: Connection[];
}
interface Plan {
  model: string;
  client: string;
  space: string;
  deploy: Record<string, unknown[]>;
  writes: { view: ViewPlan["view"]; instanceType: "node" | "edge"; items: Record<string, Json>[] }[];
  plainEdges: Record<string, Json>[];
  views: ViewPlan[];
}

const GENERATED = new URL("../generated/", import.meta.url);
const MODELS = readdirSync(GENERATED, { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() && readdirSync(new URL(`${entry.name}/`, GENERATED)).includes("e2e-plan.json"),
  )
  .map((entry) => entry.name)
  .sort();
const CORPUS = new URL("../../../../shared/models/", import.meta.url);
const CORPUS_FILES = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith(".json")) : [];
const DEPLOY_ORDER = ["spaces", "containers", "views", "datamodels"];
const BATCH = 100;

const isAPI = (value: unknown): value is AnyAPI => value instanceof ViewAPI;
const key = (view: { space: string; externalId: string; version: string }, kind: string): string =>
  `${view.space}:${view.externalId}/${view.version}|${kind}`;
const idKey = (id: { space: string; externalId: string }): string => `${id.space}:${id.externalId}`;

/** A value as read or as mock data wrote it, in one comparable form (timestamps as instants). */
function normal(value: unknown, fact: FieldFact | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => normal(v, fact && { ...fact, list: false }));
  if (fact?.type === "timestamp" && (value instanceof Date || typeof value === "string")) {
    return new Date(value).toISOString();
  }
  if (fact?.type === "direct" && typeof value === "object") {
    return idKey(value as InstanceId);
  }
  return canonical(value);
}

/** JSON values with object keys in one order, so equal objects compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

class Checker {
  readonly problems: string[] = [];
  constructor(readonly model: string) {}

  fail(view: string, field: string, step: string, what: string): void {
    this.problems.push(`${this.model} ${view} ${field} ${step}: ${what}`);
  }

  async step<T>(view: string, step: string, action: () => Promise<T>, field = "-"): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.fail(
        view,
        field,
        step,
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );
      return undefined;
    }
  }
}

/** Back to an empty emulator: the next model may declare the same spaces and views differently. */
async function resetEmulator(): Promise<void> {
  const { baseUrl, token } = inject("corpusEmulator");
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const reset = await fetch(`${baseUrl}/_emulator/reset`, { method: "POST", headers });
  if (!reset.ok) throw new Error(`emulator reset failed: ${reset.status} ${await reset.text()}`);
}

describe("the end-to-end plans", () => {
  it("exist for the example model", () => {
    expect(MODELS).toContain("example");
  });
  it.skipIf(CORPUS_FILES.length === 0)(
    "exist for every corpus model (skipped: the shared model corpus ../shared/models is absent)",
    () => {
      expect(MODELS.length).toBe(CORPUS_FILES.length + 1);
    },
  );
});

const readPlan = (folder: string): Plan =>
  JSON.parse(readFileSync(new URL(`${folder}/e2e-plan.json`, GENERATED), "utf8")) as Plan;

describe.each(MODELS)("%s: generated TypeScript SDK end to end", (folder) => {
  // Views whose filter the IR could not solve are checked by id only (retrieve, include, delete): a
  // skipped test names them and why, so the gap shows in every run instead of passing silently.
  const unsolved = readPlan(folder).views.filter((v) => v.unsolved !== null);
  if (unsolved.length > 0) {
    it.skip(
      `list, iterate, search and aggregate of ${unsolved.map((v) => `${v.label} (${v.unsolved})`).join("; ")}`,
    );
  }

  it("writes every writable view and reads it back through every API", { timeout: 60_000 }, async () => {
    const plan = readPlan(folder);
    const { sdk, getters, apis } = await deployed(folder, plan);
    const check = new Checker(plan.model);
    const nodes: Record<string, Record<string, Json>[]> = {};
    const edges: Record<string, Record<string, Json>[]> = {};
    for (const write of plan.writes) {
      const getter = getters.get(key(write.view, write.instanceType));
      const label = `${write.view.space}:${write.view.externalId}/${write.view.version}`;
      if (getter === undefined)
        check.fail(label, "-", "upsert", `the client has no ${write.instanceType} API for it`);
      else (write.instanceType === "node" ? nodes : edges)[getter] = write.items;
    }
    const first = plan.views[0]?.label ?? "-";
    if (Object.keys(nodes).length) await check.step(first, "upsert (all nodes)", () => sdk.upsert(nodes));
    if (Object.keys(edges).length || plan.plainEdges.length) {
      await check.step(first, "upsert (edges)", () => sdk.upsert({ ...edges, edges: plan.plainEdges }));
    }

    for (const view of plan.views) {
      const api = apis.get(key(view.view, view.instanceType));
      if (api === undefined) continue; // reported at upsert
      await checkView(check, api, view, plan.space);
    }
    for (const view of plan.views) {
      const api = apis.get(key(view.view, view.instanceType));
      if (api !== undefined) await checkConnections(check, api, view, plan.space);
    }
    for (const view of [...plan.views].reverse()) {
      const api = apis.get(key(view.view, view.instanceType));
      if (api === undefined) continue;
      const ids = view.instances.map((i) => ({ space: plan.space, externalId: i.externalId }));
      await check.step(view.label, "delete", () => api.delete(ids));
      const left = (await check.step(view.label, "delete", () => api.retrieve(ids))) as
        | { externalId: string }[]
        | undefined;
      if (left?.length)
        check.fail(view.label, "-", "delete", `still there: ${left.map((r) => r.externalId).join(", ")}`);
    }
    expect(check.problems, `${check.problems.length} problem(s)`).toEqual([]);
  });

  // A view whose filter pins a node type lists nodes of that type with no data in its containers: their
  // required properties read as null, and the read interface says so (test/filter-reads.ts).
  it("reads nodes its view filters list without their data", { timeout: 60_000 }, async () => {
    const plan = readPlan(folder);
    const { sdk, apis } = await deployed(folder, plan);
    const failures = await checkNodesWithoutData(sdk, apis, folder);
    expect(failures.map((f) => `${plan.model} ${f.view} ${f.field}: ${f.what}`)).toEqual([]);
  });
});

/** A fresh emulator with the model deployed, the generated client on it and its view APIs by view id. */
async function deployed(
  folder: string,
  plan: Plan,
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is imported at run time, typed by the plan
): Promise<{ sdk: any; getters: Map<string, string>; apis: Map<string, AnyAPI> }> {
  await resetEmulator();
  const { baseUrl, project, token } = inject("corpusEmulator");
  const config = new ClientConfig({
    baseUrl,
    project,
    credentials: new Token(token),
    clientName: `e2e-${folder}`,
  });
  const url = new URL(`${folder}/src/index.js`, GENERATED);
  const module = (await import(fileURLToPath(url))) as Record<string, new (config: ClientConfig) => object>;
  const Client = module[plan.client];
  if (Client === undefined) throw new Error(`${plan.client} is not exported by generated/${folder}`);
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is imported at run time, typed by the plan
  const sdk = new Client(config) as any;
  for (const kind of DEPLOY_ORDER) {
    const items = plan.deploy[kind] ?? [];
    for (let start = 0; start < items.length; start += BATCH) {
      await sdk.client.post(`/models/${kind}`, { items: items.slice(start, start + BATCH) });
    }
  }
  await sdk.client.post("/models/spaces", { items: [{ space: plan.space }] });
  const getters = new Map<string, string>();
  const apis = new Map<string, AnyAPI>();
  for (const [getter, api] of Object.entries(viewAPIs(sdk, isAPI))) {
    getters.set(key(api.spec.view, api.spec.usedFor), getter);
    apis.set(key(api.spec.view, api.spec.usedFor), api);
  }
  return { sdk, getters, apis };
}

type Read = Record<string, unknown> & { space: string; externalId: string };

async function checkView(check: Checker, api: AnyAPI, view: ViewPlan, space: string): Promise<void> {
  const ids = view.instances.map((i) => ({ space, externalId: i.externalId }));
  const found = (await check.step(view.label, "retrieve", () => api.retrieve(ids))) as Read[] | undefined;
  if (found === undefined) return;
  const byId = new Map(found.map((r) => [r.externalId, r]));
  for (const instance of view.instances) {
    const read = byId.get(instance.externalId);
    if (read === undefined) {
      check.fail(view.label, "-", "retrieve", `${instance.externalId} not found`);
      continue;
    }
    for (const [field, want] of Object.entries(instance.expected)) {
      const fact = view.fields[field];
      const got = normal(read[field], fact);
      if (!same(normal(want, fact), got)) {
        check.fail(
          view.label,
          field,
          "retrieve",
          `${instance.externalId}: wrote ${JSON.stringify(want)}, read ${JSON.stringify(read[field])}`,
        );
      }
    }
    if (
      instance.nodeType !== null &&
      !same(normal(read.type, { id: "type", type: "direct", list: false }), idKey(instance.nodeType))
    ) {
      check.fail(
        view.label,
        "type",
        "upsert",
        `${instance.externalId}: the spec's nodeType was not applied, read type ${JSON.stringify(read.type)}`,
      );
    }
  }
  if (view.unsolved !== null) return; // which instances the view lists is not known: see the plan's reason
  const firstRead = byId.get(view.instances[0]?.externalId ?? "");
  if (firstRead !== undefined) {
    // biome-ignore lint/suspicious/noExplicitAny: builders of any property type
    const fields = api.fields as Record<string, any>;
    for (const field of view.filters) {
      const value = firstRead[field];
      const fact = view.fields[field];
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const filter = fact?.list
        ? fields[field].containsAny([(value as unknown[])[0]])
        : fields[field].equals(value);
      const hits = (await check.step(
        view.label,
        `list(${fact?.type})`,
        () => api.list({ filter, limit: null }),
        field,
      )) as Read[] | undefined;
      if (hits !== undefined && !hits.some((h) => h.externalId === firstRead.externalId)) {
        check.fail(
          view.label,
          field,
          "list",
          `filter ${fact?.type} = ${JSON.stringify(value)} does not find ${firstRead.externalId}`,
        );
      }
    }
    if (view.search !== null) {
      const { field, word } = view.search;
      const hits = (await check.step(
        view.label,
        "search",
        () => api.search({ query: word, properties: [field], limit: 1000 }),
        field,
      )) as Read[] | undefined;
      if (hits !== undefined && !hits.some((h) => h.externalId === firstRead.externalId)) {
        check.fail(
          view.label,
          field,
          "search",
          `${JSON.stringify(word)} does not find ${firstRead.externalId}`,
        );
      }
    }
  }
  const listed = await check.step(view.label, "iterate", async () => {
    const out: string[] = [];
    for await (const item of api.iterate({ pageSize: 3 })) out.push((item as Read).externalId);
    return out;
  });
  const missing = view.instances
    .map((i) => i.externalId)
    .filter((x) => listed !== undefined && !listed.includes(x));
  if (missing.length) check.fail(view.label, "-", "iterate", `missing ${missing.join(", ")}`);
  const counted = await check.step(view.label, "aggregate", async () =>
    (await api.aggregate({ aggregates: { aggregate: "count" } })).value("count"),
  );
  if (typeof counted === "number" && counted < view.instances.length) {
    check.fail(view.label, "-", "aggregate", `count ${counted} < ${view.instances.length} written`);
  }
}

async function checkConnections(check: Checker, api: AnyAPI, view: ViewPlan, space: string): Promise<void> {
  const ids = view.instances.map((i) => ({ space, externalId: i.externalId }));
  for (const conn of view.connections) {
    if (conn.kind === "direct") {
      const roots = api.fields.externalId.in(view.instances.map((i) => i.externalId));
      const found = (await check.step(
        view.label,
        "follow",
        // biome-ignore lint/suspicious/noExplicitAny: a link name of any view, checked at run time
        () => (api.query({ filter: roots }) as any).follow(conn.field).list({ limit: null }),
        conn.field,
      )) as Read[] | undefined;
      if (found === undefined) continue;
      const actual = found.map((r) => [r.space, r.externalId]).sort();
      if (!same(actual, conn.expected))
        check.fail(
          view.label,
          conn.field,
          "follow",
          diff(conn.expected as [string, string][], actual as [string, string][]),
        );
      continue;
    }
    const found = (await check.step(
      view.label,
      "include",
      () => api.retrieve(ids, { include: { [conn.field]: true } }),
      conn.field,
    )) as Read[] | undefined;
    if (found === undefined) continue;
    const byId = new Map(found.map((r) => [r.externalId, r]));
    for (const instance of view.instances) {
      const read = byId.get(instance.externalId);
      const expected = (conn.expected as Record<string, [string, string][]>)[instance.externalId] ?? [];
      if (read === undefined) {
        check.fail(view.label, conn.field, "include", `${instance.externalId} not found`);
        continue;
      }
      const value = read[conn.field];
      const items = (conn.many ? value : value === null || value === undefined ? [] : [value]) as
        | Read[]
        | undefined;
      if (!Array.isArray(items)) {
        check.fail(
          view.label,
          conn.field,
          "include",
          `${instance.externalId}: not fetched: ${JSON.stringify(value)}`,
        );
        continue;
      }
      // An edge with properties is the edge read with the far node in `node`.
      const nodeOf = (item: Read): Read => ("node" in item && item.node ? (item.node as Read) : item);
      const actual = items.map((item) => [nodeOf(item).space, nodeOf(item).externalId]).sort() as [
        string,
        string,
      ][];
      // Compared as sets, as the Python e2e does: both runtimes today include a node once per entry of
      // its list direct relation that points here (mock lists may repeat a target).
      const expectedKeys = new Set(expected.map(([s, x]) => `${s}:${x}`));
      const actualKeys = new Set(actual.map(([s, x]) => `${s}:${x}`));
      if (conn.many && !same([...actualKeys].sort(), [...expectedKeys].sort())) {
        check.fail(view.label, conn.field, "include", `${instance.externalId}: ${diff(expected, actual)}`);
      } else if (
        !conn.many &&
        (actual.some(([s, x]) => !expectedKeys.has(`${s}:${x}`)) ||
          (expected.length > 0 && actual.length === 0))
      ) {
        check.fail(
          view.label,
          conn.field,
          "include",
          `${instance.externalId}: one of ${JSON.stringify(expected)} expected, got ${JSON.stringify(actual)}`,
        );
      }
      const written = conn.edges?.[instance.externalId] ?? {};
      for (const item of items) {
        const wanted = written[idKey(nodeOf(item))];
        if (wanted === undefined || !("node" in item)) continue;
        if (item.externalId !== wanted.externalId) {
          check.fail(
            view.label,
            conn.field,
            "include",
            `${instance.externalId}: edge ${item.externalId}, wrote ${wanted.externalId}`,
          );
          continue;
        }
        for (const [field, want] of Object.entries(wanted.properties)) {
          const fact = wanted.fields[field];
          if (!same(normal(want, fact), normal(item[field], fact))) {
            check.fail(
              view.label,
              conn.field,
              "include",
              `${instance.externalId}: edge ${wanted.externalId} ${field}: wrote ${JSON.stringify(want)}, read ${JSON.stringify(item[field])}`,
            );
          }
        }
      }
    }
  }
}

function diff(expected: [string, string][], actual: [string, string][]): string {
  const keys = (items: [string, string][]) => new Set(items.map(([, x]) => x));
  const want = keys(expected);
  const got = keys(actual);
  return `missing ${JSON.stringify([...want].filter((x) => !got.has(x)))}, unexpected ${JSON.stringify([...got].filter((x) => !want.has(x)))}`;
}
