"""A page of instances: the items plus the cursor of the next page. Pages iterate their items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pygen_client import plans

__all__ = ["Page"]

R = TypeVar("R")
L = TypeVar("L", bound="list[Any]")


@dataclass(frozen=True)
class Page(plans.Page[R], Generic[R, L]):
    """``items`` (the view's typed list class) and ``next_cursor`` (``None`` on the last page).

    A ``pygen_client.plans.Page``, so the plan drivers stream it; resume an interrupted ``iterate()`` by
    passing a page's ``next_cursor`` as ``cursor=``."""

    items: L
    next_cursor: str | None = None

    @property
    def is_last(self) -> bool:
        return not self.next_cursor
