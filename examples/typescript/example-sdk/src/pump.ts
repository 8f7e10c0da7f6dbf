// Pump (pygen_example:Pump/1), implements Equipment (and through it Describable).
import { type PygenClient, propertyFilters, ViewAPI, type ViewSpec } from "@pygen/runtime";
import { EQUIPMENT_VIEW, type Equipment, type EquipmentWrite, equipmentFilters } from "./equipment.js";

export const PUMP_VIEW = {
  view: { space: "pygen_example", externalId: "Pump", version: "1" },
  usedFor: "node",
  properties: {
    ...EQUIPMENT_VIEW.properties,
    flowRate: { id: "flowRate", type: "float64" },
    maxPressure: { id: "maxPressure", type: "float32" },
  },
} as const satisfies ViewSpec;

export type PumpField = keyof typeof PUMP_VIEW.properties;

export interface Pump extends Equipment {
  readonly flowRate: number | null;
  readonly maxPressure: number | null;
}

export interface PumpWrite extends EquipmentWrite {
  flowRate?: number | null;
  maxPressure?: number | null;
}

const p = propertyFilters(PUMP_VIEW.view);
export const PumpFilter = {
  ...equipmentFilters(PUMP_VIEW.view),
  flowRate: p.number("flowRate"),
  maxPressure: p.number("maxPressure"),
};

export class PumpAPI extends ViewAPI<Pump, PumpWrite, PumpField> {
  constructor(client: PygenClient) {
    super(client, PUMP_VIEW);
  }
}
