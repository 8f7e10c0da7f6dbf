"""A page of instances, and the lazy iterators ``iterate()`` returns (instances, or pages with ``.pages()``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pygen_client.plans import AsyncRequester, StreamPlan, SyncRequester, aiterate, iterate
from pygen_runtime._instances import InstanceList, ReadBase

__all__ = ["AsyncInstanceIterator", "InstanceIterator", "Page"]

R = TypeVar("R", bound=ReadBase)


@dataclass(frozen=True)
class Page(Generic[R]):
    """``items`` of one request and ``next_cursor`` (``None`` on the last page).

    Resume an interrupted iteration by passing a page's ``next_cursor`` as ``iterate(cursor=...)``."""

    items: InstanceList[R]
    next_cursor: str | None = None

    def __iter__(self) -> Iterator[R]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class InstanceIterator(Generic[R]):
    """What ``ViewAPI.iterate()`` returns: iterating it yields instances, page by page (one page in memory);
    ``.pages()`` yields the pages themselves, with their cursors. Each iteration starts anew."""

    def __init__(self, client: SyncRequester, plan: Callable[[], StreamPlan[Page[R]]]) -> None:
        self._client = client
        self._plan = plan

    def __iter__(self) -> Iterator[R]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[R]]:
        return iterate(self._client, self._plan())


class AsyncInstanceIterator(Generic[R]):
    """What ``AsyncViewAPI.iterate()`` returns: ``async for`` yields instances; ``.pages()`` the pages."""

    def __init__(self, client: AsyncRequester, plan: Callable[[], StreamPlan[Page[R]]]) -> None:
        self._client = client
        self._plan = plan

    async def __aiter__(self) -> AsyncIterator[R]:
        async for page in self.pages():
            for item in page.items:
                yield item

    def pages(self) -> AsyncIterator[Page[R]]:
        return aiterate(self._client, self._plan())
