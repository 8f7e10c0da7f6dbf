/** Runs the transport conformance fixture shared with pygen-client (contract C3). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as runtime from "../src/index.js";
import {
  APIError,
  BACKOFF_BASE_SECONDS,
  BACKOFF_MAX_SECONDS,
  DEFAULT_MAX_RETRIES,
  RETRYABLE_STATUSES,
} from "../src/index.js";
import { makeClient } from "./helpers.js";

interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  network_error?: "connect" | "timeout";
}

interface FixtureCase {
  name: string;
  max_retries?: number;
  method?: string;
  path?: string;
  responses: FixtureResponse[];
  expect: {
    attempts: number;
    ok?: boolean;
    sleeps?: number[];
    max_sleeps?: number[];
    error?: {
      class: string;
      status: number | null;
      code?: number | null;
      message?: string;
      message_contains?: string;
      missing?: unknown[];
      duplicated?: unknown[];
      request_id?: string | null;
    };
  };
}

interface Fixture {
  constants: {
    default_max_retries: number;
    backoff_base_seconds: number;
    backoff_max_seconds: number;
    retryable_statuses: number[];
    never_retried_statuses?: number[];
    auto_retryable_header?: string;
  };
  cases: FixtureCase[];
}

const fixturePath = fileURLToPath(new URL("../../../conformance/transport_cases.json", import.meta.url));

/** The three example cases written into contract C3, so the runner is exercised even without the file. */
const contractCases: FixtureCase[] = [
  {
    name: "429 with Retry-After is retried after that many seconds",
    max_retries: 3,
    responses: [
      {
        status: 429,
        headers: { "retry-after": "2", "x-request-id": "r1" },
        body: { error: { code: 429, message: "slow down" } },
      },
      { status: 200, body: { items: [] } },
    ],
    expect: { attempts: 2, sleeps: [2.0], ok: true },
  },
  {
    name: "connect error is retried",
    responses: [{ network_error: "connect" }, { status: 200, body: {} }],
    expect: { attempts: 2, max_sleeps: [0.5], ok: true },
  },
  {
    name: "409 is never retried",
    responses: [
      {
        status: 409,
        headers: { "x-request-id": "r2" },
        body: { error: { code: 409, message: "dup", duplicated: [{ space: "s", externalId: "a" }] } },
      },
    ],
    expect: {
      attempts: 1,
      error: {
        class: "ConflictError",
        status: 409,
        code: 409,
        message: "dup",
        missing: [],
        duplicated: [{ space: "s", externalId: "a" }],
        request_id: "r2",
      },
    },
  },
];

function answer(r: FixtureResponse): Response {
  if (r.network_error === "connect")
    throw new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") });
  if (r.network_error === "timeout") throw new DOMException("The operation timed out.", "TimeoutError");
  const body = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  return new Response(body, { status: r.status ?? 200, headers: r.headers ?? {} });
}

async function runCase(c: FixtureCase, defaultMaxRetries: number): Promise<void> {
  const { client, requests, sleeps } = makeClient(
    (_req, i) => {
      const r = c.responses[i];
      if (r === undefined) throw new Error(`case '${c.name}': attempt ${i + 1} has no scripted response`);
      return answer(r);
    },
    { maxRetries: c.max_retries ?? defaultMaxRetries },
  );
  const call = client.request(
    (c.method ?? "POST") as runtime.HttpMethod,
    c.path ?? "/models/instances/list",
    {
      json: { limit: 1 },
    },
  );
  if (c.expect.error) {
    const error = await call.then(
      () => {
        throw new Error(`case '${c.name}': expected ${c.expect.error?.class}, the request succeeded`);
      },
      (e: unknown) => e,
    );
    const expected = c.expect.error;
    const cls = (runtime as Record<string, unknown>)[expected.class];
    expect(cls, `error class ${expected.class} is exported`).toBeTypeOf("function");
    expect(error).toBeInstanceOf(cls as new (...args: never[]) => unknown);
    expect(error).toBeInstanceOf(APIError);
    const e = error as APIError;
    expect(e.constructor.name).toBe(expected.class);
    expect(e.name).toBe(expected.class);
    expect(e.status).toBe(expected.status);
    if (expected.code !== undefined) expect(e.code).toBe(expected.code);
    if (expected.message !== undefined) expect(e.message).toBe(expected.message);
    if (expected.message_contains !== undefined) expect(e.message).toContain(expected.message_contains);
    if (expected.missing !== undefined) expect(e.missing).toEqual(expected.missing);
    if (expected.duplicated !== undefined) expect(e.duplicated).toEqual(expected.duplicated);
    if (expected.request_id !== undefined) expect(e.requestId).toBe(expected.request_id);
  } else {
    await expect(call).resolves.toBeDefined();
  }
  expect(requests).toHaveLength(c.expect.attempts);
  if (c.expect.sleeps) expect(sleeps).toEqual(c.expect.sleeps);
  if (c.expect.max_sleeps) {
    expect(sleeps).toHaveLength(c.expect.max_sleeps.length);
    c.expect.max_sleeps.forEach((max, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(sleeps[i]).toBeLessThanOrEqual(max);
    });
  }
}

describe("transport conformance: contract C3 examples", () => {
  it.each(contractCases)("$name", (c) => runCase(c, DEFAULT_MAX_RETRIES));
});

const fixture: Fixture | null = existsSync(fixturePath)
  ? (JSON.parse(readFileSync(fixturePath, "utf8")) as Fixture)
  : null;

describe("transport conformance: conformance/transport_cases.json", () => {
  it("the shared fixture is there and has cases", () => {
    expect(fixture, `missing ${fixturePath} (written by the pygen-client tests)`).not.toBeNull();
    expect(fixture?.cases.length).toBeGreaterThan(10);
  });
  it("uses exactly the shared constants", () => {
    expect(fixture?.constants.default_max_retries).toBe(DEFAULT_MAX_RETRIES);
    expect(fixture?.constants.backoff_base_seconds).toBe(BACKOFF_BASE_SECONDS);
    expect(fixture?.constants.backoff_max_seconds).toBe(BACKOFF_MAX_SECONDS);
    expect([...(fixture?.constants.retryable_statuses ?? [])].sort()).toEqual([...RETRYABLE_STATUSES].sort());
    expect(fixture?.constants.never_retried_statuses ?? [409]).toEqual([409]);
    expect(fixture?.constants.auto_retryable_header ?? "cdf-is-auto-retryable").toBe("cdf-is-auto-retryable");
  });
  it.each(fixture?.cases ?? [])("$name", (c) => runCase(c, fixture?.constants.default_max_retries ?? 10));
});
