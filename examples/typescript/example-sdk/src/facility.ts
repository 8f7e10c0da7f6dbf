// Facility (pygen_example:Facility/1), implements Describable. Connections: `equipment` and
// `backupEquipment` (expand them with include, follow them with query()).
import {
  fieldsFor,
  lazyView,
  type PygenClient,
  type Read,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "@pygen/runtime";
import { DESCRIBABLE_VIEW } from "./describable.js";
import type { EquipmentAPI } from "./equipment.js";
import * as sdk from "./index.js";
import type { OperatorAPI } from "./operator.js";

export const FACILITY_VIEW = {
  view: { space: "pygen_example", externalId: "Facility", version: "1" },
  usedFor: "node",
  implements: [DESCRIBABLE_VIEW],
  properties: {
    location: { id: "location", type: "text" },
    manager: { id: "manager", type: "direct", source: lazyView<OperatorAPI>(() => sdk.OPERATOR_VIEW) },
  },
  connections: {
    equipment: {
      kind: "reverse",
      through: "facility",
      list: true,
      target: lazyView<EquipmentAPI>(() => sdk.EQUIPMENT_VIEW),
    },
    backupEquipment: {
      kind: "reverse",
      through: "backupFacilities",
      list: true,
      target: lazyView<EquipmentAPI>(() => sdk.EQUIPMENT_VIEW),
    },
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
