/**
 * The retry policy, in one place, with the same constants as pygen-client
 * (conformance/transport_cases.json pins both).
 */

export const DEFAULT_MAX_RETRIES = 10;
export const BACKOFF_BASE_SECONDS = 0.5;
export const BACKOFF_MAX_SECONDS = 30.0;
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Never retried, whatever the headers say. */
const NEVER_RETRIED = 409;

export function isRetryableResponse(status: number, headers: Headers): boolean {
  if (status === NEVER_RETRIED) return false;
  if (RETRYABLE_STATUSES.has(status)) return true;
  // Only error responses: the header never turns a 1xx/3xx into a retry (as in pygen-client).
  return status >= 400 && headers.get("cdf-is-auto-retryable")?.trim().toLowerCase() === "true";
}

/** Full jitter: uniform(0, min(max, base * 2**retryIndex)) seconds; `retryIndex` starts at 0. */
export function backoffSeconds(retryIndex: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** retryIndex);
  return random() * ceiling;
}

const DECIMAL_SECONDS = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date), capped; `null` when absent or invalid. */
export function retryAfterSeconds(headers: Headers, now: () => number = Date.now): number | null {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return null;
  let seconds: number;
  // Decimal seconds only: `Number()` would also read "0x10" (16) or "0b1", which pygen-client does not.
  if (DECIMAL_SECONDS.test(raw)) {
    seconds = Number(raw);
    if (!Number.isFinite(seconds)) return null;
  } else {
    const at = Date.parse(raw);
    if (Number.isNaN(at)) return null;
    seconds = (at - now()) / 1000;
  }
  return Math.min(BACKOFF_MAX_SECONDS, Math.max(0, seconds));
}
