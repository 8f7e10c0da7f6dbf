import { ClientConfig, type ClientConfigOptions } from "./_config.js";
import {
  APIConnectionError,
  type APIError,
  APITimeoutError,
  AuthenticationError,
  makeStatusError,
  PygenError,
} from "./_errors.js";
import { Semaphore } from "./_pool.js";
import { backoffSeconds, isRetryableResponse, retryAfterSeconds } from "./_retry.js";
import { VERSION } from "./_version.js";

export const CDF_VERSION = "20230101";
export const SDK_HEADER = `pygen-ts-runtime:${VERSION}`;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryParams = Record<
  string,
  string | number | boolean | readonly (string | number | boolean)[] | undefined
>;

export interface RequestOptions {
  json?: unknown;
  params?: QueryParams;
  signal?: AbortSignal;
}

/** Test seams: replace the clock-driven parts of the retry loop. */
export interface TransportHooks {
  sleep?: (seconds: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (seconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

function buildUrl(base: string, path: string, params: QueryParams | undefined): string {
  const url = `${base}${path.startsWith("/") ? path : `/${path}`}`;
  if (!params) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.append(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${url}?${qs}` : url;
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

class AttemptTimeout extends Error {}

/**
 * The HTTP client every API goes through: auth, CDF headers, gzip, timeouts, bounded concurrency and
 * the retry policy of `_retry.ts`. Paths are relative to `{baseUrl}/api/v1/projects/{project}`.
 */
export class PygenClient {
  readonly config: ClientConfig;
  readonly #semaphore: Semaphore;
  readonly #sleep: (seconds: number) => Promise<void>;
  readonly #random: () => number;

  constructor(config: ClientConfig | ClientConfigOptions, hooks: TransportHooks = {}) {
    this.config = config instanceof ClientConfig ? config : new ClientConfig(config);
    this.#semaphore = new Semaphore(this.config.maxConcurrentRequests);
    this.#sleep = hooks.sleep ?? defaultSleep;
    this.#random = hooks.random ?? Math.random;
  }

  get<T = unknown>(path: string, params?: QueryParams, signal?: AbortSignal): Promise<T> {
    const options: RequestOptions = {};
    if (params) options.params = params;
    if (signal) options.signal = signal;
    return this.request<T>("GET", path, options);
  }

  post<T = unknown>(path: string, json: unknown, signal?: AbortSignal): Promise<T> {
    return this.request<T>("POST", path, signal ? { json, signal } : { json });
  }

  /** Sends a request (retrying per policy) and returns the parsed JSON body of the 2xx response. */
  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const url = buildUrl(this.config.projectUrl, path, options.params);
    const headers: Record<string, string> = {
      accept: "application/json",
      "cdf-version": CDF_VERSION,
      "x-cdp-sdk": SDK_HEADER,
      "x-cdp-app": this.config.clientName,
    };
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      const text = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
      const threshold = this.config.gzipThresholdBytes;
      if (threshold !== null && text.length >= threshold && typeof CompressionStream === "function") {
        body = await gzip(text);
        headers["content-encoding"] = "gzip";
      } else {
        body = text;
      }
    }
    const maxAttempts = this.config.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      const request = { method, path, attempts: attempt };
      let failure: APIError;
      let wait: number | null = null;
      try {
        const response = await this.#semaphore.run(() =>
          this.#send(url, request, headers, body, options.signal),
        );
        const parsed = parseBody(response.text);
        if (response.status >= 200 && response.status < 300) return parsed as T;
        const requestId = response.headers.get("x-request-id");
        failure = makeStatusError(response.status, parsed, { ...request, requestId });
        if (!isRetryableResponse(response.status, response.headers)) {
          // The cached token may have been revoked: the next request fetches a new one (as pygen-client).
          if (failure instanceof AuthenticationError) this.config.credentials.invalidate?.();
          throw failure;
        }
        wait = retryAfterSeconds(response.headers);
      } catch (error) {
        if (!(error instanceof APIConnectionError)) throw error;
        failure = error;
      }
      if (attempt >= maxAttempts || options.signal?.aborted) throw failure;
      await this.#sleep(wait ?? backoffSeconds(attempt - 1, this.#random));
    }
  }

  async #send(
    url: string,
    request: { method: HttpMethod; path: string; attempts: number },
    baseHeaders: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    let token: string;
    try {
      token = await this.config.credentials.getToken(this.config.fetch);
    } catch (error) {
      if (error instanceof PygenError) throw error;
      throw new PygenError(`Could not get a token from the configured credentials: ${String(error)}`, {
        cause: error,
      });
    }
    signal?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeout());
    }, this.config.timeout * 1000);
    try {
      const init: RequestInit = {
        method: request.method,
        headers: { ...baseHeaders, authorization: `Bearer ${token}` },
        signal: controller.signal,
      };
      if (body !== undefined) init.body = body as BodyInit;
      const response = await this.config.fetch(url, init);
      // Read the body under the same timeout so a stalled body cannot hang the caller.
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (
        timedOut ||
        (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
      ) {
        const message = `${request.method} ${url} timed out after ${this.config.timeout} s`;
        throw new APITimeoutError({ ...request, message, cause: error });
      }
      const message = `${request.method} ${url} failed: ${describe(error)}`;
      throw new APIConnectionError({ ...request, message, cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
