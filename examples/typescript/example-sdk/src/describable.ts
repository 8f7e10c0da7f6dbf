// Describable (pygen_example:Describable/1): an interface view, implemented by Equipment and Facility.
import {
  type NodeBase,
  type NodeWriteBase,
  nodeFields,
  type PygenClient,
  propertyFilters,
  ViewAPI,
  type ViewSpec,
} from "@pygen/runtime";

export const DESCRIBABLE_VIEW = {
  view: { space: "pygen_example", externalId: "Describable", version: "1" },
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text" },
    description: { id: "description", type: "text" },
  },
} as const satisfies ViewSpec;

export type DescribableField = keyof typeof DESCRIBABLE_VIEW.properties;

export interface Describable extends NodeBase {
  readonly name: string | null;
  readonly description: string | null;
}

export interface DescribableWrite extends NodeWriteBase {
  name?: string | null;
  description?: string | null;
}

const p = propertyFilters(DESCRIBABLE_VIEW.view);
export const DescribableFilter = {
  ...nodeFields,
  name: p.text("name"),
  description: p.text("description"),
};

export class DescribableAPI extends ViewAPI<Describable, DescribableWrite, DescribableField> {
  constructor(client: PygenClient) {
    super(client, DESCRIBABLE_VIEW);
  }
}
