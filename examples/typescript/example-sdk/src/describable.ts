// Describable (pygen_example:Describable/1): an interface view, implemented by Equipment and Facility.
import { fieldsFor, type PygenClient, type Read, ViewAPI, type ViewSpec, type Write } from "@pygen/runtime";

export const DESCRIBABLE_VIEW = {
  view: { space: "pygen_example", externalId: "Describable", version: "1" },
  usedFor: "node",
  properties: {
    /** Human readable name */
    name: { id: "name", type: "text" },
    /** Longer description */
    description: { id: "description", type: "text" },
  },
} as const satisfies ViewSpec;

/** Interface: anything with a name and a description */
export interface Describable extends Read<typeof DESCRIBABLE_VIEW> {}
export interface DescribableWrite extends Write<typeof DESCRIBABLE_VIEW> {}
export const DescribableFields = fieldsFor(DESCRIBABLE_VIEW);

export class DescribableAPI extends ViewAPI<Describable, DescribableWrite, typeof DescribableFields> {
  constructor(client: PygenClient) {
    super(client, DESCRIBABLE_VIEW);
  }
}
