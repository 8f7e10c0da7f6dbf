// Shared helpers: a client configuration for the emulator and a fresh instance space per test file.
import { ClientConfig, Token } from "@pygen/runtime";
import { inject } from "vitest";

export { freshSpace } from "../../../packages/pygen-ts-runtime/test/emulator-process.mjs";

export function emulatorConfig(clientName: string): ClientConfig {
  const { baseUrl, project, token } = inject("emulator");
  return new ClientConfig({ baseUrl, project, credentials: new Token(token), clientName });
}
