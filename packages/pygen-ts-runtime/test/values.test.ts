import { describe, expect, it } from "vitest";
import { formatTimestamp, parseTimestamp, ValidationError, ViewAPI } from "../src/index.js";
import { rawThing, THING_VIEW, type Thing, ThingFields, type ThingWrite } from "./fixtures.js";
import { json, makeClient } from "./helpers.js";

function api() {
  const { client, requests } = makeClient(() => json({ items: [] }));
  return { api: new ViewAPI<Thing, ThingWrite, typeof ThingFields>(client, THING_VIEW), requests };
}

describe("timestamps and dates", () => {
  it("formats timestamps as ISO-8601 with milliseconds and an offset, never epoch ms", () => {
    expect(formatTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe("2024-01-02T03:04:05.006+00:00");
  });
  it("parses offsets, Z and naive strings (as UTC)", () => {
    expect(parseTimestamp("2021-07-02T17:40:00.000+02:00").toISOString()).toBe("2021-07-02T15:40:00.000Z");
    expect(parseTimestamp("2021-07-02T17:40:00Z").toISOString()).toBe("2021-07-02T17:40:00.000Z");
    expect(parseTimestamp("2021-07-02T17:40:00.000").toISOString()).toBe("2021-07-02T17:40:00.000Z");
    expect(parseTimestamp("2021-07-02T17:40:00+01").toISOString()).toBe("2021-07-02T16:40:00.000Z");
  });
});

describe("write format", () => {
  it("maps field names to property ids, encodes every type, and keeps absent apart from null", () => {
    const { api: a } = api();
    const [wire] = a.toWire([
      {
        space: "data",
        externalId: "t1",
        serialNumber: "SN1",
        name: null,
        count: 3,
        big: 2 ** 40,
        ratio: 0.5,
        active: false,
        seenAt: new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 10)),
        seenTimes: [new Date(Date.UTC(2024, 0, 1))],
        bornOn: new Date(Date.UTC(2020, 1, 29, 23, 0)),
        tags: ["a", "b"],
        meta: { nested: [1, "x"] },
        color: "red",
        parent: { space: "data", externalId: "p", extra: 1 } as unknown as {
          space: string;
          externalId: string;
        },
        children: [{ space: "data", externalId: "c" }],
      },
    ]);
    expect(wire).toEqual({
      instanceType: "node",
      space: "data",
      externalId: "t1",
      sources: [
        {
          source: { type: "view", space: "sp", externalId: "Thing", version: "v1" },
          properties: {
            "serial-number": "SN1",
            name: null,
            count_32: 3,
            big: 2 ** 40,
            ratio: 0.5,
            isActive: false,
            seen_at: "2024-05-06T07:08:09.010+00:00",
            seenTimes: ["2024-01-01T00:00:00.000+00:00"],
            born_on: "2020-02-29",
            tags: ["a", "b"],
            meta: { nested: [1, "x"] },
            color: "red",
            parent: { space: "data", externalId: "p" },
            children: [{ space: "data", externalId: "c" }],
          },
        },
      ],
    });
    expect("ratio" in (wire?.sources?.[0]?.properties ?? {})).toBe(true);
    const [partial] = a.toWire([{ space: "data", externalId: "t2", serialNumber: "x" }]);
    expect(partial?.sources?.[0]?.properties).toEqual({ "serial-number": "x" });
  });

  it("validates client-side with a field path, before any request", async () => {
    const { api: a, requests } = api();
    const bad = [
      { space: "data", externalId: "ok", serialNumber: "1" },
      {
        space: "data",
        externalId: "bad",
        serialNumber: null,
        count: 1.5,
        bornOn: "2021-02-30",
        color: "blue",
        tags: ["a", 3],
        seenAt: "yesterday",
        meta: { ok: 1, bad: [Number.NaN] },
      },
    ] as unknown as ThingWrite[];
    const error = await a.upsert(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems).toEqual([
      "items[1].serialNumber: is required (not nullable), got null",
      "items[1].count: expected an integer, got 1.5",
      'items[1].seenAt: expected a Date or an ISO-8601 string with an offset, got "yesterday"',
      "items[1].bornOn: expected a 'YYYY-MM-DD' string or a Date, got \"2021-02-30\"",
      "items[1].tags[1]: expected a string, got 3",
      "items[1].meta.bad[0]: NaN is not valid JSON",
      "items[1].color: expected one of 'red', 'green', got \"blue\"",
    ]);
    expect(requests).toHaveLength(0);
  });

  it("json properties take JSON objects only, as CDF stores them", () => {
    const { api: a } = api();
    expect(() =>
      a.toWire([
        // Runtime validation for callers without the types (plain JS, `as` casts).
        { space: "d", externalId: "x", serialNumber: "1", meta: [1, 2] as never },
        { space: "d", externalId: "y", serialNumber: "1", meta: "text" as never },
        { space: "d", externalId: "z", serialNumber: "1", meta: 5 as never },
      ]),
    ).toThrow(
      new ValidationError([
        "items[0].meta: expected a JSON object (wrap arrays and scalars in one), got [1,2]",
        'items[1].meta: expected a JSON object (wrap arrays and scalars in one), got "text"',
        "items[2].meta: expected a JSON object (wrap arrays and scalars in one), got 5",
      ]).message,
    );
    const [ok] = a.toWire([{ space: "d", externalId: "w", serialNumber: "1", meta: { list: [1, "a"] } }]);
    expect(ok?.sources?.[0]?.properties.meta).toEqual({ list: [1, "a"] });
  });

  it("rejects times outside the years 0001-9999 that CDF stores, instead of sending an invalid string", () => {
    const { api: a } = api();
    const far = new Date(Date.UTC(10000, 0, 1));
    const early = new Date(Date.UTC(0, 0, 1));
    early.setUTCFullYear(0);
    expect(() =>
      a.toWire([
        { space: "d", externalId: "x", serialNumber: "1", seenAt: far },
        { space: "d", externalId: "y", serialNumber: "1", seenTimes: [early] },
        { space: "d", externalId: "z", serialNumber: "1", bornOn: far },
        { space: "d", externalId: "w", serialNumber: "1", seenAt: "0001-01-01T00:30:00+01:00" as never },
      ]),
    ).toThrow(
      new ValidationError([
        "items[0].seenAt: expected a time in the years 0001-9999 (UTC), got Date(+010000-01-01T00:00:00.000Z)",
        "items[1].seenTimes[0]: expected a time in the years 0001-9999 (UTC), got Date(0000-01-01T00:00:00.000Z)",
        "items[2].bornOn: expected a time in the years 0001-9999 (UTC), got Date(+010000-01-01T00:00:00.000Z)",
        'items[3].seenAt: expected a time in the years 0001-9999 (UTC), got "0001-01-01T00:30:00+01:00"',
      ]).message,
    );
    const [edge] = a.toWire([
      {
        space: "d",
        externalId: "v",
        serialNumber: "1",
        seenAt: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
      },
    ]);
    expect(edge?.sources?.[0]?.properties.seen_at).toBe("9999-12-31T23:59:59.999+00:00");
  });

  it("requires type, startNode and endNode on edges", () => {
    const { client } = makeClient(() => json({ items: [] }));
    const edges = new ViewAPI(client, {
      view: { space: "sp", externalId: "Link", version: "v1" },
      usedFor: "edge",
      properties: {},
    });
    expect(() => edges.toWire([{ space: "s", externalId: "e" }])).toThrow(
      /items\[0\]\.type: required for an edge/,
    );
  });
});

describe("read format", () => {
  it("maps property ids to field names, parses timestamps to Date, keeps dates as strings, ignores unknowns", async () => {
    const { client } = makeClient(() =>
      json({
        items: [
          rawThing("t1", {
            name: "one",
            count_32: 7,
            seen_at: "2024-05-06T07:08:09.010+00:00",
            seenTimes: ["2024-01-01T00:00:00.000+00:00"],
            born_on: "2020-02-29",
            color: "purple",
            parent: { space: "data", externalId: "p" },
            brandNewProperty: 1,
          }),
        ],
      }),
    );
    const a = new ViewAPI<Thing, ThingWrite, typeof ThingFields>(client, THING_VIEW);
    const [thing] = await a.list();
    expect(thing).toMatchObject({
      instanceType: "node",
      space: "data",
      externalId: "t1",
      version: 1,
      name: "one",
      serialNumber: "sn-t1",
      count: 7,
      bornOn: "2020-02-29",
      color: "purple",
      parent: { space: "data", externalId: "p" },
      type: null,
      ratio: null,
      tags: null,
    });
    expect(thing?.seenAt).toEqual(new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 10)));
    expect(thing?.seenTimes).toEqual([new Date(Date.UTC(2024, 0, 1))]);
    expect(thing?.createdTime).toEqual(new Date(1700000000000));
    expect(thing && "brandNewProperty" in thing).toBe(false);
    expect(thing && "count_32" in thing).toBe(false);
  });
});

describe("filter values", () => {
  it("reject invalid timestamps and dates with a clear message", () => {
    const f = ThingFields;
    expect(() => f.seenAt.gt("not a time")).toThrow(/filter value: expected a Date or an ISO-8601/);
    expect(() => f.bornOn.equals("2021-13-01")).toThrow(/filter value: expected a 'YYYY-MM-DD'/);
    expect(f.seenAt.gt("2024-01-01T01:00:00+01:00").dms).toEqual({
      range: { property: ["sp", "Thing/v1", "seen_at"], gt: "2024-01-01T00:00:00.000+00:00" },
    });
  });
});
