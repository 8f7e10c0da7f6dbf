// Shared helpers: a client configuration for the emulator and a fresh instance space per test file.
import { ClientConfig, type PygenClient, Token } from "@pygen/runtime";
import { inject } from "vitest";

export function emulatorConfig(clientName: string): ClientConfig {
  const { baseUrl, project, token } = inject("emulator");
  return new ClientConfig({ baseUrl, project, credentials: new Token(token), clientName });
}

/** Creates (or empties) an instance space so each test file works on its own data. */
export async function freshSpace(client: PygenClient, space: string): Promise<string> {
  await client.post("/models/spaces", { items: [{ space }] });
  for (const instanceType of ["edge", "node"] as const) {
    for (;;) {
      const page = await client.post<{ items: { space: string; externalId: string }[] }>(
        "/models/instances/list",
        {
          instanceType,
          filter: { equals: { property: [instanceType, "space"], value: space } },
          limit: 1000,
        },
      );
      if (page.items.length === 0) break;
      await client.post("/models/instances/delete", {
        items: page.items.map((i) => ({ instanceType, space: i.space, externalId: i.externalId })),
      });
    }
  }
  return space;
}
