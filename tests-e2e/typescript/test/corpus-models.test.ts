// The generated SDKs of two corpus models, Omni (every property type and connection kind) and
// CogniteCore (deep implements, edge views), against pygen-emulator. Model-independent: every writable
// view gets a sample instance with a value for each property; all are written in one `upsert`, then
// read back through retrieve, list with a filter, iterate, search and aggregate, and compared.
import { fileURLToPath } from "node:url";
import { ViewAPI, type ViewSpec } from "@pygen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorConfig, freshSpace } from "./emulator.js";
import { ModelFacts } from "./model-facts.js";
import { hasModel, MODELS } from "./models.js";
import { type AnyAPI, allProperties, expectedRead, sampleWrite, viewAPIs } from "./sample.js";

interface Case {
  model: keyof typeof MODELS;
  folder: string;
  client: string;
  /** Properties CDF computes itself: the generated specs must mark exactly these `readOnly`. */
  readOnly: readonly string[];
}

const CASES: Case[] = [
  { model: "omni", folder: "omni", client: "OmniClient", readOnly: [] },
  {
    model: "cogniteCore",
    folder: "cognite-core",
    client: "CogniteCoreClient",
    readOnly: ["path", "root", "pathLastUpdatedTime", "isUploaded", "uploadedTime"],
  },
];

const isAPI = (value: unknown): value is AnyAPI => value instanceof ViewAPI;

describe.each(CASES)("$model SDK (generated) against the emulator", (c) => {
  const space = `e2e_${c.folder.replace(/-/g, "_")}`;
  const id = (externalId: string) => ({ space, externalId });
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is imported at run time (it exists only with the corpus)
  let sdk: any;
  let apis: Record<string, AnyAPI> = {};
  const samples = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    if (!hasModel(c.model)) return;
    const url = new URL(`../generated/${c.folder}/src/index.js`, import.meta.url);
    const module = (await import(fileURLToPath(url))) as Record<string, new (config: unknown) => object>;
    const Client = module[c.client];
    if (Client === undefined) throw new Error(`${c.client} is not exported by generated/${c.folder}`);
    sdk = new Client(emulatorConfig(`e2e-${c.folder}`));
    apis = viewAPIs(sdk, isAPI);
    await freshSpace(sdk.client, space);
  });

  it.skipIf(!hasModel(c.model))("marks exactly the properties CDF maintains as read-only", () => {
    const marked = new Set<string>();
    for (const api of Object.values(apis)) {
      for (const prop of Object.values(allProperties(api.spec))) if (prop.readOnly) marked.add(prop.id);
    }
    expect([...marked].sort()).toEqual([...c.readOnly].sort());
  });

  it.skipIf(!hasModel(c.model))(
    "writes every node view with every property type, in one upsert",
    async () => {
      const facts = new ModelFacts(MODELS[c.model]);
      const getterOf = new Map(Object.entries(apis).map(([name, api]) => [api.spec.view.externalId, name]));
      const nodes = Object.entries(apis).filter(([, api]) => api.spec.usedFor === "node");
      expect(nodes.length).toBeGreaterThan(5);
      const writes: Record<string, Record<string, unknown>[]> = {};
      // A direct relation points at the sample of the view its container requires, else at `fallback`.
      const targets = (view: string, fallback: string) => (propertyId: string) => {
        const required = facts.directTarget(view, propertyId);
        return id(`${(required && getterOf.get(required)) ?? fallback}-1`);
      };
      for (const [name, api] of nodes) {
        const view = api.spec.view.externalId;
        const sample = sampleWrite(api.spec, id(`${name}-1`), targets(view, name));
        const type = facts.nodeType(view);
        samples.set(name, sample);
        writes[name] = [type ? { ...sample, type } : sample];
      }
      // Edge views: one edge between two of the sample nodes, with a value for each edge property.
      const [from, to] = nodes.map(([name]) => id(`${name}-1`));
      for (const [name, api] of Object.entries(apis)) {
        if (api.spec.usedFor !== "edge") continue;
        const view = api.spec.view.externalId;
        const sample = sampleWrite(api.spec, id(`${name}-1`), targets(view, nodes[0]?.[0] ?? name));
        samples.set(name, sample);
        writes[name] = [{ ...sample, type: id(`${name}-type`), startNode: from, endNode: to }];
      }
      const writable = Object.fromEntries(Object.entries(writes).filter(([name]) => isWritable(apis[name])));
      const result = await sdk.upsert(writable);
      expect(result.items.length).toBe(Object.values(writable).flat().length);
    },
  );

  it.skipIf(!hasModel(c.model))("retrieves every instance as written", async () => {
    for (const [name, api] of Object.entries(apis)) {
      const sample = samples.get(name);
      if (sample === undefined || !isWritable(api)) continue;
      const read = await api.retrieve(id(`${name}-1`));
      expect(read, name).toMatchObject(expectedRead(api.spec, sample));
    }
  });

  it.skipIf(!hasModel(c.model))(
    "lists with a filter, iterates, searches and aggregates every view",
    async () => {
      const facts = new ModelFacts(MODELS[c.model]);
      for (const [name, api] of Object.entries(apis)) {
        if (!samples.has(name) || !isWritable(api) || facts.filtersOnValues(api.spec.view.externalId))
          continue;
        const mine = api.fields.externalId.equals(`${name}-1`);
        const listed = await api.list({ filter: mine });
        expect(
          listed.map((x: { externalId: string }) => x.externalId),
          name,
        ).toEqual([`${name}-1`]);
        const seen: string[] = [];
        for await (const x of api.iterate({ pageSize: 1, filter: api.fields.space.equals(space) })) {
          seen.push(x.externalId);
        }
        expect(seen, name).toContain(`${name}-1`);
        const counted = await api.aggregate({ aggregates: { aggregate: "count" }, filter: mine });
        expect(counted.value("count"), name).toBe(1);
        const text = firstText(api.spec);
        if (text !== undefined) {
          const hits = await api.search({
            query: String(samples.get(name)?.[text]),
            properties: [text],
            limit: 1000,
          });
          expect(
            hits.map((x: { externalId: string }) => x.externalId),
            name,
          ).toContain(`${name}-1`);
        }
      }
    },
  );
});

/** Non-writable views have no write type: the generated API's write type is `never`. */
function isWritable(api: AnyAPI | undefined): boolean {
  return api !== undefined && !NON_WRITABLE.has(api.spec.view.externalId);
}

// Omni's views CDF refuses writes to (`writable: false` in the model).
const NON_WRITABLE = new Set(["ConnectionItemC", "Implementation1NonWriteable"]);

function firstText(spec: ViewSpec): string | undefined {
  return Object.entries(allProperties(spec)).find(([, p]) => p.type === "text" && !p.list)?.[0];
}
