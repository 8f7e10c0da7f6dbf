// Starts and stops a pygen-emulator server (`uv run pygen-emulator serve --port 0`) and empties a space. Test-only,
// plain JavaScript so the runtime's emulator tests, the example SDK and the e2e suite share this one copy by
// relative path (only its .d.mts is type-checked, so it stays outside their tsconfig rootDir).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

/** `uv` from $UV, else PATH, else the copy `make install` bootstraps into .tools/ (as the Makefile does). */
export function uvCommand() {
  if (process.env.UV) return process.env.UV;
  const onPath = (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, "uv")));
  const bootstrapped = join(REPO_ROOT, ".tools", "venv", "bin", "uv");
  return onPath || !existsSync(bootstrapped) ? "uv" : bootstrapped;
}

function waitForListening(child) {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      reject(
        new Error(`pygen-emulator did not print its 'listening on' line within 60 s. stderr:\n${stderr}`),
      );
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
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

/** Serves `project` (accepting `token`) on a free port; resolves once it listens. */
export async function startEmulatorProcess(project, token) {
  const child = spawn(
    uvCommand(),
    ["run", "pygen-emulator", "serve", "--port", "0", "--project", project, "--token", token],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  // Safety net: never leave the server behind, even when vitest exits without running the teardown.
  const killChild = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killChild);
  const baseUrl = await waitForListening(child);
  return {
    baseUrl,
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

/** Creates (or empties) an instance space so each test file works on its own data. */
export async function freshSpace(client, space) {
  await client.post("/models/spaces", { items: [{ space }] });
  for (const instanceType of ["edge", "node"]) {
    for (;;) {
      const page = await client.post("/models/instances/list", {
        instanceType,
        filter: { equals: { property: [instanceType, "space"], value: space } },
        limit: 1000,
      });
      if (page.items.length === 0) break;
      await client.post("/models/instances/delete", {
        items: page.items.map((i) => ({ instanceType, space: i.space, externalId: i.externalId })),
      });
    }
  }
  return space;
}
