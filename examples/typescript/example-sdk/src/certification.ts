// Certification (pygen_example:Certification/1): the properties of `certified` edges, Operator → Equipment.
import {
  type EdgeBase,
  type EdgeWriteBase,
  edgeFields,
  type PygenClient,
  propertyFilters,
  ViewAPI,
  type ViewSpec,
} from "@pygen/runtime";

export const CERTIFICATION_LEVEL = ["basic", "advanced", "expert"] as const;
export type CertificationLevel = (typeof CERTIFICATION_LEVEL)[number];

/** The edge type of Operator.certifications / Equipment.certifiedOperators. */
export const CERTIFIED_EDGE_TYPE = { space: "pygen_example", externalId: "certified" } as const;

export const CERTIFICATION_VIEW = {
  view: { space: "pygen_example", externalId: "Certification", version: "1" },
  usedFor: "edge",
  properties: {
    level: { id: "level", type: "enum", values: CERTIFICATION_LEVEL },
    certifiedAt: { id: "certifiedAt", type: "timestamp" },
    validUntil: { id: "validUntil", type: "date" },
    score: { id: "score", type: "float64" },
  },
} as const satisfies ViewSpec;

export type CertificationField = keyof typeof CERTIFICATION_VIEW.properties;

export interface Certification extends EdgeBase {
  readonly level: CertificationLevel | (string & {}) | null;
  readonly certifiedAt: Date | null;
  /** `YYYY-MM-DD` */
  readonly validUntil: string | null;
  readonly score: number | null;
}

export interface CertificationWrite extends EdgeWriteBase {
  level?: CertificationLevel | null;
  certifiedAt?: Date | null;
  validUntil?: string | Date | null;
  score?: number | null;
}

const p = propertyFilters(CERTIFICATION_VIEW.view);
export const CertificationFilter = {
  ...edgeFields,
  level: p.enum<CertificationLevel>("level"),
  certifiedAt: p.timestamp("certifiedAt"),
  validUntil: p.date("validUntil"),
  score: p.number("score"),
};

export class CertificationAPI extends ViewAPI<Certification, CertificationWrite, CertificationField> {
  constructor(client: PygenClient) {
    super(client, CERTIFICATION_VIEW);
  }
}
