// Starts pygen-emulator on a free port for one test file (`uv run pygen-emulator serve --port 0`), as
// the example SDK's global setup does, and stops it afterwards. Only the emulator tests use it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ClientConfig, PygenClient, Token } from "../src/index.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PROJECT = "pygen_runtime_ts";
const TOKEN = "runtime-token";
const STARTUP_TIMEOUT_MS = 60_000;

/** `uv` from PATH, else the copy `make install` bootstraps into .tools/ (as the Makefile does). */
function uvCommand(): string {
  if (process.env.UV) return process.env.UV;
  const onPath = (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, "uv")));
  const bootstrapped = join(REPO_ROOT, ".tools", "venv", "bin", "uv");
  return onPath || !existsSync(bootstrapped) ? "uv" : bootstrapped;
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      reject(new Error(`pygen-emulator did not start within 60 s. stderr:\n${stderr}`));
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

export interface Emulator {
  client: PygenClient;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  const child = spawn(
    uvCommand(),
    ["run", "pygen-emulator", "serve", "--port", "0", "--project", PROJECT, "--token", TOKEN],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const killChild = (): void => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killChild);
  const baseUrl = await waitForListening(child);
  const client = new PygenClient(
    new ClientConfig({
      baseUrl,
      project: PROJECT,
      credentials: new Token(TOKEN),
      clientName: "runtime-tests",
    }),
  );
  return {
    client,
    async stop() {
      process.off("exit", killChild);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
