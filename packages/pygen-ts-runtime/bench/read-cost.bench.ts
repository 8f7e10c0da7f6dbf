// `pnpm bench`: the read cost of `list` (issue 14 item 15). 100 recorded pages (100k instances)
// replayed through an injected fetch, against the floor of `JSON.parse` of the same page texts (the
// parsed pages kept, as `list` keeps its items). Aim: list ≤ 2× the floor.
import { bench, describe } from "vitest";
import { PAGES, recordPages, replayAPI } from "./replay.js";

const pages = recordPages();
const api = replayAPI(pages);
const megabytes = pages.reduce((n, p) => n + p.length, 0) / 1e6;

describe(`${PAGES} recorded pages, ${PAGES}k instances (${megabytes.toFixed(0)} MB of JSON)`, () => {
  bench(
    "JSON.parse of every page (the floor)",
    () => {
      const kept: unknown[] = [];
      for (const page of pages) kept.push(JSON.parse(page));
    },
    { iterations: 7, time: 0 },
  );
  bench(
    "transport only: client.post of every page (fetch, text, JSON.parse)",
    async () => {
      const kept: unknown[] = [];
      for (let p = 0; p < PAGES; p++) {
        kept.push(await api.client.post("/models/instances/list", p === 0 ? {} : { cursor: `cursor-${p}` }));
      }
    },
    { iterations: 7, time: 0 },
  );
  bench(
    "ViewAPI.list({ limit: null }) → typed objects",
    async () => {
      await api.list({ limit: null });
    },
    { iterations: 7, time: 0 },
  );
});
