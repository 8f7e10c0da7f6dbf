/** One error tree, mapped from a response in one function ({@link makeStatusError}). Same names as pygen-client. */

export type ErrorItem = Record<string, unknown>;

export class PygenError extends Error {
  override name = "PygenError";
}

export interface APIErrorInit {
  status: number | null;
  message: string;
  code?: number | null;
  missing?: ErrorItem[];
  duplicated?: ErrorItem[];
  requestId?: string | null;
  cause?: unknown;
}

export class APIError extends PygenError {
  override name = "APIError";
  /** HTTP status, or `null` when no response was received (connection errors, timeouts). */
  readonly status: number | null;
  /** CDF error code from the body (`error.code`), usually equal to the status. */
  readonly code: number | null;
  readonly missing: ErrorItem[];
  readonly duplicated: ErrorItem[];
  /** The `x-request-id` response header: quote it when contacting support. */
  readonly requestId: string | null;

  constructor(init: APIErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code ?? null;
    this.missing = init.missing ?? [];
    this.duplicated = init.duplicated ?? [];
    this.requestId = init.requestId ?? null;
  }

  override toString(): string {
    const parts = [`${this.name}: ${this.message}`];
    if (this.status !== null) parts.push(`status ${this.status}`);
    if (this.requestId !== null) parts.push(`X-Request-ID: ${this.requestId}`);
    return parts.join(" | ");
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class ServerError extends APIError {
  override name = "ServerError";
}
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";
  constructor(message: string, cause?: unknown) {
    super({ status: null, message, cause });
  }
}
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

function asItems(value: unknown): ErrorItem[] {
  return Array.isArray(value)
    ? value.filter((v): v is ErrorItem => typeof v === "object" && v !== null && !Array.isArray(v))
    : [];
}

/** Maps a non-2xx status, its body (parsed JSON or raw text) and request id to the right error class. */
const MAX_RAW_BODY_IN_MESSAGE = 500;

function short(value: unknown, max = 200): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}

/** Maps a non-2xx status, its body (parsed JSON, raw text or undefined) and request id to the right error class. */
export function makeStatusError(status: number, body: unknown, requestId: string | null): APIError {
  let message: string;
  let code: number | null = status;
  let missing: ErrorItem[] = [];
  let duplicated: ErrorItem[] = [];
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  const error = isObject ? (body as Record<string, unknown>).error : undefined;
  if (typeof error === "object" && error !== null && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    message =
      typeof e.message === "string" && e.message !== "" ? e.message : `HTTP ${status} error (${short(e)})`;
    if (typeof e.code === "number" && Number.isInteger(e.code)) code = e.code;
    missing = asItems(e.missing);
    duplicated = asItems(e.duplicated);
  } else if (isObject && typeof error === "string") {
    // OAuth2 token endpoint shape: {"error": "invalid_client", "error_description": "..."}
    const description = (body as Record<string, unknown>).error_description;
    message = typeof description === "string" && description !== "" ? `${error}: ${description}` : error;
  } else if (typeof body === "string" && body.trim() !== "") {
    message = `HTTP ${status} error: ${short(body.trim(), MAX_RAW_BODY_IN_MESSAGE)}`;
  } else if (body !== undefined && body !== null && body !== "") {
    message = `HTTP ${status} error: ${short(body, MAX_RAW_BODY_IN_MESSAGE)}`;
  } else {
    message = `HTTP ${status} error (empty response body)`;
  }
  const init: APIErrorInit = { status, code, message, missing, duplicated, requestId };
  return new (statusErrorClass(status))(init);
}

/** The error class of an HTTP status (the token endpoint's failures use it too). */
export function statusErrorClass(status: number): new (init: APIErrorInit) => APIError {
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
      return status >= 500 ? ServerError : APIError;
  }
}
