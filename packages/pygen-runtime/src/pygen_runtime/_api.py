"""The view APIs generated SDKs subclass, sync and async: thin I/O shells around the shared plans.

A generated view API is only a declaration; the read, write and fields classes are taken from its
generic arguments::

    class EquipmentAPI(ViewAPI[Equipment, EquipmentWrite, EquipmentFields]):
        ...

Every method builds its plan in ``_view_plans``/``_write_plans`` and hands it to the sync or async driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, Literal, TypeVar, get_args, get_origin, overload

from pygen_client.plans import DEFAULT_CONCURRENCY, AsyncRequester, SyncRequester, arun, run
from pygen_runtime._aggregate import AggregateResult, Aggregation, Histogram
from pygen_runtime._connections import (
    EdgeConnection,
    IncludeSpec,
    Link,
    register_view_classes,
    resolve_link,
)
from pygen_runtime._filters import Filter, dump_filter
from pygen_runtime._flatten import EdgeIdFunction
from pygen_runtime._ids import IdLike, InstanceId, to_instance_ids
from pygen_runtime._instances import InstanceList, ReadBase, WriteBase
from pygen_runtime._pages import AsyncInstanceIterator, InstanceIterator
from pygen_runtime._query import AsyncQuery, Query
from pygen_runtime._sync import DEFAULT_SYNC_PAGE_SIZE, AsyncSyncFeed, SyncFeed
from pygen_runtime._traverse import Roots, check_include, edges_plan, expanded, expanding_pages
from pygen_runtime._view_plans import (
    MAX_PAGE,
    PropertyLike,
    SortLike,
    ViewSpec,
    aggregate_plan,
    check_limit,
    dump_sort,
    histogram_plan,
    list_plan,
    pages_plan,
    retrieve_plan,
    search_plan,
)
from pygen_runtime._write_plans import DeleteResult, UpsertResult, delete_ids_plan, upsert_items_plan

__all__ = ["AsyncViewAPI", "ViewAPI"]

R = TypeVar("R", bound=ReadBase)
W = TypeVar("W", bound=WriteBase)
F = TypeVar("F")
E = TypeVar("E", bound=ReadBase)
SingleId = str | InstanceId | tuple[str, str]


class _Base(Generic[R, W, F]):
    _read_cls: ClassVar[type[Any]]
    _write_cls: ClassVar[type[Any]]
    _fields_cls: ClassVar[type[Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            origin = get_origin(base)
            if isinstance(origin, type) and issubclass(origin, _Base):
                args = get_args(base)
                if all(isinstance(a, type) for a in args):
                    cls._read_cls, cls._write_cls, cls._fields_cls = _checked(cls, *args)
                    register_view_classes(cls._read_cls, cls._write_cls, cls._fields_cls)

    def __init__(self, client: Any, *, max_workers: int = DEFAULT_CONCURRENCY) -> None:
        if not hasattr(type(self), "_read_cls"):
            raise TypeError(f"{type(self).__name__} needs its classes: subclass ViewAPI[Read, Write, Fields]")
        self._client = client
        self._max_workers = max_workers
        self._spec: ViewSpec[R] = ViewSpec(self._read_cls)

    @property
    def fields(self) -> type[F]:
        """The view's typed filter surface (its ``<View>Fields`` class): ``api.fields.name.equals("x")``."""
        fields: type[F] = self._fields_cls
        return fields

    def __repr__(self) -> str:
        return f"{type(self).__name__}(view={self._spec.view_id!r})"

    def _retrieve(self, id: Any, space: str | None, include: IncludeSpec | None) -> tuple[Any, bool]:
        ids, single = to_instance_ids(id, space)
        check_include(self._read_cls, include)
        return expanded(retrieve_plan(self._spec, ids), self._read_cls, include), single

    def _list(
        self, filter: Filter[F] | None, sort: SortLike | None, limit: int | None, include: IncludeSpec | None
    ) -> Any:
        check_include(self._read_cls, include)
        return expanded(list_plan(self._spec, filter, sort, limit), self._read_cls, include)

    def _pages(
        self,
        filter: Filter[F] | None,
        sort: SortLike | None,
        page_size: int,
        cursor: str | None,
        include: IncludeSpec | None,
    ) -> Any:
        check_include(self._read_cls, include)
        plan = pages_plan(self._spec, filter, sort, page_size, cursor)
        if not include:
            return plan
        read_cls = self._read_cls
        return lambda: expanding_pages(plan(), read_cls, include)

    def _roots(self, filter: Filter[F] | None, sort: SortLike | None, limit: int | None) -> Roots:
        check_limit(limit, "query limit")
        dump_filter(filter)
        dump_sort(sort, self._spec)
        return Roots(self._read_cls, filter, sort, limit)

    def _edges(
        self,
        connection: Any,
        from_: IdLike | Sequence[IdLike],
        to: IdLike | Sequence[IdLike] | None,
        filter: Filter[Any] | None,
        limit: int | None,
    ) -> Any:
        link: Link = resolve_link(self._read_cls, connection, "edges")
        if link.kind != "edge":
            raise TypeError(f"edges: {link.label} is not an edge connection")
        starts = to_instance_ids(from_, what="from_")[0]
        ends = None if to is None else to_instance_ids(to, what="to")[0]
        return edges_plan(link, starts, ends, filter, limit)


def _checked(api: type, read: type, write: type, fields: type) -> tuple[type, type, type]:
    if not (issubclass(read, ReadBase) and read._view_id is not None):
        raise TypeError(f"{api.__name__}: {read.__name__} is not a read class with a view (view=...)")
    if not (issubclass(write, WriteBase) and write._view_id == read._view_id):
        raise TypeError(f"{api.__name__}: {write.__name__} is not the write class of {read.__name__}'s view")
    if getattr(fields, "_view_id", None) != read._view_id:
        raise TypeError(
            f"{api.__name__}: {fields.__name__} is not the fields class of {read.__name__}'s view"
        )
    return read, write, fields


class ViewAPI(_Base[R, W, F]):
    """Read and write one view's instances (sync)."""

    _client: SyncRequester

    @overload
    def retrieve(  # type: ignore[overload-overlap]
        self, id: SingleId, space: str | None = None, *, include: IncludeSpec | None = None
    ) -> R | None: ...
    @overload
    def retrieve(
        self, id: Sequence[IdLike], space: str | None = None, *, include: IncludeSpec | None = None
    ) -> InstanceList[R]: ...
    def retrieve(
        self, id: Any, space: str | None = None, *, include: IncludeSpec | None = None
    ) -> R | InstanceList[R] | None:
        """One id -> the instance or ``None``; a list of ids -> the found instances, in request order.

        Ids: ``InstanceId``, ``(space, external_id)``, an instance, or a ``str`` external id with ``space``.
        A node without data in this view is not found. ``include={Fields.conn: True | "ids" |
        rt.Include(...)}`` fills those connection fields (any depth)."""
        plan, single = self._retrieve(id, space, include)
        found: InstanceList[R] = run(self._client, plan, self._max_workers)
        if single:
            return found[0] if found else None
        return found

    def list(
        self,
        filter: Filter[F] | None = None,
        *,
        sort: SortLike | None = None,
        limit: int | None = 25,
        include: IncludeSpec | None = None,
    ) -> InstanceList[R]:
        """Instances matching ``filter``; ``limit=None`` = all, ``limit=0`` = none (and no request).
        ``include``: connections to fill, as in ``retrieve``."""
        result: InstanceList[R] = run(self._client, self._list(filter, sort, limit, include))
        return result

    def iterate(
        self,
        filter: Filter[F] | None = None,
        *,
        sort: SortLike | None = None,
        page_size: int = MAX_PAGE,
        cursor: str | None = None,
        include: IncludeSpec | None = None,
    ) -> InstanceIterator[R]:
        """Lazily, one page in memory: iterate it for instances, or ``.pages()`` for ``Page``s (``items``,
        ``next_cursor``). Resume later with ``cursor=page.next_cursor``. ``include`` expands each page."""
        return InstanceIterator(self._client, self._pages(filter, sort, page_size, cursor, include))

    def query(
        self, filter: Filter[F] | None = None, *, sort: SortLike | None = None, limit: int | None = None
    ) -> Query[R, F]:
        """A lazy traversal from this view's instances matching ``filter`` (``limit`` caps the roots;
        default all): ``.follow(Fields.conn, filter=...)`` hop by hop, then ``.list()``/``.iterate()``."""
        return Query(self._client, self._roots(filter, sort, limit))

    def edges(
        self,
        connection: EdgeConnection[Any, Any, Any, E],
        *,
        from_: IdLike | Sequence[IdLike],
        to: IdLike | Sequence[IdLike] | None = None,
        filter: Filter[Any] | None = None,
        limit: int | None = 25,
    ) -> InstanceList[E]:
        """The edges of ``connection`` from ``from_`` (this view's nodes) to ``to`` (nodes at the other end;
        default any), with ``filter`` on the edges (edge view or ``EdgeFields``); ``limit=None`` = all."""
        result: InstanceList[E] = run(self._client, self._edges(connection, from_, to, filter, limit))
        return result

    def sync(
        self,
        filter: Filter[F] | None = None,
        *,
        cursor: str | None = None,
        page_size: int = DEFAULT_SYNC_PAGE_SIZE,
    ) -> SyncFeed[R]:
        """A change feed: iterate it for ``SyncBatch(items, deleted, cursor)`` until caught up; resume later
        with ``sync(cursor=feed.cursor)``."""
        return SyncFeed(self._client, self._spec, filter, cursor, page_size)

    def search(
        self,
        query: str | None = None,
        properties: Sequence[PropertyLike] | PropertyLike | None = None,
        *,
        operator: Literal["AND", "OR"] = "AND",
        filter: Filter[F] | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[R]:
        """Full-text search over text ``properties`` (all text properties when ``None``); at most 1000."""
        return run(self._client, search_plan(self._spec, query, properties, operator, filter, sort, limit))

    def aggregate(
        self,
        aggregates: Aggregation | Sequence[Aggregation],
        *,
        group_by: PropertyLike | Sequence[PropertyLike] | None = None,
        filter: Filter[F] | None = None,
        query: str | None = None,
        search_properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> AggregateResult:
        """``count()``/``sum_()``/``avg()``/``min_()``/``max_()``, optionally per group (keyed by field name).

        ``limit`` caps the number of groups; ``None`` = all groups, up to the API's maximum of 1000."""
        plan = aggregate_plan(self._spec, aggregates, group_by, filter, query, search_properties, limit)
        return run(self._client, plan)

    def histogram(
        self,
        property: PropertyLike,
        interval: float,
        *,
        filter: Filter[F] | None = None,
        query: str | None = None,
        search_properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> Histogram:
        """Bucket counts of a numeric property, ``interval`` wide."""
        plan = histogram_plan(self._spec, property, interval, filter, query, search_properties, limit)
        return run(self._client, plan)

    def upsert(
        self,
        items: W | Sequence[W],
        *,
        replace: bool = False,
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
        skip_on_version_conflict: bool = False,
        edge_external_id: EdgeIdFunction | None = None,
    ) -> UpsertResult:
        """Create or update instances of this view; see ``InstanceClient.upsert``. Nested write objects and
        edge connections are flattened into nodes, then edges (``edge_external_id(start, type, end)``
        overrides the default edge external id)."""
        plan = upsert_items_plan(
            items,
            edge_external_id=edge_external_id,
            replace=replace,
            auto_create_direct_relations=auto_create_direct_relations,
            auto_create_start_nodes=auto_create_start_nodes,
            auto_create_end_nodes=auto_create_end_nodes,
            skip_on_version_conflict=skip_on_version_conflict,
        )
        return run(self._client, plan, self._max_workers)

    def delete(self, ids: IdLike | Sequence[IdLike], *, space: str | None = None) -> DeleteResult:
        """Delete instances of this view's kind (nodes, or edges for an edge view); missing ids are skipped."""
        plan = delete_ids_plan(ids, space, self._spec.instance_type)
        return run(self._client, plan, self._max_workers)


class AsyncViewAPI(_Base[R, W, F]):
    """Read and write one view's instances (async). Same methods as :class:`ViewAPI`, awaitable."""

    _client: AsyncRequester

    @overload
    async def retrieve(  # type: ignore[overload-overlap]
        self, id: SingleId, space: str | None = None, *, include: IncludeSpec | None = None
    ) -> R | None: ...
    @overload
    async def retrieve(
        self, id: Sequence[IdLike], space: str | None = None, *, include: IncludeSpec | None = None
    ) -> InstanceList[R]: ...
    async def retrieve(
        self, id: Any, space: str | None = None, *, include: IncludeSpec | None = None
    ) -> R | InstanceList[R] | None:
        """See :meth:`ViewAPI.retrieve`."""
        plan, single = self._retrieve(id, space, include)
        found: InstanceList[R] = await arun(self._client, plan, self._max_workers)
        if single:
            return found[0] if found else None
        return found

    async def list(
        self,
        filter: Filter[F] | None = None,
        *,
        sort: SortLike | None = None,
        limit: int | None = 25,
        include: IncludeSpec | None = None,
    ) -> InstanceList[R]:
        """See :meth:`ViewAPI.list`."""
        result: InstanceList[R] = await arun(self._client, self._list(filter, sort, limit, include))
        return result

    def iterate(
        self,
        filter: Filter[F] | None = None,
        *,
        sort: SortLike | None = None,
        page_size: int = MAX_PAGE,
        cursor: str | None = None,
        include: IncludeSpec | None = None,
    ) -> AsyncInstanceIterator[R]:
        """See :meth:`ViewAPI.iterate` (``async for item in api.iterate()``, ``api.iterate().pages()``)."""
        return AsyncInstanceIterator(self._client, self._pages(filter, sort, page_size, cursor, include))

    def query(
        self, filter: Filter[F] | None = None, *, sort: SortLike | None = None, limit: int | None = None
    ) -> AsyncQuery[R, F]:
        """See :meth:`ViewAPI.query`."""
        return AsyncQuery(self._client, self._roots(filter, sort, limit))

    async def edges(
        self,
        connection: EdgeConnection[Any, Any, Any, E],
        *,
        from_: IdLike | Sequence[IdLike],
        to: IdLike | Sequence[IdLike] | None = None,
        filter: Filter[Any] | None = None,
        limit: int | None = 25,
    ) -> InstanceList[E]:
        """See :meth:`ViewAPI.edges`."""
        result: InstanceList[E] = await arun(self._client, self._edges(connection, from_, to, filter, limit))
        return result

    def sync(
        self,
        filter: Filter[F] | None = None,
        *,
        cursor: str | None = None,
        page_size: int = DEFAULT_SYNC_PAGE_SIZE,
    ) -> AsyncSyncFeed[R]:
        """See :meth:`ViewAPI.sync` (``async for batch in api.sync()``)."""
        return AsyncSyncFeed(self._client, self._spec, filter, cursor, page_size)

    async def search(
        self,
        query: str | None = None,
        properties: Sequence[PropertyLike] | PropertyLike | None = None,
        *,
        operator: Literal["AND", "OR"] = "AND",
        filter: Filter[F] | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[R]:
        """See :meth:`ViewAPI.search`."""
        plan = search_plan(self._spec, query, properties, operator, filter, sort, limit)
        return await arun(self._client, plan)

    async def aggregate(
        self,
        aggregates: Aggregation | Sequence[Aggregation],
        *,
        group_by: PropertyLike | Sequence[PropertyLike] | None = None,
        filter: Filter[F] | None = None,
        query: str | None = None,
        search_properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> AggregateResult:
        """See :meth:`ViewAPI.aggregate`."""
        plan = aggregate_plan(self._spec, aggregates, group_by, filter, query, search_properties, limit)
        return await arun(self._client, plan)

    async def histogram(
        self,
        property: PropertyLike,
        interval: float,
        *,
        filter: Filter[F] | None = None,
        query: str | None = None,
        search_properties: Sequence[PropertyLike] | None = None,
        limit: int | None = None,
    ) -> Histogram:
        """See :meth:`ViewAPI.histogram`."""
        plan = histogram_plan(self._spec, property, interval, filter, query, search_properties, limit)
        return await arun(self._client, plan)

    async def upsert(
        self,
        items: W | Sequence[W],
        *,
        replace: bool = False,
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
        skip_on_version_conflict: bool = False,
        edge_external_id: EdgeIdFunction | None = None,
    ) -> UpsertResult:
        """See :meth:`ViewAPI.upsert`."""
        plan = upsert_items_plan(
            items,
            edge_external_id=edge_external_id,
            replace=replace,
            auto_create_direct_relations=auto_create_direct_relations,
            auto_create_start_nodes=auto_create_start_nodes,
            auto_create_end_nodes=auto_create_end_nodes,
            skip_on_version_conflict=skip_on_version_conflict,
        )
        return await arun(self._client, plan, self._max_workers)

    async def delete(self, ids: IdLike | Sequence[IdLike], *, space: str | None = None) -> DeleteResult:
        """See :meth:`ViewAPI.delete`."""
        plan = delete_ids_plan(ids, space, self._spec.instance_type)
        return await arun(self._client, plan, self._max_workers)
