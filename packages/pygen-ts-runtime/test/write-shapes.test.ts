// What a view spec says about writing (generated from the IR's `read_only` and `required_on_write`):
// read-only properties are not part of `Write<>` and are refused at run time; a non-nullable property
// CDF fills itself (a container default, auto-increment) is optional on write and never null on read.
// The `@ts-expect-error` lines are checked by `pnpm typecheck`: each must meet an error.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  fieldsFor,
  type InstanceId,
  type Read,
  ValidationError,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "../src/index.js";
import { json, makeClient } from "./helpers.js";

const ASSET_VIEW = {
  view: { space: "sp", externalId: "Asset", version: "v1" },
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text", nullable: false },
    /** CDF maintains it. */
    path: { id: "path", type: "direct", list: true, readOnly: true },
    /** Non-nullable with a container default. */
    priority: { id: "priority", type: "int32", nullable: false, optionalOnWrite: true },
    note: { id: "note", type: "text" },
  },
} as const satisfies ViewSpec;

type Asset = Read<typeof ASSET_VIEW>;
type AssetWrite = Write<typeof ASSET_VIEW>;
const AssetFields = fieldsFor(ASSET_VIEW);

describe("write shapes from the spec", () => {
  it("types: read-only left out of writes, defaulted optional on write and never null on read", () => {
    expectTypeOf<Asset["path"]>().toEqualTypeOf<InstanceId[] | null>();
    expectTypeOf<Asset["priority"]>().toEqualTypeOf<number>();
    expectTypeOf<"path" extends keyof AssetWrite ? true : false>().toEqualTypeOf<false>();
    const minimal: AssetWrite = { space: "s", externalId: "a", name: "pump" };
    const full: AssetWrite = { space: "s", externalId: "a", name: "pump", priority: 3, note: null };
    // @ts-expect-error path is read-only: CDF maintains it
    const withPath: AssetWrite = { space: "s", externalId: "a", name: "pump", path: [] };
    // @ts-expect-error priority is not nullable: leave it out to get the default
    const nullPriority: AssetWrite = { space: "s", externalId: "a", name: "pump", priority: null };
    // @ts-expect-error name is required (not nullable, no default)
    const noName: AssetWrite = { space: "s", externalId: "a" };
    expect([minimal, full, withPath, nullPriority, noName]).toHaveLength(5);
  });

  it("refuses a read-only property at run time, naming it, before any request", async () => {
    const { client, requests } = makeClient(() => json({ items: [] }));
    const api = new ViewAPI<Asset, AssetWrite, typeof AssetFields>(client, ASSET_VIEW);
    const item = { space: "s", externalId: "a", name: "pump", path: [{ space: "s", externalId: "root" }] };
    const error = await api.upsert(item as AssetWrite).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      "items[0].path: is read-only (CDF maintains it); leave it out of writes",
    ]);
    expect(requests).toHaveLength(0);
  });

  it("sends a write without the defaulted property, so CDF fills it", async () => {
    const { client, requests } = makeClient(() => json({ items: [] }));
    const api = new ViewAPI<Asset, AssetWrite, typeof AssetFields>(client, ASSET_VIEW);
    await api.upsert({ space: "s", externalId: "a", name: "pump" });
    const body = requests[0]?.body as { items: { sources: { properties: object }[] }[] };
    expect(body.items[0]?.sources[0]?.properties).toEqual({ name: "pump" });
  });
});
