// Type tests: checked by `tsc --noEmit` (the typecheck script), never run. Each @ts-expect-error must fail to compile.
import { and, not, or } from "@pygen/runtime";
import { type Equipment, EquipmentFilter, type EquipmentWrite, type ExampleClient } from "../src/index.js";

declare const sdk: ExampleClient;

export async function typedSurface(): Promise<void> {
  const eq: Equipment | undefined = await sdk.equipment.retrieve("a", { space: "s" });
  const many: Equipment[] = await sdk.equipment.retrieve(["a", { space: "s", externalId: "b" }], {
    space: "s",
  });
  const installed: Date | null | undefined = eq?.installedAt;
  const commissioned: string | null | undefined = eq?.commissionedOn;
  void [many, installed, commissioned];

  await sdk.equipment.list({ sort: { property: "priority", direction: "descending" }, limit: null });
  // @ts-expect-error: not a field of Equipment
  await sdk.equipment.list({ sort: { property: "flowRate" } });
  await sdk.pump.list({ sort: { property: "flowRate" } });

  const grouped = await sdk.equipment.aggregate({ aggregate: "count", groupBy: "status" });
  const total: number | null = await sdk.equipment.aggregate({ aggregate: "count" });
  void [grouped[0]?.group.status, total];

  and(
    EquipmentFilter.status.equals("running"),
    or(EquipmentFilter.priority.gt(3), not(EquipmentFilter.name.exists())),
  );
  // @ts-expect-error: not a status value
  EquipmentFilter.status.equals("exploded");
  // @ts-expect-error: numbers do not have prefix
  EquipmentFilter.priority.prefix("1");
  // @ts-expect-error: text lists filter with strings
  EquipmentFilter.aliases.containsAny([1]);

  const write: EquipmentWrite = {
    space: "s",
    externalId: "x",
    serialNumber: "1",
    status: "running",
    description: null,
  };
  // @ts-expect-error: serialNumber is required (not nullable)
  const missing: EquipmentWrite = { space: "s", externalId: "x" };
  // @ts-expect-error: exactOptionalPropertyTypes: absent is not undefined
  const undef: EquipmentWrite = { space: "s", externalId: "x", serialNumber: "1", name: undefined };
  // @ts-expect-error: timestamps are Dates, never epoch numbers
  const epoch: EquipmentWrite["installedAt"] = 1700000000000;

  const spec: EquipmentWrite["specification"] = { model: "X1", ratings: { kw: 75 }, tags: ["a"] };
  // @ts-expect-error: a json property holds a JSON object, not an array
  const specArray: EquipmentWrite["specification"] = ["a", "b"];
  // @ts-expect-error: a json property holds a JSON object, not a scalar
  const specScalar: EquipmentWrite["specification"] = 42;

  void [write, missing, undef, epoch, spec, specArray, specScalar];
}
