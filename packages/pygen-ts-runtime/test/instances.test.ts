import { describe, expect, it } from "vitest";
import { upsertInstances } from "../src/_instances.js";
import type { DmsInstanceWrite } from "../src/index.js";
import { json, makeClient } from "./helpers.js";

// Answers every apply request with its items as created (version 1), echoing the request order.
function applied(body: unknown): Response {
  const items = (body as { items: DmsInstanceWrite[] }).items.map((item) => ({
    instanceType: item.instanceType,
    space: item.space,
    externalId: item.externalId,
    version: 1,
    wasModified: true,
    createdTime: 1,
    lastUpdatedTime: 1,
  }));
  return json({ items });
}

describe("upsert ordering", () => {
  it("sends every node chunk before any edge chunk and returns results in input order", async () => {
    const { client, requests } = makeClient((request) => applied(request.body));
    const node = (i: number): DmsInstanceWrite => ({ instanceType: "node", space: "s", externalId: `n${i}` });
    const edge = (i: number): DmsInstanceWrite => ({
      instanceType: "edge",
      space: "s",
      externalId: `e${i}`,
      type: { space: "s", externalId: "link" },
      startNode: { space: "s", externalId: `n${i}` },
      endNode: { space: "s", externalId: `n${i + 1}` },
    });
    // Edges first in the input: sent in input order, the first chunks would race their nodes.
    const items = [
      ...Array.from({ length: 1200 }, (_, i) => edge(i)),
      ...Array.from({ length: 1500 }, (_, i) => node(i)),
    ];
    const results = await upsertInstances(client, items, { concurrency: 4 });

    const kinds = requests.map((r) => [
      ...new Set((r.body as { items: DmsInstanceWrite[] }).items.map((i) => i.instanceType)),
    ]);
    expect(kinds).toEqual([["node"], ["node"], ["edge"], ["edge"]]);
    expect(results.items.map((r) => r.externalId)).toEqual(items.map((i) => i.externalId));
  });
});
