// Certification (pygen_example:Certification/1): the properties of `certified` edges (type CERTIFIED),
// Operator.certifications → Equipment.certifiedOperators.
import { fieldsFor, type PygenClient, type Read, ViewAPI, type ViewSpec, type Write } from "@pygen/runtime";

export const CERTIFICATION_LEVEL = ["basic", "advanced", "expert"] as const;
/** Read values may include values added to the model after this SDK was generated. */
export type CertificationLevel = (typeof CERTIFICATION_LEVEL)[number];

export const CERTIFICATION_VIEW = {
  view: { space: "pygen_example", externalId: "Certification", version: "1" },
  usedFor: "edge",
  properties: {
    level: { id: "level", type: "enum", values: CERTIFICATION_LEVEL },
    certifiedAt: { id: "certifiedAt", type: "timestamp" },
    /** `YYYY-MM-DD` (written also as a `Date`: its UTC day). */
    validUntil: { id: "validUntil", type: "date" },
    score: { id: "score", type: "float64" },
  },
} as const satisfies ViewSpec;

/** Edge view: properties on the Operator -certified-> Equipment edges */
export interface Certification extends Read<typeof CERTIFICATION_VIEW> {}
export interface CertificationWrite extends Write<typeof CERTIFICATION_VIEW> {}
export const CertificationFields = fieldsFor(CERTIFICATION_VIEW);

export class CertificationAPI extends ViewAPI<Certification, CertificationWrite, typeof CertificationFields> {
  constructor(client: PygenClient) {
    super(client, CERTIFICATION_VIEW);
  }
}
