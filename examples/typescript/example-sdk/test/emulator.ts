// Shared helpers for the integration tests: a client on the emulator and a fresh instance space per test file.
import { ClientConfig, Token } from "@pygen/runtime";
import { inject } from "vitest";

import { ExampleClient } from "../src/index.js";

export { freshSpace } from "../../../../packages/pygen-ts-runtime/test/emulator-process.mjs";

export function exampleClient(): ExampleClient {
  const { baseUrl, project, token } = inject("emulator");
  return new ExampleClient(
    new ClientConfig({ baseUrl, project, credentials: new Token(token), clientName: "example-sdk-tests" }),
  );
}
