"""API keys and the per-key rate limit.

Keys are compared in constant time (``hmac.compare_digest``, against every configured key, so the
time does not tell which key came close). A key is never logged: logs and limits use its key id, the
first 8 hex digits of its SHA-256.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import time
from collections.abc import Callable

__all__ = ["ANONYMOUS", "KeyRing", "RateLimiter", "key_id"]

ANONYMOUS = "local"  # the key id of every request when no key is configured


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


class KeyRing:
    def __init__(self, keys: tuple[str, ...]) -> None:
        self._keys = [(key.encode(), key_id(key)) for key in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def identify(self, presented: str) -> str | None:
        """The key id of ``presented``, or ``None`` when it is no configured key."""
        candidate = presented.encode()
        found: str | None = None
        for key, ident in self._keys:
            if hmac.compare_digest(candidate, key):  # no early exit: every key is compared
                found = ident
        return found


class RateLimiter:
    """At most ``per_minute`` requests per key id in any 60 s window (a sliding log per key)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._log: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)

    def retry_after(self, ident: str) -> float | None:
        """``None`` and the request is counted; otherwise the seconds until one is allowed again."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        log = self._log[ident]
        while log and log[0] <= now - 60.0:
            log.popleft()
        if len(log) >= self.per_minute:
            return max(log[0] + 60.0 - now, 0.0)
        log.append(now)
        return None
