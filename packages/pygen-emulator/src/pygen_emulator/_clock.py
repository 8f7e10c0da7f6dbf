"""The emulator's clock: epoch milliseconds that never go backwards.

Every ``createdTime``, ``lastUpdatedTime`` and ``deletedTime`` comes from here, so a write is never
stamped earlier than one made before it, even when the system clock steps back (NTP, a VM resuming).
"""

from __future__ import annotations

import threading
import time

__all__ = ["now_ms"]

_lock = threading.Lock()
_last_ms = 0


def now_ms() -> int:
    """Epoch milliseconds, never less than a value this function returned before in this process."""
    global _last_ms
    with _lock:
        _last_ms = max(int(time.time() * 1000), _last_ms)
        return _last_ms
