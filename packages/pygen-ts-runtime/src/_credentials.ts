import {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  PygenError,
  statusErrorClass,
} from "./_errors.js";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Anything that can hand out a bearer token. */
export interface CredentialsProvider {
  /** Returns a valid access token (refreshing it when needed). */
  getToken(fetchImpl: FetchLike): Promise<string>;
  /** Optional: forget a cached token (called after the API answered 401, e.g. a revoked token). */
  invalidate?(): void;
}

/** A token callback: called before each request, may return a cached token or a promise of one. */
export type TokenCallback = () => string | Promise<string>;

export type Credentials = CredentialsProvider | TokenCallback;

/** A static bearer token. */
export class Token implements CredentialsProvider {
  readonly #token: string;
  constructor(token: string) {
    if (typeof token !== "string" || token.trim() === "") {
      throw new PygenError("Token(token): the token must be a non-empty string.");
    }
    this.#token = token;
  }
  getToken(): Promise<string> {
    return Promise.resolve(this.#token);
  }
  toString(): string {
    return "Token(***)";
  }
}

export interface OAuthClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes?: readonly string[];
  audience?: string | null;
  /** Refresh this many seconds before the token expires. Default 30. */
  expiryLeewaySeconds?: number;
  /** Timeout of one token request in seconds. Default 30. */
  timeout?: number;
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4). The token is cached until shortly before it expires, and
 * concurrent callers share one refresh request.
 */
export class OAuthClientCredentials implements CredentialsProvider {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly #clientSecret: string;
  readonly scopes: readonly string[];
  readonly audience: string | null;
  readonly #leewayMs: number;
  readonly #timeoutMs: number;
  #token: string | null = null;
  #expiresAt = 0;
  #inFlight: Promise<string> | null = null;
  /** How many token requests were sent (useful in tests and diagnostics). */
  refreshCount = 0;

  constructor(options: OAuthClientCredentialsOptions) {
    for (const key of ["tokenUrl", "clientId", "clientSecret"] as const) {
      if (typeof options[key] !== "string" || options[key].trim() === "") {
        throw new PygenError(`OAuthClientCredentials: '${key}' must be a non-empty string.`);
      }
    }
    this.tokenUrl = options.tokenUrl;
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.scopes = options.scopes ?? [];
    this.audience = options.audience ?? null;
    this.#leewayMs = (options.expiryLeewaySeconds ?? 30) * 1000;
    const timeout = options.timeout ?? 30;
    if (!(Number.isFinite(timeout) && timeout > 0)) {
      throw new PygenError(
        `OAuthClientCredentials: 'timeout' must be a positive number, got ${String(timeout)}.`,
      );
    }
    this.#timeoutMs = timeout * 1000;
  }

  getToken(fetchImpl: FetchLike): Promise<string> {
    if (this.#token !== null && Date.now() < this.#expiresAt - this.#leewayMs) {
      return Promise.resolve(this.#token);
    }
    if (this.#inFlight === null) {
      this.#inFlight = this.#refresh(fetchImpl).finally(() => {
        this.#inFlight = null;
      });
    }
    return this.#inFlight;
  }

  /** Forgets the cached token: the next request fetches a new one (called after a 401). */
  invalidate(): void {
    this.#token = null;
    this.#expiresAt = 0;
  }

  async #refresh(fetchImpl: FetchLike): Promise<string> {
    this.refreshCount += 1;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.#clientSecret,
    });
    if (this.scopes.length > 0) form.set("scope", this.scopes.join(" "));
    if (this.audience !== null) form.set("audience", this.audience);
    // A hanging token endpoint must not hang every request waiting for the shared refresh.
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(this.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        signal,
      });
      text = await response.text();
    } catch (cause) {
      if (signal.aborted) {
        throw new APITimeoutError({
          message: `Token request to ${this.tokenUrl} timed out after ${this.#timeoutMs / 1000} s`,
          cause,
        });
      }
      throw new APIConnectionError({
        message: `Could not reach the token endpoint ${this.tokenUrl}: ${String(cause)}`,
        cause,
      });
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // keep the raw text for the message below
    }
    if (!response.ok || typeof body.access_token !== "string") {
      const reason =
        typeof body.error_description === "string"
          ? body.error_description
          : typeof body.error === "string"
            ? body.error
            : text.slice(0, 200) || `HTTP ${response.status}`;
      // Rejected credentials are an AuthenticationError; an overloaded or failing endpoint keeps its class (as pygen-client).
      const auth = response.ok || [400, 401, 403].includes(response.status);
      throw new (auth ? AuthenticationError : statusErrorClass(response.status))({
        status: response.ok ? 401 : response.status,
        message: `Token request to ${this.tokenUrl} for client '${this.clientId}' failed: ${reason}. Check the client id, secret and scopes.`,
        requestId: response.headers.get("x-request-id"),
      });
    }
    const expiresIn = Number(body.expires_in ?? 3600);
    this.#token = body.access_token;
    this.#expiresAt = Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000;
    return this.#token;
  }
}

export function toProvider(credentials: Credentials): CredentialsProvider {
  if (typeof credentials === "function") {
    return { getToken: async () => await credentials() };
  }
  if (credentials !== null && typeof credentials === "object" && typeof credentials.getToken === "function") {
    return credentials;
  }
  throw new PygenError(
    "ClientConfig: 'credentials' must be a Token, OAuthClientCredentials, or a function returning a token.",
  );
}
