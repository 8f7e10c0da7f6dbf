// Type tests of the generated example SDK's surface, checked by `pnpm typecheck` (tsc), never run:
// each `@ts-expect-error` must meet an error, so a too-loose generated type fails the check.
import { count, sum } from "@pygen/runtime";
import { expectTypeOf } from "vitest";
import {
  CERTIFIED,
  type Equipment,
  EquipmentFields,
  type ExampleClient,
  OperatorFields,
  type PumpWrite,
} from "../generated/example/src/index.js";

declare const sdk: ExampleClient;
declare const equipment: Equipment;
const id = { space: "s", externalId: "x" };

export async function checks(): Promise<void> {
  // Reads: required properties are never null, int64 is a number, timestamps are Dates, dates strings.
  expectTypeOf(equipment.serialNumber).toEqualTypeOf<string>();
  expectTypeOf(equipment.operatingHours).toEqualTypeOf<number | null>();
  expectTypeOf(equipment.installedAt).toEqualTypeOf<Date | null>();
  expectTypeOf(equipment.commissionedOn).toEqualTypeOf<string | null>();
  // Enum reads keep values added to the model later, so any string is accepted when reading.
  const status: string | null = equipment.status;
  void status;

  // Writes: a required property must be given; enum values are checked.
  // @ts-expect-error serialNumber is required
  await sdk.equipment.upsert({ ...id });
  // @ts-expect-error "broken" is not an Equipment status
  await sdk.equipment.upsert({ ...id, serialNumber: "1", status: "broken" });
  const pump: PumpWrite = {
    ...id,
    serialNumber: "1",
    status: "running",
    flowRate: 2,
    commissionedOn: new Date(),
  };
  await sdk.upsert({ pump: [pump], edges: [{ ...id, type: CERTIFIED, startNode: id, endNode: id }] });

  // Filters are tied to their view: a parent's filter works on a child view, another view's does not.
  await sdk.pump.list({ filter: EquipmentFields.status.equals("running") });
  // @ts-expect-error an Operator filter on the Pump view
  await sdk.pump.list({ filter: OperatorFields.fullName.equals("Ada") });
  // @ts-expect-error not a field of Pump
  await sdk.pump.list({ sort: { property: "fullName" } });
  await sdk.pump.aggregate({ aggregates: [count(), sum("flowRate")], groupBy: "status" });
}
