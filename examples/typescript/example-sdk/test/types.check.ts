// Type tests: checked by `tsc --noEmit` (the typecheck script), never run. Each @ts-expect-error must fail to compile.
import { and, avg, count, type InstanceId, max, nodeFields, not, or, rawFilter, sum } from "@pygen/runtime";
import {
  CertificationFields,
  DescribableFields,
  type Equipment,
  EquipmentFields,
  type EquipmentWrite,
  type ExampleClient,
  FacilityFields,
  INSTALLED,
  OperatorFields,
  type Pump,
  PumpFields,
} from "../src/index.js";

declare const sdk: ExampleClient;

export async function readsAndWrites(): Promise<void> {
  const eq: Equipment | undefined = await sdk.equipment.retrieve("a", { space: "s" });
  const many: Equipment[] = await sdk.equipment.retrieve(["a", { space: "s", externalId: "b" }], {
    space: "s",
  });
  const installed: Date | null | undefined = eq?.installedAt;
  const commissioned: string | null | undefined = eq?.commissionedOn;
  // Required properties are non-null on reads; optional ones may be null.
  const serial: string | undefined = eq?.serialNumber;
  // @ts-expect-error: priority is nullable
  const priority: number | undefined = eq?.priority;
  // Inherited properties are read too, and a Pump is an Equipment.
  const name: string | null | undefined = eq?.name;
  const pump = (await sdk.pump.retrieve("p", { space: "s" })) as Pump;
  const asEquipment: Equipment = pump;
  void [many, installed, commissioned, serial, priority, name, asEquipment];

  const write: EquipmentWrite = {
    space: "s",
    externalId: "x",
    serialNumber: "1",
    status: "running",
    description: null,
    commissionedOn: new Date(),
  };
  // @ts-expect-error: serialNumber is required (not nullable)
  const missing: EquipmentWrite = { space: "s", externalId: "x" };
  // @ts-expect-error: exactOptionalPropertyTypes: absent is not undefined
  const undef: EquipmentWrite = { space: "s", externalId: "x", serialNumber: "1", name: undefined };
  // @ts-expect-error: timestamps are Dates, never epoch numbers
  const epoch: EquipmentWrite["installedAt"] = 1700000000000;
  // @ts-expect-error: only known enum values are written
  const exploded: EquipmentWrite["status"] = "exploded";
  const spec: EquipmentWrite["specification"] = { model: "X1", ratings: { kw: 75 }, tags: ["a"] };
  // @ts-expect-error: a json property holds a JSON object, not an array
  const specArray: EquipmentWrite["specification"] = ["a", "b"];
  // @ts-expect-error: a json property holds a JSON object, not a scalar
  const specScalar: EquipmentWrite["specification"] = 42;
  void [write, missing, undef, epoch, exploded, spec, specArray, specScalar];

  await sdk.upsert({
    equipment: [write],
    edges: [{ space: "s", externalId: "e", type: INSTALLED, startNode: eq as Equipment, endNode: write }],
  });
  // @ts-expect-error: location is a Facility property, not an Equipment one
  await sdk.upsert({ equipment: [{ ...write, location: "Oslo" }] });
  // @ts-expect-error: serialNumber is required
  await sdk.upsert({ equipment: [{ space: "s", externalId: "x" }] });
}

export async function filtersAreTiedToTheirView(): Promise<void> {
  // The view's own fields, fields of views it implements, node fields and raw filters are accepted...
  await sdk.equipment.list({ filter: EquipmentFields.priority.gt(3) });
  await sdk.equipment.list({ filter: DescribableFields.name.prefix("P") });
  await sdk.equipment.list({ filter: nodeFields.space.equals("s") });
  await sdk.equipment.list({ filter: EquipmentFields.externalId.prefix("eq-") });
  await sdk.equipment.list({ filter: rawFilter({ matchAll: {} }) });
  await sdk.pump.list({ filter: EquipmentFields.status.equals("running") });
  await sdk.equipment.list({ filter: sdk.equipment.fields.isActive.equals(true) });
  // ...and keep their typing through and / or / not, functions and methods.
  await sdk.equipment.list({
    filter: and(
      EquipmentFields.status.equals("running"),
      or(EquipmentFields.priority.range({ gte: 1, lt: 3 }), not(DescribableFields.name.exists())),
      rawFilter({ exists: { property: ["node", "type"] } }),
    ),
  });
  await sdk.equipment.list({ filter: DescribableFields.name.exists().and(EquipmentFields.priority.lt(2)) });

  // @ts-expect-error: a Facility filter is not an Equipment filter
  await sdk.equipment.list({ filter: FacilityFields.location.equals("Oslo") });
  // @ts-expect-error: nor is it once combined with an Equipment filter
  await sdk.equipment.list({ filter: EquipmentFields.priority.gt(1).and(FacilityFields.location.exists()) });
  // @ts-expect-error: a Pump filter is not an Equipment filter (Equipment does not implement Pump)
  await sdk.equipment.list({ filter: PumpFields.flowRate.gt(1) });
  // @ts-expect-error: an edge filter is not a node filter
  await sdk.operator.list({ filter: CertificationFields.score.gt(1) });
  // @ts-expect-error: the wrong view's filter in a search
  await sdk.facility.search({ filter: EquipmentFields.name.equals("x") });

  // @ts-expect-error: not a status value
  EquipmentFields.status.equals("exploded");
  // @ts-expect-error: numbers do not have prefix
  EquipmentFields.priority.prefix("1");
  // @ts-expect-error: text lists filter with strings
  EquipmentFields.aliases.containsAny([1]);
  // @ts-expect-error: json properties cannot be filtered on
  void EquipmentFields.specification;
}

export async function sortAndAggregate(): Promise<void> {
  await sdk.equipment.list({ sort: { property: "priority", direction: "descending" }, limit: null });
  // @ts-expect-error: not a field of Equipment
  await sdk.equipment.list({ sort: { property: "flowRate" } });
  await sdk.pump.list({ sort: { property: "flowRate" } });

  const grouped = await sdk.equipment.aggregate({
    aggregates: [count(), avg("priority")],
    groupBy: "status",
  });
  const first: number | null | undefined = grouped.groups[0]?.value("avg", "priority");
  const status: unknown = grouped.groups[0]?.group.status;
  const total: number | null = (await sdk.equipment.aggregate({ aggregates: count() })).value("count");
  await sdk.pump.aggregate({ aggregates: [sum("flowRate"), max("weightKg")] });
  // @ts-expect-error: not a field of Equipment
  await sdk.equipment.aggregate({ aggregates: avg("flowRate") });
  // @ts-expect-error: not a field of Equipment
  await sdk.equipment.aggregate({ aggregates: count(), groupBy: "location" });
  void [first, status, total];
}

export async function connections(): Promise<void> {
  const id = { space: "s", externalId: "x" };
  const op = await sdk.operator.retrieve(id, { include: { certifications: true, managedFacility: "ids" } });
  const level: string | null | undefined = op?.certifications[0]?.level;
  const serial: string | undefined = op?.certifications[0]?.node.serialNumber;
  const facility: InstanceId | null | undefined = op?.managedFacility;
  // @ts-expect-error: fetched as ids, so it has no properties
  op?.managedFacility?.location;
  // Not fetched: optional on the read type; ids or objects, both with externalId.
  const plain = await sdk.equipment.retrieve(id);
  const supervisor: string | undefined = plain?.supervisor?.externalId;
  const pumps = await sdk.pump.list({ include: { supervisor: true, facility: true } });
  const name: string | null | undefined = pumps[0]?.supervisor?.fullName;
  const location: string | null | undefined = pumps[0]?.facility?.location;
  const reached = await sdk.facility
    .query()
    .follow("equipment", { filter: EquipmentFields.isActive.equals(true) })
    .follow("certifiedOperators", { edgeFilter: CertificationFields.level.equals("expert") })
    .list();
  const hired: string | null | undefined = reached[0]?.hiredOn;
  // @ts-expect-error: not a connection of Facility
  sdk.facility.query().follow("supervisor");
  // @ts-expect-error: an Operator filter does not apply to the equipment hop
  sdk.facility.query().follow("equipment", { filter: OperatorFields.fullName.equals("x") });
  // @ts-expect-error: plain edges have no edge view to filter on
  sdk.operator.query().follow("installations", { edgeFilter: CertificationFields.level.equals("expert") });
  const edges = await sdk.operator.edges("certifications", { filter: CertificationFields.score.gte(1) });
  const score: number | null | undefined = edges[0]?.score;
  // @ts-expect-error: a reverse direct relation is not writable
  await sdk.facility.upsert({ ...id, equipment: [id] });
  await sdk.operator.upsert({
    ...id,
    certifications: [{ node: { ...id, serialNumber: "S" }, level: "basic" }],
  });
  // A nested object with more than an id is written (here: a patch of an existing Equipment's name).
  await sdk.operator.upsert({ ...id, installations: [{ ...id, name: "renamed" }] });
  for await (const batch of sdk.equipment.sync({ cursor: null })) {
    const cursor: string = batch.cursor;
    void [cursor, batch.items[0]?.serialNumber, batch.deleted[0]?.deletedTime];
  }
  void [level, serial, facility, supervisor, name, location, hired, score];
}
