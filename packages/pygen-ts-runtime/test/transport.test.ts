import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  AuthenticationError,
  backoffSeconds,
  CDF_VERSION,
  ClientConfig,
  isRetryableResponse,
  MAX_BODY_EXCERPT,
  OAuthClientCredentials,
  PygenClient,
  PygenError,
  RateLimitError,
  retryAfterSeconds,
  SDK_HEADER,
  ServerError,
  Token,
} from "../src/index.js";
import { json, makeClient, mockFetch } from "./helpers.js";

describe("ClientConfig", () => {
  it("validates its input with messages that say what to do", () => {
    const base = { baseUrl: "https://x.cognitedata.com", project: "p", credentials: new Token("t") };
    expect(() => new ClientConfig({ ...base, baseUrl: "not a url" })).toThrow(
      /'baseUrl' must be an absolute http\(s\) URL/,
    );
    expect(() => new ClientConfig({ ...base, baseUrl: "ftp://x" })).toThrow(/http or https/);
    expect(() => new ClientConfig({ ...base, project: "" })).toThrow(/'project' must be a CDF project name/);
    expect(() => new ClientConfig({ ...base, maxRetries: -1 })).toThrow(
      /'maxRetries' must be a non-negative integer/,
    );
    expect(() => new ClientConfig({ ...base, timeout: 0 })).toThrow(/'timeout' must be a positive number/);
    expect(() => new ClientConfig({ ...base, credentials: 42 as never })).toThrow(
      /'credentials' must be a Token/,
    );
    expect(() => new Token("")).toThrow(PygenError);
    const config = new ClientConfig({ ...base, baseUrl: "https://x.cognitedata.com/" });
    expect(config.projectUrl).toBe("https://x.cognitedata.com/api/v1/projects/p");
    expect(config.maxRetries).toBe(10);
  });
});

describe("PygenClient", () => {
  it("sends the CDF headers, the bearer token and query parameters", async () => {
    const { client, requests } = makeClient(() => json({ items: [] }), { clientName: "my-app" });
    await client.get("/models/spaces", { limit: 5, includeGlobal: true, usedFor: ["node", "edge"] });
    const [req] = requests;
    expect(req?.url).toBe(
      "https://example.cognitedata.com/api/v1/projects/demo/models/spaces?limit=5&includeGlobal=true&usedFor=node&usedFor=edge",
    );
    expect(req?.headers).toMatchObject({
      authorization: "Bearer secret",
      "cdf-version": CDF_VERSION,
      "x-cdp-sdk": SDK_HEADER,
      "x-cdp-app": "my-app",
      accept: "application/json",
    });
  });

  it("gzips large JSON bodies and sends small ones as is", async () => {
    const { client, requests } = makeClient(() => json({}));
    await client.post("/x", { small: true });
    await client.post("/x", { big: "y".repeat(5000) });
    expect(requests[0]?.headers["content-encoding"]).toBeUndefined();
    expect(requests[1]?.headers["content-encoding"]).toBe("gzip");
    expect(requests[1]?.body).toEqual({ big: "y".repeat(5000) });
  });

  it("times out a hanging attempt and retries it", async () => {
    let calls = 0;
    const hanging = (_url: string, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        calls += 1;
        if (calls === 2) resolve(json({ ok: 1 }));
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const client = new PygenClient(
      {
        baseUrl: "http://127.0.0.1:1",
        project: "p",
        credentials: new Token("t"),
        timeout: 0.05,
        fetch: hanging,
      },
      { sleep: async () => {} },
    );
    await expect(client.post("/x", {})).resolves.toEqual({ ok: 1 });
    const once = new PygenClient(
      {
        baseUrl: "http://127.0.0.1:1",
        project: "p",
        credentials: new Token("t"),
        timeout: 0.05,
        maxRetries: 0,
        fetch: hanging,
      },
      { sleep: async () => {} },
    );
    calls = 10;
    await expect(once.post("/x", {})).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("never runs more than maxConcurrentRequests at once", async () => {
    let active = 0;
    let peak = 0;
    const { client } = makeClient(
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        return json({});
      },
      { maxConcurrentRequests: 3 },
    );
    await Promise.all(Array.from({ length: 12 }, () => client.post("/x", {})));
    expect(peak).toBe(3);
  });
});

describe("errors", () => {
  it("every API error carries attempts, method, path and requestId; status errors sit under APIStatusError", async () => {
    const { client } = makeClient(() => json({ error: { code: 503, message: "busy" } }, 503), {
      maxRetries: 2,
    });
    const error = (await client.post("/models/instances/list", {}).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(APIStatusError);
    expect(error).toMatchObject({ status: 503, attempts: 3, method: "POST", path: "/models/instances/list" });
    expect(error.requestId).toBe("req-1");
    expect(String(error)).toBe(
      "ServerError: busy (POST /models/instances/list, status 503, x-request-id req-1, after 3 attempts)",
    );

    const failing = makeClient(
      () => {
        throw new TypeError("fetch failed");
      },
      { maxRetries: 1 },
    );
    const down = (await failing.client.get("/models/spaces").catch((e: unknown) => e)) as APIConnectionError;
    expect(down).toBeInstanceOf(APIConnectionError);
    expect(down).not.toBeInstanceOf(APIStatusError);
    expect(down).toMatchObject({
      status: null,
      code: null,
      attempts: 2,
      method: "GET",
      path: "/models/spaces",
    });
  });

  it("a non-JSON body is cut at MAX_BODY_EXCERPT characters in the message, as in pygen-client", async () => {
    expect(MAX_BODY_EXCERPT).toBe(300);
    const body = "x".repeat(1000);
    const { client } = makeClient(() => new Response(body, { status: 418 }));
    const error = (await client.post("/x", {}).catch((e: unknown) => e)) as APIStatusError;
    expect(error.name).toBe("APIStatusError");
    expect(error.message).toBe(`HTTP 418 error: ${"x".repeat(297)}...`);
  });
});

describe("credentials", () => {
  it("a token callback is called per request", async () => {
    let n = 0;
    const { client, requests } = makeClient(() => json({}), { credentials: async () => `tok-${++n}` });
    await client.post("/a", {});
    await client.post("/b", {});
    expect(requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("client credentials: one token request for many concurrent callers, cached until expiry", async () => {
    const token = mockFetch(async (req) => {
      await new Promise((r) => setTimeout(r, 5));
      expect(req.body).toBe(
        "grant_type=client_credentials&client_id=id&client_secret=sec&scope=s1+s2&audience=aud",
      );
      return json({ access_token: "abc", token_type: "Bearer", expires_in: 3600 });
    });
    const creds = new OAuthClientCredentials({
      tokenUrl: "http://127.0.0.1:1/oauth2/token",
      clientId: "id",
      clientSecret: "sec",
      scopes: ["s1", "s2"],
      audience: "aud",
    });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => creds.getToken(token.fetch)));
    expect(new Set(tokens)).toEqual(new Set(["abc"]));
    expect(token.requests).toHaveLength(1);
    await creds.getToken(token.fetch);
    expect(creds.refreshCount).toBe(1);
    expect(String(creds)).not.toContain("sec");
  });

  it("client credentials: refreshes when the token is about to expire, and reports failures clearly", async () => {
    let n = 0;
    const token = mockFetch(() => json({ access_token: `t${++n}`, expires_in: 10 }));
    const creds = new OAuthClientCredentials({
      tokenUrl: "http://127.0.0.1:1/t",
      clientId: "id",
      clientSecret: "s",
    });
    expect(await creds.getToken(token.fetch)).toBe("t1");
    expect(await creds.getToken(token.fetch)).toBe("t2"); // 10 s lifetime < 30 s leeway
    const failing = mockFetch(() => json({ error: "invalid_client", error_description: "bad secret" }, 401));
    const bad = new OAuthClientCredentials({
      tokenUrl: "http://127.0.0.1:1/t",
      clientId: "id",
      clientSecret: "s",
    });
    const error = await bad.getToken(failing.fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).toMatch(/bad secret.*Check the client id/);
  });

  it("client credentials: a failing token endpoint keeps its error class; rejected credentials are AuthenticationError", async () => {
    const creds = () =>
      new OAuthClientCredentials({ tokenUrl: "http://127.0.0.1:1/t", clientId: "id", clientSecret: "s" });
    const answer = (status: number) =>
      mockFetch(() => json({ error: "oops", error_description: "down" }, status)).fetch;
    const unavailable = await creds()
      .getToken(answer(503))
      .catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(ServerError);
    expect(unavailable).toMatchObject({ status: 503 });
    expect(String((unavailable as Error).message)).toMatch(/Token request to .* failed: down/);
    expect(
      await creds()
        .getToken(answer(429))
        .catch((e: unknown) => e),
    ).toBeInstanceOf(RateLimitError);
    for (const status of [400, 401, 403]) {
      const rejected = await creds()
        .getToken(answer(status))
        .catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(AuthenticationError);
      expect(rejected).toMatchObject({ status });
    }
  });

  it("client credentials: a 401 from the API drops the cached token, so the next request gets a new one", async () => {
    let issued = 0;
    const { fetch, requests } = mockFetch((req) => {
      if (req.url.endsWith("/oauth2/token")) return json({ access_token: `t${++issued}`, expires_in: 3600 });
      return req.headers.authorization === "Bearer t1"
        ? json({ error: { code: 401, message: "token revoked" } }, 401)
        : json({ ok: true });
    });
    const creds = new OAuthClientCredentials({
      tokenUrl: "https://example.cognitedata.com/oauth2/token",
      clientId: "id",
      clientSecret: "s",
    });
    const client = new PygenClient({
      baseUrl: "https://example.cognitedata.com",
      project: "p",
      credentials: creds,
      fetch,
    });
    await expect(client.post("/a", {})).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client.post("/b", {})).resolves.toEqual({ ok: true });
    expect(creds.refreshCount).toBe(2);
    expect(requests.filter((r) => r.path === "/b").map((r) => r.headers.authorization)).toEqual([
      "Bearer t2",
    ]);
  });

  it("client credentials: a hanging token endpoint times out instead of hanging every request", async () => {
    const hanging = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const creds = new OAuthClientCredentials({
      tokenUrl: "http://127.0.0.1:1/t",
      clientId: "id",
      clientSecret: "s",
      timeout: 0.05,
    });
    const results = await Promise.allSettled([creds.getToken(hanging), creds.getToken(hanging)]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(APITimeoutError);
      expect(String((r as PromiseRejectedResult).reason.message)).toMatch(/Token request .* timed out/);
    }
    expect(creds.refreshCount).toBe(1);
    expect(
      () => new OAuthClientCredentials({ tokenUrl: "u", clientId: "i", clientSecret: "s", timeout: 0 }),
    ).toThrow(/'timeout' must be a positive number/);
  });
});

describe("retry helpers", () => {
  it("cdf-is-auto-retryable only makes error responses retryable, never 409", () => {
    const auto = new Headers({ "cdf-is-auto-retryable": "true" });
    expect(isRetryableResponse(400, auto)).toBe(true);
    expect(isRetryableResponse(500, auto)).toBe(true);
    expect(isRetryableResponse(409, auto)).toBe(false);
    expect(isRetryableResponse(304, auto)).toBe(false);
    expect(isRetryableResponse(500, new Headers())).toBe(false);
  });
  it("backoff is full jitter, capped", () => {
    expect(backoffSeconds(0, () => 1)).toBe(0.5);
    expect(backoffSeconds(3, () => 1)).toBe(4);
    expect(backoffSeconds(20, () => 1)).toBe(30);
    expect(backoffSeconds(2, () => 0)).toBe(0);
  });
  it("Retry-After accepts seconds and HTTP dates, capped", () => {
    const h = (v: string) => new Headers({ "retry-after": v });
    expect(retryAfterSeconds(h("3"))).toBe(3);
    expect(retryAfterSeconds(h("120"))).toBe(30);
    expect(retryAfterSeconds(h("Thu, 01 Jan 2099 00:00:10 GMT"), () => Date.UTC(2099, 0, 1))).toBe(10);
    expect(retryAfterSeconds(h("soon"))).toBeNull();
    // Same parse as pygen-client (Python float): no hex/binary literals, infinities are unusable.
    expect(retryAfterSeconds(h("0x10"))).toBeNull();
    expect(retryAfterSeconds(h("0b1"))).toBeNull();
    expect(retryAfterSeconds(h("1e999"))).toBeNull();
    expect(retryAfterSeconds(h("1.5e1"))).toBe(15);
    expect(retryAfterSeconds(h(".5"))).toBe(0.5);
    expect(retryAfterSeconds(h("-4"))).toBe(0);
    expect(retryAfterSeconds(new Headers())).toBeNull();
  });
});

describe("ClientConfig.fromEnv", () => {
  it("builds a token config or a client-credentials config from the usual variables", () => {
    const tokenConfig = ClientConfig.fromEnv({
      CDF_CLUSTER: "westeurope-1",
      CDF_PROJECT: "p",
      CDF_TOKEN: "t",
    });
    expect(tokenConfig.baseUrl).toBe("https://westeurope-1.cognitedata.com");
    expect(tokenConfig.credentials).toBeInstanceOf(Token);
    const oauth = ClientConfig.fromEnv({
      CDF_URL: "https://api.cognitedata.com",
      CDF_PROJECT: "p",
      IDP_CLIENT_ID: "id",
      IDP_CLIENT_SECRET: "s",
      IDP_TENANT_ID: "tenant",
    }).credentials as OAuthClientCredentials;
    expect(oauth).toBeInstanceOf(OAuthClientCredentials);
    expect(oauth.tokenUrl).toBe("https://login.microsoftonline.com/tenant/oauth2/v2.0/token");
    expect(oauth.scopes).toEqual(["https://api.cognitedata.com/.default"]);
    expect(() => ClientConfig.fromEnv({ CDF_URL: "https://x.com", CDF_TOKEN: "t" })).toThrow(
      /set CDF_PROJECT/,
    );
  });
});

describe("cancellation", () => {
  it("an aborted signal stops the request without retrying", async () => {
    let calls = 0;
    const fetchImpl = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        calls += 1;
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const client = new PygenClient(
      { baseUrl: "http://127.0.0.1:1", project: "p", credentials: new Token("t"), fetch: fetchImpl },
      { sleep: async () => {} },
    );
    const controller = new AbortController();
    const pending = client.post("/x", {}, controller.signal);
    setTimeout(() => controller.abort(new Error("user cancelled")), 5);
    await expect(pending).rejects.toThrow("user cancelled");
    expect(calls).toBe(1);
  });
});
