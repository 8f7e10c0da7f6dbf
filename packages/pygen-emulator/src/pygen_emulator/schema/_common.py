"""Shared parts of the schema endpoints: item lists, duplicates, cursor pagination."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from pygen_emulator import _cursor
from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._errors import DMSError

__all__ = ["MAX_ITEMS", "check_no_duplicates", "paginate", "parse_items"]

MAX_ITEMS = 100
T = TypeVar("T")


def parse_items(
    body: Any, *, max_items: int = MAX_ITEMS, extra: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The ``items`` of a ``{"items": [...]}`` body: 1..max_items objects (``extra``: other fields allowed)."""
    obj = expect_object(body, "")
    expect_keys(obj, "", required=("items",), optional=extra)
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
        after = _cursor.decode_list(cursor)
        ordered = [row for row in ordered if list(key(row)) > after]
    page = ordered[:limit]
    next_cursor = _cursor.encode(list(key(page[-1]))) if len(ordered) > limit else None
    return page, next_cursor
