/**
 * One error tree, the same class names as pygen-client. A response maps to its class in one function
 * ({@link makeStatusError}):
 *
 * ```
 * PygenError
 * └── APIError                      attempts, method, path, requestId
 *     ├── APIStatusError            status (never null), code, missing, duplicated
 *     │   ├── BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403,
 *     │   └── NotFoundError 404, ConflictError 409, RateLimitError 429, ServerError 5xx
 *     └── APIConnectionError        no response (status null)
 *         └── APITimeoutError
 * ```
 */

export type ErrorItem = Record<string, unknown>;

/** The longest piece of an error body that goes into an error message (as pygen-client). */
export const MAX_BODY_EXCERPT = 300;

export class PygenError extends Error {
  override name = "PygenError";
}

/** Where a failed request went, and how often it was tried. */
export interface RequestInfo {
  /** `GET`, `POST`, ... (`null` for requests the runtime did not send itself, like a token request). */
  method?: string | null;
  /** The path relative to the project URL, e.g. `/models/instances/list`. */
  path?: string | null;
  /** Requests sent before giving up (1 when not retried). */
  attempts?: number;
  /** The `x-request-id` response header: quote it when contacting support. */
  requestId?: string | null;
}

export interface APIErrorInit extends RequestInfo {
  message: string;
  cause?: unknown;
}

export interface APIStatusErrorInit extends APIErrorInit {
  status: number;
  code?: number | null;
  missing?: ErrorItem[];
  duplicated?: ErrorItem[];
}

/** An error answered by (or on the way to) the CDF API. */
export class APIError extends PygenError {
  override name = "APIError";
  /** HTTP status; `null` when no response was received ({@link APIConnectionError}). */
  readonly status: number | null = null;
  /** CDF error code from the body (`error.code`), usually equal to the status; `null` without a response. */
  readonly code: number | null = null;
  /** `error.missing`: the ids the API could not find (empty when absent). */
  readonly missing: readonly ErrorItem[] = [];
  /** `error.duplicated`: the ids the API reported as duplicated (empty when absent). */
  readonly duplicated: readonly ErrorItem[] = [];
  readonly method: string | null;
  readonly path: string | null;
  readonly attempts: number;
  readonly requestId: string | null;

  constructor(init: APIErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.method = init.method ?? null;
    this.path = init.path ?? null;
    this.attempts = init.attempts ?? 1;
    this.requestId = init.requestId ?? null;
  }

  override toString(): string {
    const details: string[] = [];
    if (this.method !== null && this.path !== null) details.push(`${this.method} ${this.path}`);
    if (this.status !== null) details.push(`status ${this.status}`);
    if (this.requestId !== null) details.push(`x-request-id ${this.requestId}`);
    if (this.attempts > 1) details.push(`after ${this.attempts} attempts`);
    return `${this.name}: ${this.message}${details.length > 0 ? ` (${details.join(", ")})` : ""}`;
  }
}

/** The API answered with a non-2xx status. */
export class APIStatusError extends APIError {
  override name = "APIStatusError";
  declare readonly status: number;
  declare readonly code: number;

  constructor(init: APIStatusErrorInit) {
    super(init);
    // Assigned here, not as field initialisers, so the base class's defaults are overwritten.
    Object.assign(this, {
      status: init.status,
      code: init.code ?? init.status,
      missing: init.missing ?? [],
      duplicated: init.duplicated ?? [],
    });
  }
}

export class BadRequestError extends APIStatusError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIStatusError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIStatusError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIStatusError {
  override name = "NotFoundError";
}
export class ConflictError extends APIStatusError {
  override name = "ConflictError";
}
export class RateLimitError extends APIStatusError {
  override name = "RateLimitError";
}
export class ServerError extends APIStatusError {
  override name = "ServerError";
}

/** No response: the connection failed (DNS, refused, reset). */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";
}
/** No response in time. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

function asItems(value: unknown): ErrorItem[] {
  return Array.isArray(value)
    ? value.filter((v): v is ErrorItem => typeof v === "object" && v !== null && !Array.isArray(v))
    : [];
}

function excerpt(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length <= MAX_BODY_EXCERPT ? text : `${text.slice(0, MAX_BODY_EXCERPT - 3)}...`;
}

/** Maps a non-2xx status and its body (parsed JSON, raw text or undefined) to the right error class. */
export function makeStatusError(status: number, body: unknown, request: RequestInfo = {}): APIStatusError {
  let message: string;
  let code: number = status;
  let missing: ErrorItem[] = [];
  let duplicated: ErrorItem[] = [];
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  const error = isObject ? (body as Record<string, unknown>).error : undefined;
  if (typeof error === "object" && error !== null && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    message =
      typeof e.message === "string" && e.message !== "" ? e.message : `HTTP ${status} error (${excerpt(e)})`;
    if (typeof e.code === "number" && Number.isInteger(e.code)) code = e.code;
    missing = asItems(e.missing);
    duplicated = asItems(e.duplicated);
  } else if (isObject && typeof error === "string") {
    // OAuth2 token endpoint shape: {"error": "invalid_client", "error_description": "..."}
    const description = (body as Record<string, unknown>).error_description;
    message = typeof description === "string" && description !== "" ? `${error}: ${description}` : error;
  } else if (typeof body === "string" && body.trim() !== "") {
    message = `HTTP ${status} error: ${excerpt(body.trim())}`;
  } else if (body !== undefined && body !== null && body !== "") {
    message = `HTTP ${status} error: ${excerpt(body)}`;
  } else {
    message = `HTTP ${status} error (empty response body)`;
  }
  return new (statusErrorClass(status))({ ...request, status, code, message, missing, duplicated });
}

/** The error class of an HTTP status (the token endpoint's failures use it too). */
export function statusErrorClass(status: number): new (init: APIStatusErrorInit) => APIStatusError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? ServerError : APIStatusError;
  }
}
