"""The view APIs generated SDKs subclass, sync and async: thin I/O shells around the shared plans.

A generated view API is only a declaration::

    class EquipmentAPI(ViewAPI[Equipment, EquipmentList]):
        _read_cls = Equipment
        _list_cls = EquipmentList

Every method builds its plan in ``_view_plans`` and hands it to the sync or async driver.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeVar, overload

from pygen_client.plans import AsyncRequester, SyncRequester, aiterate, arun, iterate, run
from pygen_runtime._aggregate import AggregateResult, Aggregation, Histogram
from pygen_runtime._filters import FilterLike
from pygen_runtime._ids import IdLike, InstanceId, to_instance_ids
from pygen_runtime._instances import InstanceList, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._view_plans import (
    MAX_PAGE,
    PropertyLike,
    SortLike,
    ViewSpec,
    aggregate_plan,
    histogram_plan,
    list_plan,
    pages_plan,
    retrieve_plan,
    search_plan,
)

__all__ = ["AsyncViewAPI", "ViewAPI"]

R = TypeVar("R", bound=ReadBase)
L = TypeVar("L", bound=InstanceList[Any])
SingleId = str | InstanceId | tuple[str, str]


class _Base(Generic[R, L]):
    _read_cls: ClassVar[type[Any]]
    _list_cls: ClassVar[type[Any]]

    def __init__(self, client: Any, *, max_workers: int = 4) -> None:
        self._client = client
        self._max_workers = max_workers
        self._spec: ViewSpec[R, L] = ViewSpec(self._read_cls, self._list_cls)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(view={self._spec.view_id!r})"


class ViewAPI(_Base[R, L]):
    """Read one view's instances (sync). Writes go through the client's ``upsert``/``delete``."""

    _client: SyncRequester

    @overload
    def retrieve(self, id: SingleId, space: str | None = None) -> R | None: ...  # type: ignore[overload-overlap]
    @overload
    def retrieve(self, id: Sequence[IdLike], space: str | None = None) -> L: ...
    def retrieve(self, id: Any, space: str | None = None) -> R | L | None:
        """One id -> the instance or ``None``; a list of ids -> the found instances, in request order.

        Ids: ``InstanceId``, ``(space, external_id)``, an instance, or a ``str`` external id with ``space``."""
        ids, single = to_instance_ids(id, space)
        found = run(self._client, retrieve_plan(self._spec, ids), self._max_workers)
        if single:
            return found[0] if found else None
        return found

    def list(
        self, filter: FilterLike | None = None, *, sort: SortLike | None = None, limit: int | None = 25
    ) -> L:
        """Instances matching ``filter`` (typed builders or a raw DMS filter dict); ``limit=None`` = all."""
        return run(self._client, list_plan(self._spec, filter, sort, limit))

    def iterate(
        self,
        filter: FilterLike | None = None,
        *,
        sort: SortLike | None = None,
        chunk_size: int = MAX_PAGE,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Page[R, L]]:
        """Lazily, page by page (one page in memory). Resume with ``cursor=page.next_cursor``."""
        return iterate(self._client, pages_plan(self._spec, filter, sort, chunk_size, cursor, limit))

    def search(
        self,
        query: str | None = None,
        properties: Sequence[PropertyLike] | PropertyLike | None = None,
        *,
        operator: Literal["AND", "OR"] = "AND",
        filter: FilterLike | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> L:
        """Full-text search over text ``properties`` (all text properties when ``None``); at most 1000."""
        return run(self._client, search_plan(self._spec, query, properties, operator, filter, sort, limit))

    def aggregate(
        self,
        aggregates: Aggregation | Sequence[Aggregation],
        *,
        group_by: PropertyLike | Sequence[PropertyLike] | None = None,
        filter: FilterLike | None = None,
        query: str | None = None,
        properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> AggregateResult:
        """``count()``/``sum_()``/``avg()``/``min_()``/``max_()``, optionally per group.

        ``limit`` caps the number of groups; ``None`` = all groups, up to the API's maximum of 1000."""
        plan = aggregate_plan(self._spec, aggregates, group_by, filter, query, properties, limit)
        return run(self._client, plan)

    def histogram(
        self,
        property: PropertyLike,
        interval: float,
        *,
        filter: FilterLike | None = None,
        query: str | None = None,
        properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> Histogram:
        """Bucket counts of a numeric property, ``interval`` wide."""
        plan = histogram_plan(self._spec, property, interval, filter, query, properties, limit)
        return run(self._client, plan)


class AsyncViewAPI(_Base[R, L]):
    """Read one view's instances (async). Same methods as :class:`ViewAPI`, awaitable."""

    _client: AsyncRequester

    @overload
    async def retrieve(self, id: SingleId, space: str | None = None) -> R | None: ...  # type: ignore[overload-overlap]
    @overload
    async def retrieve(self, id: Sequence[IdLike], space: str | None = None) -> L: ...
    async def retrieve(self, id: Any, space: str | None = None) -> R | L | None:
        """See :meth:`ViewAPI.retrieve`."""
        ids, single = to_instance_ids(id, space)
        found = await arun(self._client, retrieve_plan(self._spec, ids), self._max_workers)
        if single:
            return found[0] if found else None
        return found

    async def list(
        self, filter: FilterLike | None = None, *, sort: SortLike | None = None, limit: int | None = 25
    ) -> L:
        """See :meth:`ViewAPI.list`."""
        return await arun(self._client, list_plan(self._spec, filter, sort, limit))

    def iterate(
        self,
        filter: FilterLike | None = None,
        *,
        sort: SortLike | None = None,
        chunk_size: int = MAX_PAGE,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[Page[R, L]]:
        """See :meth:`ViewAPI.iterate` (``async for page in api.iterate(...)``)."""
        return aiterate(self._client, pages_plan(self._spec, filter, sort, chunk_size, cursor, limit))

    async def search(
        self,
        query: str | None = None,
        properties: Sequence[PropertyLike] | PropertyLike | None = None,
        *,
        operator: Literal["AND", "OR"] = "AND",
        filter: FilterLike | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> L:
        """See :meth:`ViewAPI.search`."""
        plan = search_plan(self._spec, query, properties, operator, filter, sort, limit)
        return await arun(self._client, plan)

    async def aggregate(
        self,
        aggregates: Aggregation | Sequence[Aggregation],
        *,
        group_by: PropertyLike | Sequence[PropertyLike] | None = None,
        filter: FilterLike | None = None,
        query: str | None = None,
        properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> AggregateResult:
        """See :meth:`ViewAPI.aggregate`."""
        plan = aggregate_plan(self._spec, aggregates, group_by, filter, query, properties, limit)
        return await arun(self._client, plan)

    async def histogram(
        self,
        property: PropertyLike,
        interval: float,
        *,
        filter: FilterLike | None = None,
        query: str | None = None,
        properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> Histogram:
        """See :meth:`ViewAPI.histogram`."""
        plan = histogram_plan(self._spec, property, interval, filter, query, properties, limit)
        return await arun(self._client, plan)
