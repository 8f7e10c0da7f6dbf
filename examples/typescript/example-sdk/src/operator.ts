// Operator (pygen_example:Operator/1). Connections: `managedFacility`, `supervises`, `installations` and
// `certifications` (expand them with include, follow them with query()).
import {
  fieldsFor,
  type InstanceId,
  lazyView,
  type PygenClient,
  type Read,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "@pygen/runtime";
import type { CertificationAPI } from "./certification.js";
import type { EquipmentAPI } from "./equipment.js";
import type { FacilityAPI } from "./facility.js";
import * as sdk from "./index.js";

export const CERTIFIED: InstanceId = { space: "pygen_example", externalId: "certified" };
export const INSTALLED: InstanceId = { space: "pygen_example", externalId: "installed" };
export const SUPERVISED_BY: InstanceId = { space: "pygen_example", externalId: "supervisedBy" };

export const OPERATOR_VIEW = {
  view: { space: "pygen_example", externalId: "Operator", version: "1" },
  usedFor: "node",
  properties: {
    fullName: { id: "fullName", type: "text" },
    email: { id: "email", type: "text" },
    /** `YYYY-MM-DD` (written also as a `Date`: its UTC day). */
    hiredOn: { id: "hiredOn", type: "date" },
  },
  connections: {
    managedFacility: {
      kind: "reverse",
      through: "manager",
      list: false,
      target: lazyView<FacilityAPI>(() => sdk.FACILITY_VIEW),
    },
    supervises: {
      kind: "edge",
      type: SUPERVISED_BY,
      direction: "inwards",
      list: true,
      target: lazyView<EquipmentAPI>(() => sdk.EQUIPMENT_VIEW),
    },
    installations: {
      kind: "edge",
      type: INSTALLED,
      direction: "outwards",
      list: true,
      target: lazyView<EquipmentAPI>(() => sdk.EQUIPMENT_VIEW),
    },
    certifications: {
      kind: "edge",
      type: CERTIFIED,
      direction: "outwards",
      list: true,
      target: lazyView<EquipmentAPI>(() => sdk.EQUIPMENT_VIEW),
      edgeView: lazyView<CertificationAPI>(() => sdk.CERTIFICATION_VIEW),
    },
  },
} as const satisfies ViewSpec;

/** Edge connections in both directions, single reverse direct relation */
export interface Operator extends Read<typeof OPERATOR_VIEW> {}
export interface OperatorWrite extends Write<typeof OPERATOR_VIEW> {}
export const OperatorFields = fieldsFor(OPERATOR_VIEW);

export class OperatorAPI extends ViewAPI<Operator, OperatorWrite, typeof OperatorFields> {
  constructor(client: PygenClient) {
    super(client, OPERATOR_VIEW);
  }
}
