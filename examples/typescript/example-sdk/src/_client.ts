// ExampleClient: composes the view APIs of pygen_example:ExampleModel/1. Each API is created on first use.
import {
  assertRuntimeApiVersion,
  ClientConfig,
  type ClientConfigOptions,
  EdgeTypeAPI,
  InstancesClient,
  PygenClient,
  type TypedInstanceId,
  type UpsertOptions,
  type UpsertResult,
} from "@pygen/runtime";
import { CertificationAPI, type CertificationWrite } from "./certification.js";
import { DescribableAPI, type DescribableWrite } from "./describable.js";
import { EquipmentAPI, type EquipmentWrite } from "./equipment.js";
import { FacilityAPI, type FacilityWrite } from "./facility.js";
import { OperatorAPI, type OperatorWrite } from "./operator.js";
import { PumpAPI, type PumpWrite } from "./pump.js";

assertRuntimeApiVersion(1, "@pygen/example-sdk");

export const DATA_MODEL = { space: "pygen_example", externalId: "ExampleModel", version: "1" } as const;

export class ExampleClient {
  readonly client: PygenClient;
  readonly #apis = new Map<string, unknown>();

  constructor(config: PygenClient | ClientConfig | ClientConfigOptions) {
    this.client = config instanceof PygenClient ? config : new PygenClient(config);
  }

  #api<T>(name: string, make: (client: PygenClient) => T): T {
    let api = this.#apis.get(name) as T | undefined;
    if (api === undefined) {
      api = make(this.client);
      this.#apis.set(name, api);
    }
    return api;
  }

  get certification(): CertificationAPI {
    return this.#api("certification", (c) => new CertificationAPI(c));
  }
  get describable(): DescribableAPI {
    return this.#api("describable", (c) => new DescribableAPI(c));
  }
  get equipment(): EquipmentAPI {
    return this.#api("equipment", (c) => new EquipmentAPI(c));
  }
  get facility(): FacilityAPI {
    return this.#api("facility", (c) => new FacilityAPI(c));
  }
  get operator(): OperatorAPI {
    return this.#api("operator", (c) => new OperatorAPI(c));
  }
  get pump(): PumpAPI {
    return this.#api("pump", (c) => new PumpAPI(c));
  }
  /** `installed` edges (Operator.installations → Equipment.installedBy); no edge properties. */
  get installed(): EdgeTypeAPI {
    return this.#api(
      "installed",
      (c) => new EdgeTypeAPI(c, { space: "pygen_example", externalId: "installed" }),
    );
  }
  /** `supervisedBy` edges (Equipment.supervisor → Operator.supervises); no edge properties. */
  get supervisedBy(): EdgeTypeAPI {
    return this.#api(
      "supervisedBy",
      (c) => new EdgeTypeAPI(c, { space: "pygen_example", externalId: "supervisedBy" }),
    );
  }
  /**
   * Writes instances of several views in one go (validated first, then chunks of 1000 on a bounded pool).
   * Results follow the order of the keys below, then the input order within each list.
   */
  async upsert(items: ExampleWrites, options: UpsertOptions = {}): Promise<UpsertResult[]> {
    return this.instances.upsert(
      [
        ...this.certification.toWire(items.certification ?? [], "certification"),
        ...this.describable.toWire(items.describable ?? [], "describable"),
        ...this.equipment.toWire(items.equipment ?? [], "equipment"),
        ...this.facility.toWire(items.facility ?? [], "facility"),
        ...this.operator.toWire(items.operator ?? [], "operator"),
        ...this.pump.toWire(items.pump ?? [], "pump"),
      ],
      options,
    );
  }

  /** Deletes nodes and edges by typed id (a node's edges go with it). */
  delete(ids: readonly TypedInstanceId[]): Promise<TypedInstanceId[]> {
    return this.instances.delete(ids);
  }

  /** Raw instance writes and deletes across views (DMS write format). */
  get instances(): InstancesClient {
    return this.#api("instances", (c) => new InstancesClient(c));
  }
}

export interface ExampleWrites {
  certification?: readonly CertificationWrite[];
  describable?: readonly DescribableWrite[];
  equipment?: readonly EquipmentWrite[];
  facility?: readonly FacilityWrite[];
  operator?: readonly OperatorWrite[];
  pump?: readonly PumpWrite[];
}

export { ClientConfig };
