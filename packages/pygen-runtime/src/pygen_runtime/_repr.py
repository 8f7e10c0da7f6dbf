"""Bounded reprs for instances and result lists.

``asyncio.run`` formats the main task's result while it handles Ctrl-C, a debugger or a log line may format
a result too: a repr that walks 100,000 instances (each with all its properties) costs seconds and tens of
MB. Like pandas, show the size and a few items; inside an instance, long values are cut.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["instance_repr", "sequence_repr"]

HEAD, TAIL = 3, 2  # items shown at each end of a long list

_values = reprlib.Repr()
_values.maxlevel = 3
_values.maxstring = 80
_values.maxother = 80
_values.maxlist = _values.maxtuple = _values.maxdict = _values.maxset = 5


def instance_repr(model: Any, args: Iterable[tuple[str | None, Any]]) -> str:
    """``Equipment(space='s', external_id='x', name='...')`` with each value's repr bounded."""
    parts = (f"{name}={_values.repr(value)}" if name else _values.repr(value) for name, value in args)
    return f"{type(model).__name__}({', '.join(parts)})"


def sequence_repr(name: str, items: Sequence[Any], noun: str = "items") -> str:
    """``EquipmentList(100000 items: [first, second, third, ..., last but one, last])``."""
    count = len(items)
    if count == 0:
        return f"{name}(0 {noun})"
    if count <= HEAD + TAIL:
        shown = [repr(item) for item in items]
    else:
        shown = [*map(repr, items[:HEAD]), "...", *map(repr, items[count - TAIL :])]
    return f"{name}({count} {noun}: [{', '.join(shown)}])"
