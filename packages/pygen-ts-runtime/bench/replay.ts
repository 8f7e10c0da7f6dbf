// 100 recorded pages of 1000 instances (100k items) replayed through an injected `fetch`, so what is
// measured is the runtime's read path and not a server. The view has 25 properties, most of them
// absent on the wire (as CDF sends them), a timestamp among the few that are set: the shape of
// issue 14 item 15 (a page is ~490 KB of JSON).
import {
  ClientConfig,
  fieldsFor,
  PygenClient,
  type Read,
  Token,
  ViewAPI,
  type ViewSpec,
} from "../src/index.js";

export const PAGES = 100;
export const PAGE_SIZE = 1000;

export const WIDE_VIEW = {
  view: { space: "sp", externalId: "Wide", version: "v1" },
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text" },
    description: { id: "description", type: "text" },
    serialNumber: { id: "serialNumber", type: "text", nullable: false },
    manufacturer: { id: "manufacturer", type: "text" },
    location: { id: "location", type: "text" },
    sourceId: { id: "sourceId", type: "text" },
    sourceContext: { id: "sourceContext", type: "text" },
    sourceCreatedUser: { id: "sourceCreatedUser", type: "text" },
    priority: { id: "priority", type: "int32" },
    rank: { id: "rank", type: "int32" },
    runHours: { id: "runHours", type: "int64" },
    capacity: { id: "capacity", type: "float64" },
    efficiency: { id: "efficiency", type: "float32" },
    weight: { id: "weight", type: "float64" },
    isActive: { id: "isActive", type: "boolean" },
    isCritical: { id: "isCritical", type: "boolean" },
    installedAt: { id: "installedAt", type: "timestamp" },
    sourceUpdatedTime: { id: "sourceUpdatedTime", type: "timestamp" },
    commissionedOn: { id: "commissionedOn", type: "date" },
    metadata: { id: "metadata", type: "json" },
    parent: { id: "parent", type: "direct" },
    assets: { id: "assets", type: "direct", list: true },
    status: { id: "status", type: "enum", values: ["running", "stopped"] },
    aliases: { id: "aliases", type: "text", list: true },
    tags: { id: "tags", type: "text", list: true },
  },
} as const satisfies ViewSpec;

export interface Wide extends Read<typeof WIDE_VIEW> {}
export const WideFields = fieldsFor(WIDE_VIEW);

function rawItem(i: number): Record<string, unknown> {
  return {
    instanceType: "node",
    space: "bench_data_space",
    externalId: `equipment-${String(i).padStart(8, "0")}`,
    version: 3,
    createdTime: 1_700_000_000_000 + i,
    lastUpdatedTime: 1_700_000_500_000 + i,
    properties: {
      sp: {
        "Wide/v1": {
          name: `Centrifugal pump ${i} in the north processing area`,
          serialNumber: `SN-${i}-${(i * 7919) % 100_000}`,
          manufacturer: "Acme Industrial Pumps and Valves Incorporated",
          priority: i % 5,
          capacity: (i % 1000) / 7,
          isActive: i % 2 === 0,
          installedAt: "2024-05-06T07:08:09.010+00:00",
          parent: { space: "bench_data_space", externalId: `area-${i % 100}` },
          tags: ["pump", "north", `line-${i % 12}`],
        },
      },
    },
  };
}

/** The recorded response bodies: page `p` points at page `p + 1` with its cursor. */
export function recordPages(): string[] {
  return Array.from({ length: PAGES }, (_, p) =>
    JSON.stringify({
      items: Array.from({ length: PAGE_SIZE }, (_, i) => rawItem(p * PAGE_SIZE + i)),
      nextCursor: p + 1 < PAGES ? `cursor-${p + 1}` : null,
    }),
  );
}

/**
 * A `ViewAPI` whose fetch answers each list request with the recorded page its cursor names, as bytes
 * (what a network response carries: encoding the text again on every request would be the harness's
 * cost, not the runtime's).
 */
export function replayAPI(pages: readonly string[]): ViewAPI<Wide, never, typeof WideFields> {
  const encoder = new TextEncoder();
  const bodies = pages.map((page) => encoder.encode(page));
  const fetch = async (_url: string, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { cursor?: string };
    const page = body.cursor === undefined ? 0 : Number(body.cursor.slice("cursor-".length));
    return new Response(bodies[page], { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new PygenClient(
    new ClientConfig({
      baseUrl: "http://127.0.0.1:1",
      project: "bench",
      credentials: new Token("t"),
      fetch,
    }),
  );
  return new ViewAPI(client, WIDE_VIEW);
}
