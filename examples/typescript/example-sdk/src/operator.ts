// Operator (pygen_example:Operator/1). Edges `certifications` (with properties) are read through
// CertificationAPI; `installations` / `supervises` are plain edges (see ExampleClient.edges).
import {
  type NodeBase,
  type NodeWriteBase,
  nodeFields,
  type PygenClient,
  propertyFilters,
  ViewAPI,
  type ViewSpec,
} from "@pygen/runtime";

export const OPERATOR_VIEW = {
  view: { space: "pygen_example", externalId: "Operator", version: "1" },
  usedFor: "node",
  properties: {
    fullName: { id: "fullName", type: "text" },
    email: { id: "email", type: "text" },
    hiredOn: { id: "hiredOn", type: "date" },
  },
} as const satisfies ViewSpec;

export type OperatorField = keyof typeof OPERATOR_VIEW.properties;

export interface Operator extends NodeBase {
  readonly fullName: string | null;
  readonly email: string | null;
  /** `YYYY-MM-DD` */
  readonly hiredOn: string | null;
}

export interface OperatorWrite extends NodeWriteBase {
  fullName?: string | null;
  email?: string | null;
  hiredOn?: string | Date | null;
}

const p = propertyFilters(OPERATOR_VIEW.view);
export const OperatorFilter = {
  ...nodeFields,
  fullName: p.text("fullName"),
  email: p.text("email"),
  hiredOn: p.date("hiredOn"),
};

export class OperatorAPI extends ViewAPI<Operator, OperatorWrite, OperatorField> {
  constructor(client: PygenClient) {
    super(client, OPERATOR_VIEW);
  }
}
