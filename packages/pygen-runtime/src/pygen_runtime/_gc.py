"""Keep the cyclic garbage collector off the objects a response parse makes.

Parsing a 1000-item page allocates thousands of GC-tracked objects (per instance: the model, its
``__dict__``, its fields-set, the ``TzInfo`` of each datetime). With the collector on, they set off dozens
of collections during the parse, and afterwards every young collection rescans the page while it ages,
and every full collection rescans every instance already in a growing ``list()`` result (listing 100k
items took twice as long). The parsed objects hold no reference cycles, so :func:`collector_paused`:

1. collects the two young generations first (cheap: they hold what was allocated since the last parse,
   bounded by the collector's thresholds), so garbage made before the parse is freed, not aged with the
   page: httpx keeps every ``Response`` in a reference cycle, and with it the response body (260 kB a page
   of 1000 nodes), which would otherwise wait for a full collection (the middle generation too: a young
   collection while the response was being read moves it there);
2. pauses the collector for the one synchronous parse (never across an ``await`` or a request);
3. moves every object (the new page included) into the oldest generation unscanned, with
   ``gc.freeze()`` directly followed by ``gc.unfreeze()``: both only splice the generation lists (O(1)),
   nothing stays frozen, and the full collections the interpreter runs anyway still see everything. The
   process-wide side effect is that young objects of other code present at that instant are treated as
   old too: their cyclic garbage, if any, waits for the next full collection instead of a young one;
4. restores the collector.

The caller's state is kept: a collector the caller turned off stays off and untouched, and when the caller
has frozen objects (``gc.get_freeze_count() > 0``, e.g. a pre-fork server) step 3 is skipped, because
``gc.unfreeze()`` cannot tell their objects from ours. Free-threaded builds have no generations
(any ``gc.collect()`` is a full one and ``gc.freeze()`` walks the heap), so there only step 2 runs.

Measured (benchmarks/runtime/run.py, 100k Facility nodes): ``list()`` CPU 0.86 s -> 0.70 s, the same as
with the collector off for the whole process; peak RSS unchanged. Alternatives measured and not taken:
freezing the pages until the list returns (the same CPU, but everything other code allocates meanwhile
stays frozen, and each page's response body with it: +25 MB at 100k items), and ``gc.disable()`` for a
whole list (held across requests and awaits, and the response bodies pile up the same way).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_generational: bool | None = None


def _has_generations() -> bool:
    """False on free-threaded builds (their collector is not generational). Checked once, on first use:
    importing ``sysconfig`` at import time would cost every SDK import ~0.5 ms."""
    global _generational
    if _generational is None:
        import sysconfig

        _generational = not sysconfig.get_config_var("Py_GIL_DISABLED")
    return _generational


@contextmanager
def collector_paused() -> Iterator[None]:
    if not gc.isenabled():
        yield
        return
    generational = _has_generations()
    gc.disable()
    try:
        if generational:
            gc.collect(1)
        yield
    finally:
        if generational and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
