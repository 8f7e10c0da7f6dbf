// Edges with properties (Certification), plain edges (installed), and partial upsert failure.
import { avg, BadRequestError, UpsertError } from "@pygen/runtime";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CERTIFIED,
  CertificationFields,
  type CertificationWrite,
  INSTALLED,
  SUPERVISED_BY,
} from "../src/index.js";
import { exampleClient, freshSpace } from "./emulator.js";

const sdk = exampleClient();
const SPACE = "ts_edges";
const op = (n: number) => ({ space: SPACE, externalId: `op-${n}` });
const eq = (n: number) => ({ space: SPACE, externalId: `eq-${n}` });

beforeAll(async () => {
  await freshSpace(sdk.client, SPACE);
  await sdk.operator.upsert(
    [1, 2].map((n) => ({ ...op(n), fullName: `Operator ${n}`, hiredOn: `2010-01-0${n}` })),
  );
  await sdk.equipment.upsert([1, 2, 3].map((n) => ({ ...eq(n), serialNumber: `S${n}`, name: `Eq ${n}` })));
});

describe("edges", () => {
  it("edges with properties are written and read back with type, startNode and endNode", async () => {
    const cert: CertificationWrite = {
      space: SPACE,
      externalId: "cert-1-1",
      type: CERTIFIED,
      startNode: op(1),
      endNode: eq(1),
      level: "expert",
      certifiedAt: new Date(Date.UTC(2024, 2, 3, 4, 5, 6, 7)),
      validUntil: "2026-12-31",
      score: 97.5,
    };
    await sdk.certification.upsert([
      cert,
      { ...cert, externalId: "cert-1-2", endNode: eq(2), level: "basic", score: 50 },
      { ...cert, externalId: "cert-2-3", startNode: op(2), endNode: eq(3), level: "advanced", score: 75 },
    ]);
    const [read] = await sdk.certification.retrieve([{ space: SPACE, externalId: "cert-1-1" }]);
    expect(read).toMatchObject({ ...cert, instanceType: "edge" });
    const ofOperator1 = await sdk.certification.list({
      filter: CertificationFields.startNode.equals(op(1)).and(CertificationFields.space.equals(SPACE)),
      sort: { property: "score", direction: "descending" },
    });
    expect(ofOperator1.map((c) => [c.endNode.externalId, c.score])).toEqual([
      ["eq-1", 97.5],
      ["eq-2", 50],
    ]);
    const experts = await sdk.certification.list({
      // other test files write certifications too, in their own spaces
      filter: CertificationFields.level
        .in(["expert", "advanced"])
        .and(CertificationFields.space.equals(SPACE)),
    });
    expect(experts.map((c) => c.externalId).sort()).toEqual(["cert-1-1", "cert-2-3"]);
    const scores = await sdk.certification.aggregate({
      aggregates: avg("score"),
      filter: CertificationFields.space.equals(SPACE),
    });
    expect(scores.value("avg", "score")).toBeCloseTo(74.1666, 3);
  });

  it("edges without properties are written with the client's upsert and read with edges()", async () => {
    const result = await sdk.upsert({
      edges: [
        { space: SPACE, externalId: "inst-1", type: INSTALLED, startNode: op(1), endNode: eq(1) },
        { space: SPACE, externalId: "inst-2", type: INSTALLED, startNode: op(1), endNode: eq(3) },
        { space: SPACE, externalId: "inst-3", type: INSTALLED, startNode: op(2), endNode: eq(2) },
      ],
    });
    expect(result.created.map((r) => [r.instanceType, r.externalId])).toEqual([
      ["edge", "inst-1"],
      ["edge", "inst-2"],
      ["edge", "inst-3"],
    ]);
    const byOp1 = await sdk.edges({ type: INSTALLED, startNode: op(1) });
    expect(byOp1.map((e) => e.endNode.externalId).sort()).toEqual(["eq-1", "eq-3"]);
    expect(byOp1[0]?.type).toEqual({ space: "pygen_example", externalId: "installed" });
    const intoEq2 = await sdk.edges({ type: INSTALLED, endNode: [eq(2)] });
    expect(intoEq2.map((e) => e.externalId)).toEqual(["inst-3"]);
    expect(await sdk.edges({ type: SUPERVISED_BY, startNode: eq(1) })).toEqual([]);
  });

  it("edges are deleted by id", async () => {
    const deleted = await sdk.certification.delete([{ space: SPACE, externalId: "cert-1-2" }]);
    expect(deleted.items).toEqual([{ instanceType: "edge", space: SPACE, externalId: "cert-1-2" }]);
    expect(await sdk.certification.retrieve({ space: SPACE, externalId: "cert-1-2" })).toBeUndefined();
    const [inst3] = await sdk.edges({ type: INSTALLED, endNode: eq(2) });
    expect((await sdk.delete(inst3 ? [inst3] : [])).items).toHaveLength(1);
  });

  it("deleting a node deletes its edges", async () => {
    await sdk.equipment.delete([eq(3)]);
    expect(await sdk.edges({ type: INSTALLED, endNode: eq(3) })).toEqual([]);
    expect(await sdk.certification.retrieve({ space: SPACE, externalId: "cert-2-3" })).toBeUndefined();
  });
});

describe("partial failure", () => {
  it("a failing chunk is reported with the items that succeeded", async () => {
    // 1001 edges: the first request (1000) is valid, the second has an edge whose start node does not exist.
    const edges = Array.from({ length: 1001 }, (_, i) => ({
      space: SPACE,
      externalId: `bulk-${i}`,
      type: INSTALLED,
      startNode: i === 1000 ? { space: SPACE, externalId: "no-such-operator" } : op(1),
      endNode: eq(1),
    }));
    const error = (await sdk.upsert({ edges }).catch((e: unknown) => e)) as UpsertError;
    expect(error).toBeInstanceOf(UpsertError);
    expect(error.succeeded.items).toHaveLength(1000);
    expect(error.succeeded.items[0]?.externalId).toBe("bulk-0");
    expect(error.failed).toHaveLength(1);
    expect(error.failed[0]?.items.map((i) => i.externalId)).toEqual(["bulk-1000"]);
    expect(error.failed[0]?.error).toBeInstanceOf(BadRequestError);
    expect(
      (await sdk.edges({ type: INSTALLED, startNode: op(1), limit: null })).length,
    ).toBeGreaterThanOrEqual(1000);
  });
});
