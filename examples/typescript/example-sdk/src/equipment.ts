// Equipment (pygen_example:Equipment/1), implements Describable: every primitive type, single and list.
import {
  fieldsFor,
  lazyView,
  type PygenClient,
  type Read,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "@pygen/runtime";
import type { CertificationAPI } from "./certification.js";
import { DESCRIBABLE_VIEW } from "./describable.js";
import type { FacilityAPI } from "./facility.js";
import * as sdk from "./index.js";
import type { OperatorAPI } from "./operator.js";

export const EQUIPMENT_STATUS = ["running", "stopped", "maintenance"] as const;
/** Read values may include values added to the model after this SDK was generated. */
export type EquipmentStatus = (typeof EQUIPMENT_STATUS)[number];

export const EQUIPMENT_VIEW = {
  view: { space: "pygen_example", externalId: "Equipment", version: "1" },
  usedFor: "node",
  implements: [DESCRIBABLE_VIEW],
  properties: {
    /** Unique serial number (required) */
    serialNumber: { id: "serialNumber", type: "text", nullable: false },
    aliases: { id: "aliases", type: "text", list: true },
    priority: { id: "priority", type: "int32" },
    maintenanceIntervals: { id: "maintenanceIntervals", type: "int32", list: true },
    /**
     * int64, read and written as a JavaScript number: exact within ±2^53 (`Number.MAX_SAFE_INTEGER`); larger
     * values lose precision when read and are rejected when written.
     */
    operatingHours: { id: "operatingHours", type: "int64" },
    /**
     * int64, read and written as a JavaScript number: exact within ±2^53 (`Number.MAX_SAFE_INTEGER`); larger
     * values lose precision when read and are rejected when written.
     */
    counterReadings: { id: "counterReadings", type: "int64", list: true },
    weightKg: { id: "weightKg", type: "float32" },
    vibrationLimits: { id: "vibrationLimits", type: "float32", list: true },
    efficiency: { id: "efficiency", type: "float64" },
    calibrationFactors: { id: "calibrationFactors", type: "float64", list: true },
    isActive: { id: "isActive", type: "boolean" },
    alarmFlags: { id: "alarmFlags", type: "boolean", list: true },
    installedAt: { id: "installedAt", type: "timestamp" },
    inspectionTimes: { id: "inspectionTimes", type: "timestamp", list: true },
    /** `YYYY-MM-DD` (written also as a `Date`: its UTC day). */
    commissionedOn: { id: "commissionedOn", type: "date" },
    serviceDates: { id: "serviceDates", type: "date", list: true },
    specification: { id: "specification", type: "json" },
    documents: { id: "documents", type: "json", list: true },
    /** Operational status */
    status: { id: "status", type: "enum", values: EQUIPMENT_STATUS },
    /** Classic time series external id */
    temperatureSeries: { id: "temperatureSeries", type: "timeseries" },
    facility: { id: "facility", type: "direct", source: lazyView<FacilityAPI>(() => sdk.FACILITY_VIEW) },
    backupFacilities: {
      id: "backupFacilities",
      type: "direct",
      list: true,
      source: lazyView<FacilityAPI>(() => sdk.FACILITY_VIEW),
    },
  },
  connections: {
    supervisor: {
      kind: "edge",
      type: { space: "pygen_example", externalId: "supervisedBy" },
      direction: "outwards",
      list: false,
      target: lazyView<OperatorAPI>(() => sdk.OPERATOR_VIEW),
    },
    installedBy: {
      kind: "edge",
      type: { space: "pygen_example", externalId: "installed" },
      direction: "inwards",
      list: false,
      target: lazyView<OperatorAPI>(() => sdk.OPERATOR_VIEW),
    },
    certifiedOperators: {
      kind: "edge",
      type: { space: "pygen_example", externalId: "certified" },
      direction: "inwards",
      list: true,
      target: lazyView<OperatorAPI>(() => sdk.OPERATOR_VIEW),
      edgeView: lazyView<CertificationAPI>(() => sdk.CERTIFICATION_VIEW),
    },
  },
} as const satisfies ViewSpec;

/** Every primitive type, single and list; enum; time series; direct relations; edges */
export interface Equipment extends Read<typeof EQUIPMENT_VIEW> {}
export interface EquipmentWrite extends Write<typeof EQUIPMENT_VIEW> {}
export const EquipmentFields = fieldsFor(EQUIPMENT_VIEW);

export class EquipmentAPI extends ViewAPI<Equipment, EquipmentWrite, typeof EquipmentFields> {
  constructor(client: PygenClient) {
    super(client, EQUIPMENT_VIEW);
  }
}
