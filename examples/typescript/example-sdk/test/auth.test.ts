// Credentials against the emulator (started with --token): static token, client credentials, wrong secrets.
import {
  AuthenticationError,
  ClientConfig,
  type Credentials,
  OAuthClientCredentials,
  ServerError,
  Token,
} from "@pygen/runtime";
import { describe, expect, inject, it } from "vitest";
import { ExampleClient } from "../src/index.js";

const { baseUrl, project, token } = inject("emulator");

function sdkWith(credentials: Credentials) {
  return new ExampleClient(new ClientConfig({ baseUrl, project, credentials, maxRetries: 0 }));
}

describe("auth", () => {
  it("client credentials: a token from /oauth2/token is accepted, and requested once", async () => {
    const credentials = new OAuthClientCredentials({
      tokenUrl: `${baseUrl}/oauth2/token`,
      clientId: "pygen-emulator",
      clientSecret: "pygen-emulator-secret",
      scopes: [`${baseUrl}/.default`],
    });
    const sdk = sdkWith(credentials);
    await Promise.all([sdk.operator.list(), sdk.facility.list(), sdk.equipment.list({ limit: 1 })]);
    expect(credentials.refreshCount).toBe(1);
  });

  it("a wrong client secret or a wrong token gives AuthenticationError with a clear message", async () => {
    const badSecret = sdkWith(
      new OAuthClientCredentials({
        tokenUrl: `${baseUrl}/oauth2/token`,
        clientId: "pygen-emulator",
        clientSecret: "nope",
      }),
    );
    const secretError = await badSecret.operator.list().catch((e: unknown) => e);
    expect(secretError).toBeInstanceOf(AuthenticationError);
    expect(String((secretError as Error).message)).toMatch(
      /Token request to .* failed: .*Check the client id/,
    );
    const badToken = await sdkWith(new Token("wrong"))
      .operator.list()
      .catch((e: unknown) => e);
    expect(badToken).toBeInstanceOf(AuthenticationError);
    expect((badToken as AuthenticationError).status).toBe(401);
    expect((badToken as AuthenticationError).requestId).toBeTruthy();
  });
});

describe("retries against the server", () => {
  it("injected 502/503 answers are retried until the request succeeds", async () => {
    const faults = ["503", "502"];
    const statuses: number[] = [];
    const faultyFetch = async (url: string, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      headers.set("x-pygen-emulator-fault", faults.shift() ?? "none");
      const response = await fetch(url, { ...init, headers });
      statuses.push(response.status);
      return response;
    };
    const sdk = new ExampleClient(
      new ClientConfig({ baseUrl, project, credentials: new Token(token), fetch: faultyFetch }),
    );
    await expect(sdk.operator.list({ limit: 1 })).resolves.toBeInstanceOf(Array);
    expect(statuses).toEqual([503, 502, 200]);
  });

  it("gives up after maxRetries with the status-specific error", async () => {
    const alwaysFailing = (url: string, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      headers.set("x-pygen-emulator-fault", "503");
      return fetch(url, { ...init, headers });
    };
    const sdk = new ExampleClient(
      new ClientConfig({
        baseUrl,
        project,
        credentials: new Token(token),
        fetch: alwaysFailing,
        maxRetries: 0,
      }),
    );
    const error = await sdk.operator.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
  });
});
