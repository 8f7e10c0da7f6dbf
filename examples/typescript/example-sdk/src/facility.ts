// Facility (pygen_example:Facility/1), implements Describable. Reverse relations `equipment` and
// `backupEquipment` are read through EquipmentAPI with `EquipmentFields.facility` / `.backupFacilities`.
import { fieldsFor, type PygenClient, type Read, ViewAPI, type ViewSpec, type Write } from "@pygen/runtime";
import { DESCRIBABLE_VIEW } from "./describable.js";

export const FACILITY_VIEW = {
  view: { space: "pygen_example", externalId: "Facility", version: "1" },
  usedFor: "node",
  implements: [DESCRIBABLE_VIEW],
  properties: {
    location: { id: "location", type: "text" },
    manager: { id: "manager", type: "direct" },
  },
} as const satisfies ViewSpec;

/** Second implementation of Describable; reverse direct relations */
export interface Facility extends Read<typeof FACILITY_VIEW> {}
export interface FacilityWrite extends Write<typeof FACILITY_VIEW> {}
export const FacilityFields = fieldsFor(FACILITY_VIEW);

export class FacilityAPI extends ViewAPI<Facility, FacilityWrite, typeof FacilityFields> {
  constructor(client: PygenClient) {
    super(client, FACILITY_VIEW);
  }
}
