// Starts pygen-emulator on a free port for one test file (`uv run pygen-emulator serve --port 0`), as
// the example SDK's global setup does, and stops it afterwards. Only the emulator tests use it.
import { ClientConfig, PygenClient, Token } from "../src/index.js";
import { startEmulatorProcess } from "./emulator-process.mjs";

const PROJECT = "pygen_runtime_ts";
const TOKEN = "runtime-token";

export interface Emulator {
  client: PygenClient;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  const server = await startEmulatorProcess(PROJECT, TOKEN);
  const client = new PygenClient(
    new ClientConfig({
      baseUrl: server.baseUrl,
      project: PROJECT,
      credentials: new Token(TOKEN),
      clientName: "runtime-tests",
    }),
  );
  return {
    client,
    stop: () => server.stop(),
  };
}
