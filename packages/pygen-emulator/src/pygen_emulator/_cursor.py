"""Opaque cursors: url-safe base64 of a small JSON value; anything else is a 400.

The one cursor format of the emulator: schema list pages encode their last key (a list of strings),
instance reads a small object (keyset position, offsets, sync state).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from pygen_emulator._body import bad
from pygen_emulator._errors import DMSError

__all__ = ["decode", "decode_list", "encode", "int_field"]

_MAX_CURSOR = 4096


def encode(data: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")


def decode(cursor: Any, where: str = "cursor") -> dict[str, Any]:
    """A cursor made by :func:`encode` from an object."""
    data = _decode(cursor, where)
    if not isinstance(data, dict):
        raise invalid(where)
    return data


def decode_list(cursor: Any, where: str = "cursor") -> list[str]:
    """A cursor made by :func:`encode` from a list of strings (the key of a schema list page)."""
    data = _decode(cursor, where)
    if not isinstance(data, list) or not all(isinstance(part, str) for part in data):
        raise invalid(where)
    return data


def int_field(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid(where)
    return value


def invalid(where: str) -> DMSError:
    return bad(f"{where} is not a valid cursor: pass back a nextCursor value unchanged.")


def _decode(cursor: Any, where: str) -> Any:
    if not isinstance(cursor, str) or not cursor or len(cursor) > _MAX_CURSOR:
        raise invalid(where)
    try:
        return orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise invalid(where) from None
