// Starts pygen-emulator on a free port (`uv run pygen-emulator serve --port 0`), deploys the models whose
// generated SDKs the typed tests run (example, and CogniteCore / WindTurbine when ../shared/models is
// present), and hands the URL to the tests through `inject("emulator")`; a second, empty one for
// test/corpus-e2e.test.ts (`inject("corpusEmulator")`), which resets it per model. Stops both in teardown.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import {
  REPO_ROOT,
  startEmulatorProcess,
  uvCommand,
} from "../../../packages/pygen-ts-runtime/test/emulator-process.mjs";
import { MODELS } from "./models.js";

const PROJECT = "pygen_ts_e2e";
const TOKEN = "e2e-token";

declare module "vitest" {
  export interface ProvidedContext {
    emulator: { baseUrl: string; project: string; token: string };
    /** A second emulator, reset per model by test/corpus-e2e.test.ts (models share spaces and view ids). */
    corpusEmulator: { baseUrl: string; project: string; token: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uv = uvCommand();
  const [server, corpus] = await Promise.all([
    startEmulatorProcess(PROJECT, TOKEN),
    startEmulatorProcess(PROJECT, TOKEN),
  ]);
  const baseUrl = server.baseUrl;
  const files = Object.values(MODELS).filter((file) => existsSync(file));
  await promisify(execFile)(
    uv,
    ["run", "pygen-emulator", "load", ...files, "--url", baseUrl, "--project", PROJECT, "--token", TOKEN],
    { cwd: REPO_ROOT },
  );
  project.provide("emulator", { baseUrl, project: PROJECT, token: TOKEN });
  project.provide("corpusEmulator", { baseUrl: corpus.baseUrl, project: PROJECT, token: TOKEN });
  return async () => {
    await Promise.all([server.stop(), corpus.stop()]);
  };
}
