"""What JSON (UTF-8, no NaN) cannot carry, found before a request is built.

pydantic accepts a lone surrogate in a ``str`` and NaN/infinity in a ``float`` or a json property; the
request encoder would then fail a whole chunk of 1000 items without naming the item (and after other
chunks were sent). Checking the set values of each write object names the item and the field instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["unencodable"]


def unencodable(value: Any, path: str) -> str | None:
    """The first problem in ``value`` as ``"<path>: <reason>"``, or ``None`` when JSON can carry it all."""
    if isinstance(value, str):
        return None if value.isascii() or _utf8(value) else f"{path}: {_surrogate(value)}"
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path}: {value!r} is not a JSON number"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and not key.isascii() and not _utf8(key):
                return f"{path}: key {_surrogate(key)}"
            if problem := unencodable(item, f"{path}.{key}"):
                return problem
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if problem := unencodable(item, f"{path}[{i}]"):
                return problem
    return None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate(text: str) -> str:
    at = next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)
    return f"lone surrogate {text[at]!r} at character {at} cannot be encoded as UTF-8"
