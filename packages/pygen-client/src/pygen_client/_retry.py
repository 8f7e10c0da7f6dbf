"""The retry policy: named constants and pure decisions, shared by the sync and async transports.

The same constants and rules are used by the TypeScript runtime; ``conformance/transport_cases.json``
pins them for both languages.

| Outcome                                              | Retried? |
| ---------------------------------------------------- | -------- |
| 429, 502, 503, 504                                   | yes      |
| any other status with ``cdf-is-auto-retryable: true`` | yes (but 409 never) |
| connect error, read/write/pool/connect timeout        | yes      |
| 400, 401, 403, 404, 409, 422 and every other status   | no       |

Sleep before retry ``n`` (0-based): the ``Retry-After`` header (seconds or an HTTP date) capped at
``BACKOFF_MAX_SECONDS`` when the response has one, else full jitter
``uniform(0, min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**n))``.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

__all__ = [
    "AUTO_RETRYABLE_HEADER",
    "BACKOFF_BASE_SECONDS",
    "BACKOFF_MAX_SECONDS",
    "DEFAULT_MAX_RETRIES",
    "NEVER_RETRIED_STATUSES",
    "RETRYABLE_STATUSES",
    "RetryPolicy",
]

DEFAULT_MAX_RETRIES = 10
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 30.0
RETRYABLE_STATUSES: frozenset[int] = frozenset({429, 502, 503, 504})
# Never retried, even when the server marks the response auto-retryable.
NEVER_RETRIED_STATUSES: frozenset[int] = frozenset({409})
AUTO_RETRYABLE_HEADER = "cdf-is-auto-retryable"

# Transport exceptions after which the request is sent again: the request may not have reached the
# server, or the answer was lost. Every DMS endpoint is an idempotent upsert/read/delete.
RETRYABLE_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value (delta seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = parsed.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    return max(0.0, seconds)


def is_auto_retryable(headers: Mapping[str, str]) -> bool:
    return headers.get(AUTO_RETRYABLE_HEADER, "").strip().lower() == "true"


@dataclass(frozen=True)
class RetryPolicy:
    """Decides whether to retry and how long to sleep; holds no state between requests."""

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = BACKOFF_BASE_SECONDS
    backoff_max: float = BACKOFF_MAX_SECONDS
    uniform: Callable[[float, float], float] = field(default=random.uniform, repr=False, compare=False)

    def is_retryable_status(self, status: int, headers: Mapping[str, str]) -> bool:
        if status in NEVER_RETRIED_STATUSES:
            return False
        return status in RETRYABLE_STATUSES or (status >= 400 and is_auto_retryable(headers))

    def is_retryable_exception(self, exc: BaseException) -> bool:
        return isinstance(exc, RETRYABLE_EXCEPTIONS)

    def backoff(self, retry_index: int) -> float:
        """Full-jitter sleep before retry ``retry_index`` (0 for the first retry)."""
        cap = min(self.backoff_max, self.backoff_base * (2 ** min(retry_index, 62)))
        return self.uniform(0.0, cap)

    def sleep_for_response(self, retry_index: int, headers: Mapping[str, str]) -> float:
        retry_after = parse_retry_after(headers.get("retry-after"))
        if retry_after is not None:
            return min(retry_after, self.backoff_max)
        return self.backoff(retry_index)

    def next_sleep(
        self, retry_index: int, *, response: httpx.Response | None = None, exc: BaseException | None = None
    ) -> float | None:
        """Seconds to sleep before retry ``retry_index``, or None when the outcome must not be retried.

        ``retry_index`` counts retries already made (0 after the first attempt failed).
        """
        if retry_index >= self.max_retries:
            return None
        if response is not None:
            if not self.is_retryable_status(response.status_code, response.headers):
                return None
            return self.sleep_for_response(retry_index, response.headers)
        if exc is not None and self.is_retryable_exception(exc):
            return self.backoff(retry_index)
        return None
