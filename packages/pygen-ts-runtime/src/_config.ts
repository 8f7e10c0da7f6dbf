import {
  type Credentials,
  type CredentialsProvider,
  type FetchLike,
  OAuthClientCredentials,
  Token,
  toProvider,
} from "./_credentials.js";
import { PygenError } from "./_errors.js";
import { DEFAULT_MAX_RETRIES } from "./_retry.js";

export interface ClientConfigOptions {
  /** E.g. `https://westeurope-1.cognitedata.com` or `http://127.0.0.1:8765` (no `/api/v1/...` suffix). */
  baseUrl: string;
  project: string;
  credentials: Credentials;
  /** Sent as `x-cdp-app`. Default `"pygen-ts-app"`. */
  clientName?: string;
  /** Per-attempt timeout in seconds. Default 30. */
  timeout?: number;
  /** Retries after the first attempt. Default 10. */
  maxRetries?: number;
  /** Requests in flight at once through one client. Default 8. */
  maxConcurrentRequests?: number;
  /** Gzip JSON request bodies at least this many bytes long (when `CompressionStream` exists). `null` = never. */
  gzipThresholdBytes?: number | null;
  /** Injectable `fetch` (tests, proxies, custom agents). Default: the global `fetch`. */
  fetch?: FetchLike;
}

function positive(name: string, value: number, integer: boolean, allowZero = false): number {
  const ok =
    Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new PygenError(
      `ClientConfig: '${name}' must be a ${allowZero ? "non-negative" : "positive"} ${integer ? "integer" : "number"}, got ${String(value)}.`,
    );
  }
  return value;
}

/** Validated client configuration. */
export class ClientConfig {
  readonly baseUrl: string;
  readonly project: string;
  readonly credentials: CredentialsProvider;
  readonly clientName: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly maxConcurrentRequests: number;
  readonly gzipThresholdBytes: number | null;
  readonly fetch: FetchLike;

  constructor(options: ClientConfigOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new PygenError(
        `ClientConfig: 'baseUrl' must be an absolute http(s) URL such as https://api.cognitedata.com, got '${options.baseUrl}'.`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new PygenError(`ClientConfig: 'baseUrl' must use http or https, got '${options.baseUrl}'.`);
    }
    if (typeof options.project !== "string" || !/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(options.project)) {
      throw new PygenError(
        `ClientConfig: 'project' must be a CDF project name (letters, digits, '-', '_'), got '${String(options.project)}'.`,
      );
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.project = options.project;
    this.credentials = toProvider(options.credentials);
    this.clientName = options.clientName ?? "pygen-ts-app";
    this.timeout = positive("timeout", options.timeout ?? 30, false);
    this.maxRetries = positive("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES, true, true);
    this.maxConcurrentRequests = positive("maxConcurrentRequests", options.maxConcurrentRequests ?? 8, true);
    this.gzipThresholdBytes =
      options.gzipThresholdBytes === null
        ? null
        : positive("gzipThresholdBytes", options.gzipThresholdBytes ?? 1024, true, true);
    const fetchImpl = options.fetch ?? (typeof fetch === "function" ? fetch.bind(globalThis) : undefined);
    if (fetchImpl === undefined) {
      throw new PygenError("ClientConfig: no global fetch in this environment; pass one as 'fetch'.");
    }
    this.fetch = fetchImpl;
  }

  /**
   * Reads the ecosystem's variables: `CDF_URL` or `CDF_CLUSTER`, `CDF_PROJECT`, and either `CDF_TOKEN` or
   * `IDP_CLIENT_ID` + `IDP_CLIENT_SECRET` + (`IDP_TOKEN_URL` or `IDP_TENANT_ID`) [+ `IDP_SCOPES`,
   * comma or space separated; default `{baseUrl}/.default`]. `env` defaults to `process.env` where it exists.
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = defaultEnv(),
    overrides: Partial<ClientConfigOptions> = {},
  ): ClientConfig {
    const need = (name: string): string => {
      const value = env[name];
      if (value === undefined || value.trim() === "") {
        throw new PygenError(
          `ClientConfig.fromEnv: set ${name} (see the @pygen/runtime README for the variables).`,
        );
      }
      return value.trim();
    };
    const baseUrl = env.CDF_URL?.trim() || `https://${need("CDF_CLUSTER")}.cognitedata.com`;
    let credentials: Credentials;
    if (env.CDF_TOKEN?.trim()) {
      credentials = new Token(env.CDF_TOKEN.trim());
    } else {
      const tokenUrl =
        env.IDP_TOKEN_URL?.trim() ||
        `https://login.microsoftonline.com/${need("IDP_TENANT_ID")}/oauth2/v2.0/token`;
      const scopes = env.IDP_SCOPES?.trim()
        ? env.IDP_SCOPES.split(/[\s,]+/).filter(Boolean)
        : [`${baseUrl.replace(/\/+$/, "")}/.default`];
      credentials = new OAuthClientCredentials({
        tokenUrl,
        clientId: need("IDP_CLIENT_ID"),
        clientSecret: need("IDP_CLIENT_SECRET"),
        scopes,
      });
    }
    return new ClientConfig({ baseUrl, project: need("CDF_PROJECT"), credentials, ...overrides });
  }

  /** `{baseUrl}/api/v1/projects/{project}` */
  get projectUrl(): string {
    return `${this.baseUrl}/api/v1/projects/${encodeURIComponent(this.project)}`;
  }
}

function defaultEnv(): Record<string, string | undefined> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}
