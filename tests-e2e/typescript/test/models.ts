// The models deployed on the shared emulator for the typed tests: the example (example.test.ts,
// connections.test.ts) and the corpus models of corpus-checks/ (test/corpus-e2e.test.ts runs every model
// on an emulator of its own).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const corpus = (name: string): string =>
  fileURLToPath(new URL(`../../../../shared/models/${name}`, import.meta.url));

export const MODELS = {
  example: fileURLToPath(new URL("../../../examples/models/example.json", import.meta.url)),
  cogniteCore: corpus("CogniteCore.json"),
  windTurbine: corpus("WindTurbine.json"),
} as const;

/** Corpus models are optional (a clone without ../shared/models still passes): their tests skip. */
export function hasModel(name: keyof typeof MODELS): boolean {
  return existsSync(MODELS[name]);
}
