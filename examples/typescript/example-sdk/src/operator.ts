// Operator (pygen_example:Operator/1). Edges `certifications` (with properties, type CERTIFIED) are read
// through CertificationAPI; `installations` (INSTALLED) and the incoming `supervises` (SUPERVISED_BY)
// are plain edges, read with `client.edges({ type: INSTALLED, startNode })`.
import {
  fieldsFor,
  type InstanceId,
  type PygenClient,
  type Read,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "@pygen/runtime";

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
