// Starts pygen-emulator on a free port (`uv run pygen-emulator serve --port 0`), deploys the example model,
// and hands the URL to the tests through `inject("emulator")`. Stops the server in teardown.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import {
  REPO_ROOT,
  startEmulatorProcess,
  uvCommand,
} from "../../../../packages/pygen-ts-runtime/test/emulator-process.mjs";

const MODEL = fileURLToPath(new URL("../../../models/example.json", import.meta.url));
const PROJECT = "pygen_ts";
const TOKEN = "integration-token";

declare module "vitest" {
  export interface ProvidedContext {
    emulator: { baseUrl: string; project: string; token: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uv = uvCommand();
  const server = await startEmulatorProcess(PROJECT, TOKEN);
  const baseUrl = server.baseUrl;
  await promisify(execFile)(
    uv,
    ["run", "pygen-emulator", "load", MODEL, "--url", baseUrl, "--project", PROJECT, "--token", TOKEN],
    { cwd: REPO_ROOT },
  );
  project.provide("emulator", { baseUrl, project: PROJECT, token: TOKEN });
  return () => server.stop();
}
