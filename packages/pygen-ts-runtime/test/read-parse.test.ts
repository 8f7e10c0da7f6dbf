// How a raw instance becomes a read object (issue 14 item 15: `list` cost 3× JSON.parse because every
// object had all of its view's fields set one by one). Absent fields are still present as `null`; the
// cost is measured by `pnpm bench` (bench/read-cost.bench.ts), these pin the behaviour that makes it cheap.
import { describe, expect, it } from "vitest";
import { codecFor } from "../src/_instance.js";
import type { ViewSpec } from "../src/index.js";
import { rawThing, THING_VIEW } from "./fixtures.js";

describe("ViewCodec.parse", () => {
  it("reads only the properties on the wire, yet every field is an own property (absent: null)", () => {
    const wire: Record<string, unknown> = { "serial-number": "sn-1", count_32: 3, unknownLater: 1 };
    const reads: string[] = [];
    const counted = new Proxy(wire, {
      get(target, key, receiver) {
        if (typeof key === "string") reads.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const raw = rawThing("a");
    (raw.properties.sp as Record<string, unknown>)["Thing/v1"] = counted;
    const read = codecFor(THING_VIEW).parse(raw as never);
    expect(reads.sort()).toEqual(["count_32", "serial-number"]);
    expect(read).toMatchObject({ serialNumber: "sn-1", count: 3, name: null, seenAt: null, tags: null });
    expect(Object.keys(read)).toEqual([
      "instanceType",
      "space",
      "externalId",
      "version",
      "createdTime",
      "lastUpdatedTime",
      "type",
      ...Object.keys(THING_VIEW.properties),
    ]);
    expect(read.createdTime).toEqual(new Date(1700000000000));
    expect("unknownLater" in read).toBe(false);
  });

  it("gives each object its own values (the template is copied, never shared)", () => {
    const codec = codecFor(THING_VIEW);
    const a = codec.parse(rawThing("a", { tags: ["x"] }) as never);
    const b = codec.parse(rawThing("b") as never);
    expect([a.tags, b.tags, a.externalId, b.externalId]).toEqual([["x"], null, "a", "b"]);
  });

  it("a wire property called __proto__ is read as data, never as the object's prototype", () => {
    const spec = {
      view: { space: "sp", externalId: "Odd", version: "v1" },
      usedFor: "node",
      properties: { proto: { id: "__proto__", type: "json" } },
    } as const satisfies ViewSpec;
    const raw = JSON.parse(
      JSON.stringify(rawThing("a")).replace('"serial-number"', '"__proto__":{"polluted":true},"x"'),
    ) as { properties: Record<string, Record<string, unknown>> };
    raw.properties.sp = { "Odd/v1": raw.properties.sp?.["Thing/v1"] };
    const read = codecFor(spec).parse(raw as never);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(read.proto).toEqual({ polluted: true });
    expect((read as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("edges carry their end nodes; a soft-deleted instance its deletedTime", () => {
    const edge = {
      ...rawThing("e"),
      instanceType: "edge",
      type: { space: "t", externalId: "link" },
      startNode: { space: "d", externalId: "a", extra: 1 },
      endNode: { space: "d", externalId: "b" },
      deletedTime: 1700000002000,
    };
    const spec = { ...THING_VIEW, usedFor: "edge" } as const satisfies ViewSpec;
    const read = codecFor(spec).parse(edge as never);
    expect(read).toMatchObject({
      instanceType: "edge",
      type: { space: "t", externalId: "link" },
      startNode: { space: "d", externalId: "a" },
      endNode: { space: "d", externalId: "b" },
      deletedTime: new Date(1700000002000),
    });
    expect(read.startNode).toEqual({ space: "d", externalId: "a" });
  });
});
