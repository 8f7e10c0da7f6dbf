// The models whose generated SDKs run against the emulator: the example, and three corpus models.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const corpus = (name: string): string =>
  fileURLToPath(new URL(`../../../../shared/models/${name}`, import.meta.url));

export const MODELS = {
  example: fileURLToPath(new URL("../../../examples/models/example.json", import.meta.url)),
  omni: corpus("Omni.json"),
  cogniteCore: corpus("CogniteCore.json"),
  windTurbine: corpus("WindTurbine.json"),
} as const;

/** Corpus models are optional (a clone without ../shared/models still passes): their tests skip. */
export function hasModel(name: keyof typeof MODELS): boolean {
  return existsSync(MODELS[name]);
}
