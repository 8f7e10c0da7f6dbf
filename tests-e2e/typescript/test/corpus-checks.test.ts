// The typed tests of corpus SDKs (corpus-checks/<model>/) run from generated/<model>/checks/, where
// generate.py copies them only when the model is present. This makes sure a present model's tests
// were really copied (so they cannot drop out silently), and skips, saying why, when it is absent.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasModel, type MODELS } from "./models.js";

const CASES: { model: keyof typeof MODELS; folder: string }[] = [
  { model: "cogniteCore", folder: "cognite-core" },
  { model: "windTurbine", folder: "wind-turbine" },
];
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe.each(CASES)("corpus checks of $folder", ({ model, folder }) => {
  it.skipIf(!hasModel(model))(
    "are copied beside the generated SDK (skipped: the shared model corpus is absent)",
    () => {
      const sources = readdirSync(here(`../corpus-checks/${folder}`));
      expect(sources.length).toBeGreaterThan(0);
      for (const file of sources)
        expect(existsSync(here(`../generated/${folder}/checks/${file}`)), file).toBe(true);
    },
  );
});
