// Facility (pygen_example:Facility/1), implements Describable. Reverse relations `equipment` and
// `backupEquipment` are read through EquipmentAPI with `EquipmentFilter.facility` / `.backupFacilities`.
import {
  type InstanceId,
  nodeFields,
  type PygenClient,
  propertyFilters,
  ViewAPI,
  type ViewSpec,
} from "@pygen/runtime";
import { DESCRIBABLE_VIEW, type Describable, type DescribableWrite } from "./describable.js";

export const FACILITY_VIEW = {
  view: { space: "pygen_example", externalId: "Facility", version: "1" },
  usedFor: "node",
  properties: {
    ...DESCRIBABLE_VIEW.properties,
    location: { id: "location", type: "text" },
    manager: { id: "manager", type: "direct" },
  },
} as const satisfies ViewSpec;

export type FacilityField = keyof typeof FACILITY_VIEW.properties;

export interface Facility extends Describable {
  readonly location: string | null;
  readonly manager: InstanceId | null;
}

export interface FacilityWrite extends DescribableWrite {
  location?: string | null;
  manager?: InstanceId | null;
}

const p = propertyFilters(FACILITY_VIEW.view);
export const FacilityFilter = {
  ...nodeFields,
  name: p.text("name"),
  description: p.text("description"),
  location: p.text("location"),
  manager: p.direct("manager"),
};

export class FacilityAPI extends ViewAPI<Facility, FacilityWrite, FacilityField> {
  constructor(client: PygenClient) {
    super(client, FACILITY_VIEW);
  }
}
