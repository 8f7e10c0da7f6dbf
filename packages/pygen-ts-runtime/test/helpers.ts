import { expect } from "vitest";
import { ClientConfig, type ClientConfigOptions, PygenClient, Token } from "../src/index.js";

export interface Recorded {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (request: Recorded, index: number) => Response | Promise<Response>;

async function decodeBody(init: RequestInit | undefined): Promise<unknown> {
  const body = init?.body;
  if (body === undefined || body === null) return undefined;
  const headers = new Headers(init?.headers);
  let text: string;
  if (headers.get("content-encoding") === "gzip") {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream("gzip"));
    text = await new Response(stream).text();
  } else {
    text = typeof body === "string" ? body : new TextDecoder().decode(body as Uint8Array);
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch that records every request and answers through `handler`. */
export function mockFetch(handler: Handler) {
  const requests: Recorded[] = [];
  const fetchImpl = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const recorded: Recorded = {
      method: init?.method ?? "GET",
      url: input,
      path: url.pathname.replace(/^\/api\/v1\/projects\/[^/]+/, ""),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: await decodeBody(init),
    };
    requests.push(recorded);
    return handler(recorded, requests.length - 1);
  };
  return { fetch: fetchImpl, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req-1", ...headers },
  });
}

export function makeClient(
  handler: Handler,
  options: Partial<ClientConfigOptions> = {},
): { client: PygenClient; requests: Recorded[]; sleeps: number[] } {
  const { fetch, requests } = mockFetch(handler);
  const sleeps: number[] = [];
  const config = new ClientConfig({
    baseUrl: "https://example.cognitedata.com",
    project: "demo",
    credentials: new Token("secret"),
    fetch,
    ...options,
  });
  const client = new PygenClient(config, {
    sleep: async (s) => {
      sleeps.push(s);
    },
  });
  return { client, requests, sleeps };
}

/** The JSON body of the i-th recorded request (fails the test when there is no such request). */
export function bodyOf(requests: Recorded[], i: number): Record<string, unknown> {
  const request = requests[i];
  if (request === undefined) throw new Error(`no request #${i} was sent (${requests.length} were)`);
  return request.body as Record<string, unknown>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `body_contains`: objects match key by key, arrays element by element, anything else by equality. */
export function contains(actual: unknown, expected: Json, at: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${at} is an array`).toBe(true);
    const list = actual as unknown[];
    expect(list.length, `${at} length`).toBe(expected.length);
    expected.forEach((e, i) => {
      contains(list[i], e, `${at}[${i}]`);
    });
  } else if (expected !== null && typeof expected === "object") {
    expect(
      typeof actual === "object" && actual !== null && !Array.isArray(actual),
      `${at} is an object`,
    ).toBe(true);
    for (const [key, value] of Object.entries(expected)) {
      expect(actual as object, `${at} has '${key}'`).toHaveProperty([key]);
      contains((actual as Record<string, unknown>)[key], value, `${at}.${key}`);
    }
  } else {
    expect(actual, at).toEqual(expected);
  }
}
