// ExampleClient: the views of pygen_example:ExampleModel/1, each API created on first use.
import { checkRuntimeVersion, InstanceClient } from "@pygen/runtime";
import { CertificationAPI } from "./certification.js";
import { DescribableAPI } from "./describable.js";
import { EquipmentAPI } from "./equipment.js";
import { FacilityAPI } from "./facility.js";
import { OperatorAPI } from "./operator.js";
import { PumpAPI } from "./pump.js";

checkRuntimeVersion("1.0", "@pygen/example-sdk (pygen_example:ExampleModel/1)");

export const DATA_MODEL = { space: "pygen_example", externalId: "ExampleModel", version: "1" } as const;

export class ExampleClient extends InstanceClient {
  get certification(): CertificationAPI {
    return this.view(CertificationAPI);
  }
  get describable(): DescribableAPI {
    return this.view(DescribableAPI);
  }
  get equipment(): EquipmentAPI {
    return this.view(EquipmentAPI);
  }
  get facility(): FacilityAPI {
    return this.view(FacilityAPI);
  }
  get operator(): OperatorAPI {
    return this.view(OperatorAPI);
  }
  get pump(): PumpAPI {
    return this.view(PumpAPI);
  }
}
