"""Opaque cursors: url-safe base64 of a small JSON object; anything else is a 400."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from pygen_emulator.instances._body import bad


def encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")


def decode(cursor: Any, where: str = "cursor") -> dict[str, Any]:
    if not isinstance(cursor, str) or not cursor or len(cursor) > 4096:
        raise bad(f"{where} is not a valid cursor: pass back a nextCursor value unchanged.")
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise bad(f"{where} is not a valid cursor: pass back a nextCursor value unchanged.") from None
    if not isinstance(data, dict):
        raise bad(f"{where} is not a valid cursor: pass back a nextCursor value unchanged.")
    return data


def int_field(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad(f"{where} is not a valid cursor: pass back a nextCursor value unchanged.")
    return value
