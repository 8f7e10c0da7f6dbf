// Equipment (pygen_example:Equipment/1), implements Describable: every primitive type, single and list.
import {
  type InstanceId,
  type JsonObject,
  type NodeWriteBase,
  nodeFields,
  type PygenClient,
  propertyFilters,
  ViewAPI,
  type ViewId,
  type ViewSpec,
} from "@pygen/runtime";
import { DESCRIBABLE_VIEW, type Describable, type DescribableWrite } from "./describable.js";

export const EQUIPMENT_STATUS = ["running", "stopped", "maintenance"] as const;
/** Read values may include values added to the model after this SDK was generated. */
export type EquipmentStatus = (typeof EQUIPMENT_STATUS)[number];

export const EQUIPMENT_VIEW = {
  view: { space: "pygen_example", externalId: "Equipment", version: "1" },
  usedFor: "node",
  properties: {
    ...DESCRIBABLE_VIEW.properties,
    serialNumber: { id: "serialNumber", type: "text", nullable: false },
    aliases: { id: "aliases", type: "text", list: true },
    priority: { id: "priority", type: "int32" },
    maintenanceIntervals: { id: "maintenanceIntervals", type: "int32", list: true },
    operatingHours: { id: "operatingHours", type: "int64" },
    counterReadings: { id: "counterReadings", type: "int64", list: true },
    weightKg: { id: "weightKg", type: "float32" },
    vibrationLimits: { id: "vibrationLimits", type: "float32", list: true },
    efficiency: { id: "efficiency", type: "float64" },
    calibrationFactors: { id: "calibrationFactors", type: "float64", list: true },
    isActive: { id: "isActive", type: "boolean" },
    alarmFlags: { id: "alarmFlags", type: "boolean", list: true },
    installedAt: { id: "installedAt", type: "timestamp" },
    inspectionTimes: { id: "inspectionTimes", type: "timestamp", list: true },
    commissionedOn: { id: "commissionedOn", type: "date" },
    serviceDates: { id: "serviceDates", type: "date", list: true },
    specification: { id: "specification", type: "json" },
    documents: { id: "documents", type: "json", list: true },
    status: { id: "status", type: "enum", values: EQUIPMENT_STATUS },
    temperatureSeries: { id: "temperatureSeries", type: "timeseries" },
    facility: { id: "facility", type: "direct" },
    backupFacilities: { id: "backupFacilities", type: "direct", list: true },
  },
} as const satisfies ViewSpec;

export type EquipmentField = keyof typeof EQUIPMENT_VIEW.properties;

export interface Equipment extends Describable {
  readonly serialNumber: string;
  readonly aliases: string[] | null;
  readonly priority: number | null;
  readonly maintenanceIntervals: number[] | null;
  readonly operatingHours: number | null;
  readonly counterReadings: number[] | null;
  readonly weightKg: number | null;
  readonly vibrationLimits: number[] | null;
  readonly efficiency: number | null;
  readonly calibrationFactors: number[] | null;
  readonly isActive: boolean | null;
  readonly alarmFlags: boolean[] | null;
  readonly installedAt: Date | null;
  readonly inspectionTimes: Date[] | null;
  /** `YYYY-MM-DD` */
  readonly commissionedOn: string | null;
  readonly serviceDates: string[] | null;
  readonly specification: JsonObject | null;
  readonly documents: JsonObject[] | null;
  readonly status: EquipmentStatus | (string & {}) | null;
  readonly temperatureSeries: string | null;
  readonly facility: InstanceId | null;
  readonly backupFacilities: InstanceId[] | null;
}

export interface EquipmentWrite extends NodeWriteBase, Omit<DescribableWrite, keyof NodeWriteBase> {
  serialNumber: string;
  aliases?: string[] | null;
  priority?: number | null;
  maintenanceIntervals?: number[] | null;
  operatingHours?: number | null;
  counterReadings?: number[] | null;
  weightKg?: number | null;
  vibrationLimits?: number[] | null;
  efficiency?: number | null;
  calibrationFactors?: number[] | null;
  isActive?: boolean | null;
  alarmFlags?: boolean[] | null;
  installedAt?: Date | null;
  inspectionTimes?: Date[] | null;
  /** `YYYY-MM-DD`, or a `Date` (its UTC day) */
  commissionedOn?: string | Date | null;
  serviceDates?: (string | Date)[] | null;
  specification?: JsonObject | null;
  documents?: JsonObject[] | null;
  status?: EquipmentStatus | null;
  temperatureSeries?: string | null;
  facility?: InstanceId | null;
  backupFacilities?: InstanceId[] | null;
}

/** The Equipment filters through `view` (Equipment itself, or a view implementing it). */
export function equipmentFilters(view: ViewId) {
  const p = propertyFilters(view);
  return {
    ...nodeFields,
    name: p.text("name"),
    description: p.text("description"),
    serialNumber: p.text("serialNumber"),
    aliases: p.textList("aliases"),
    priority: p.number("priority"),
    maintenanceIntervals: p.numberList("maintenanceIntervals"),
    operatingHours: p.number("operatingHours"),
    counterReadings: p.numberList("counterReadings"),
    weightKg: p.number("weightKg"),
    vibrationLimits: p.numberList("vibrationLimits"),
    efficiency: p.number("efficiency"),
    calibrationFactors: p.numberList("calibrationFactors"),
    isActive: p.boolean("isActive"),
    alarmFlags: p.booleanList("alarmFlags"),
    installedAt: p.timestamp("installedAt"),
    inspectionTimes: p.timestampList("inspectionTimes"),
    commissionedOn: p.date("commissionedOn"),
    serviceDates: p.dateList("serviceDates"),
    status: p.enum<EquipmentStatus>("status"),
    temperatureSeries: p.text("temperatureSeries"),
    facility: p.direct("facility"),
    backupFacilities: p.directList("backupFacilities"),
  };
}

export const EquipmentFilter = equipmentFilters(EQUIPMENT_VIEW.view);

export class EquipmentAPI extends ViewAPI<Equipment, EquipmentWrite, EquipmentField> {
  constructor(client: PygenClient) {
    super(client, EQUIPMENT_VIEW);
  }
}
