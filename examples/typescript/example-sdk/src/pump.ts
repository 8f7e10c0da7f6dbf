// Pump (pygen_example:Pump/1), implements Equipment (and through it Describable).
import { fieldsFor, type PygenClient, type Read, ViewAPI, type ViewSpec, type Write } from "@pygen/runtime";
import { EQUIPMENT_VIEW } from "./equipment.js";

export const PUMP_VIEW = {
  view: { space: "pygen_example", externalId: "Pump", version: "1" },
  usedFor: "node",
  implements: [EQUIPMENT_VIEW],
  properties: {
    /** m3/h */
    flowRate: { id: "flowRate", type: "float64" },
    /** bar */
    maxPressure: { id: "maxPressure", type: "float32" },
  },
} as const satisfies ViewSpec;

/** Equipment subtype: two levels of implements */
export interface Pump extends Read<typeof PUMP_VIEW> {}
export interface PumpWrite extends Write<typeof PUMP_VIEW> {}
export const PumpFields = fieldsFor(PUMP_VIEW);

export class PumpAPI extends ViewAPI<Pump, PumpWrite, typeof PumpFields> {
  constructor(client: PygenClient) {
    super(client, PUMP_VIEW);
  }
}
