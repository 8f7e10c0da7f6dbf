// `pnpm bench`: list() of a 1000-item page through an injected fetch, beside the raw lower bounds
// (JSON.parse of the same text; the transport alone). Ratios matter, not absolute times.
import { bench, describe } from "vitest";
import { ClientConfig, PygenClient, Token, ViewAPI } from "../src/index.js";
import { rawThing, THING_VIEW } from "../test/fixtures.js";

const items = Array.from({ length: 1000 }, (_, i) =>
  rawThing(`t${i}`, {
    name: `thing ${i}`,
    count_32: i,
    big: i * 1000,
    ratio: i / 7,
    isActive: i % 2 === 0,
    seen_at: "2024-05-06T07:08:09.010+00:00",
    seenTimes: ["2024-01-01T00:00:00.000+00:00", "2024-01-02T00:00:00.000+00:00"],
    born_on: "2020-02-29",
    tags: ["a", "b", "c"],
    meta: { nested: { x: 1 } },
    color: "red",
    parent: { space: "data", externalId: "p" },
  }),
);
const text = JSON.stringify({ items });
const client = new PygenClient(
  new ClientConfig({
    baseUrl: "http://127.0.0.1:1",
    project: "bench",
    credentials: new Token("t"),
    fetch: async () => new Response(text, { status: 200 }),
  }),
);
const api = new ViewAPI(client, THING_VIEW);

describe(`1000 instances (${(text.length / 1024).toFixed(0)} KiB)`, () => {
  bench("JSON.parse (lower bound)", () => {
    JSON.parse(text);
  });
  bench("transport only: client.post (fetch + text + JSON.parse)", async () => {
    await client.post("/models/instances/list", { limit: 1000 });
  });
  bench("ViewAPI.list({ limit: 1000 }) → typed objects", async () => {
    await api.list({ limit: 1000 });
  });
});
