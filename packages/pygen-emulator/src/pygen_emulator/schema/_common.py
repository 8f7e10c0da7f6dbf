"""Shared parts of the schema endpoints: item lists, duplicates, cursor pagination."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import orjson

from pygen_emulator._errors import DMSError
from pygen_emulator._http import expect_keys, expect_object

__all__ = ["MAX_ITEMS", "check_no_duplicates", "paginate", "parse_items"]

MAX_ITEMS = 100
T = TypeVar("T")


def parse_items(body: Any, *, max_items: int = MAX_ITEMS) -> list[dict[str, Any]]:
    """The ``items`` of a ``{"items": [...]}`` body: 1..max_items objects."""
    obj = expect_object(body, "Request body")
    expect_keys(obj, "", required=("items",))
    items = obj["items"]
    if not isinstance(items, list):
        raise DMSError(400, "items must be an array.")
    if not 1 <= len(items) <= max_items:
        raise DMSError(400, f"items must contain between 1 and {max_items} elements, got {len(items)}.")
    return [expect_object(item, f"items[{i}]") for i, item in enumerate(items)]


def check_no_duplicates(keys: Sequence[Hashable], describe: Callable[[Any], dict[str, Any]]) -> None:
    """400 with ``duplicated`` when the same identifier appears twice in one request."""
    seen: set[Hashable] = set()
    duplicated: list[dict[str, Any]] = []
    for key in keys:
        if key in seen:
            duplicated.append(describe(key))
        seen.add(key)
    if duplicated:
        raise DMSError(
            400, "Duplicate identifiers in the request: send each item once.", duplicated=duplicated
        )


def paginate(
    rows: list[T], key: Callable[[T], tuple[Any, ...]], limit: int, cursor: str | None
) -> tuple[list[T], str | None]:
    """One page of ``rows`` ordered by ``key``, after the position encoded in ``cursor``."""
    ordered = sorted(rows, key=key)
    if cursor:
        after = _decode_cursor(cursor)
        ordered = [row for row in ordered if list(key(row)) > after]
    page = ordered[:limit]
    next_cursor = _encode_cursor(list(key(page[-1]))) if len(ordered) > limit else None
    return page, next_cursor


def _encode_cursor(position: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def _decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise DMSError(400, f"Invalid cursor {cursor!r}: pass a nextCursor from a previous page.") from None
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise DMSError(400, f"Invalid cursor {cursor!r}: pass a nextCursor from a previous page.")
    return value
