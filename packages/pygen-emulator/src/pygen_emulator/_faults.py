"""Fault injection: a seeded fraction of API requests answered 429 (with ``Retry-After``) or 503.

Per request, the header ``x-pygen-emulator-fault: 429|500|502|503|504|retryable|none`` forces a fault
(or none) regardless of the rate; ``retryable`` is a 500 carrying ``cdf-is-auto-retryable: true``.
"""

from __future__ import annotations

import random
import threading

from pygen_emulator._errors import DMSError
from pygen_emulator._settings import Settings

__all__ = ["FAULT_HEADER", "FaultInjector"]

FAULT_HEADER = "x-pygen-emulator-fault"
_FORCEABLE = (429, 500, 502, 503, 504)


class FaultInjector:
    """Decides, per request, whether to answer with an injected fault."""

    def __init__(self, settings: Settings) -> None:
        self._lock = threading.Lock()
        self.injected = 0
        self.statuses = settings.fault_statuses
        self.retry_after = settings.retry_after_seconds
        self.configure(settings.fault_rate, settings.fault_seed)

    def configure(
        self,
        rate: float,
        seed: int | None = None,
        *,
        statuses: tuple[int, ...] | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Set the fault rate (0..1); when given, reseed and change the statuses drawn and Retry-After."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, got {rate}")
        if statuses is not None and (not statuses or any(s not in _FORCEABLE for s in statuses)):
            raise ValueError(f"fault statuses must be some of {_FORCEABLE}, got {statuses}")
        if retry_after is not None and retry_after < 0:
            raise ValueError(f"retry_after must be >= 0 seconds, got {retry_after}")
        with self._lock:
            self.rate = rate
            if seed is not None:
                self.seed = seed
                self._rng = random.Random(seed)
            if statuses is not None:
                self.statuses = tuple(statuses)
            if retry_after is not None:
                self.retry_after = retry_after

    def pick(self, forced: str | None) -> DMSError | None:
        """The fault to answer with, or None to serve the request."""
        if forced is not None:
            value = forced.strip().lower()
            if value in ("none", ""):
                return None
            if value == "retryable":
                error = self._fault(500)
                error.headers["cdf-is-auto-retryable"] = "true"
                return error
            if not value.isdigit() or int(value) not in _FORCEABLE:
                choices = "|".join(str(s) for s in _FORCEABLE)
                return DMSError(
                    400, f"Header {FAULT_HEADER} must be one of {choices}|retryable|none, got {forced!r}."
                )
            return self._fault(int(value))
        if self.rate <= 0.0:
            return None
        with self._lock:
            if self._rng.random() >= self.rate:
                return None
            status = self.statuses[self._rng.randrange(len(self.statuses))]
        return self._fault(status)

    def _fault(self, status: int) -> DMSError:
        self.injected += 1
        if status == 429:
            return DMSError(
                429,
                "Injected fault: too many requests, retry later.",
                headers={"retry-after": str(self.retry_after)},
            )
        return DMSError(status, f"Injected fault: service unavailable ({status}).")
