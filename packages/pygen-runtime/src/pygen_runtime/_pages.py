"""A page of instances: the items plus the cursor of the next page. Pages iterate their items."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Page"]

R = TypeVar("R")
L = TypeVar("L", bound="list[Any]")


@dataclass(frozen=True, slots=True)
class Page(Generic[R, L]):
    """``items`` (a typed list) and ``next_cursor`` (``None`` on the last page).

    Resume an interrupted ``iterate()`` by passing a page's ``next_cursor`` as ``cursor=``."""

    items: L
    next_cursor: str | None

    def __iter__(self) -> Iterator[R]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def is_last(self) -> bool:
        return not self.next_cursor
