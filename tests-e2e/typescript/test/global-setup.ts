// Starts pygen-emulator on a free port (`uv run pygen-emulator serve --port 0`), deploys the models whose
// generated SDKs the tests run (example, and Omni / CogniteCore / WindTurbine when ../shared/models is
// present), and hands the URL to the tests through `inject("emulator")`. Stops the server in teardown.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { REPO_ROOT, uvCommand } from "../scripts/uv.mjs";
import { MODELS } from "./models.js";

const PROJECT = "pygen_ts_e2e";
const TOKEN = "e2e-token";
const STARTUP_TIMEOUT_MS = 60_000;

declare module "vitest" {
  export interface ProvidedContext {
    emulator: { baseUrl: string; project: string; token: string };
  }
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      reject(
        new Error(`pygen-emulator did not print its 'listening on' line within 60 s. stderr:\n${stderr}`),
      );
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const match = /^pygen-emulator listening on (http:\/\/127\.0\.0\.1:\d+) project=/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`pygen-emulator exited with code ${code} before listening. stderr:\n${stderr}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uv = uvCommand();
  const child = spawn(
    uv,
    ["run", "pygen-emulator", "serve", "--port", "0", "--project", PROJECT, "--token", TOKEN],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  // Safety net: never leave the server behind, even when vitest exits without running the teardown.
  const killChild = (): void => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killChild);
  const baseUrl = await waitForListening(child);
  const files = Object.values(MODELS).filter((file) => existsSync(file));
  await promisify(execFile)(
    uv,
    ["run", "pygen-emulator", "load", ...files, "--url", baseUrl, "--project", PROJECT, "--token", TOKEN],
    { cwd: REPO_ROOT },
  );
  project.provide("emulator", { baseUrl, project: PROJECT, token: TOKEN });
  return async () => {
    process.off("exit", killChild);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  };
}
