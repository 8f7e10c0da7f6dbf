"""The lazy query builder (docs/connections.md §3): ``api.query(...)``, ``.follow(...)``, ``.include(...)``.

A ``Query`` is an immutable tuple of hop descriptions: nothing depends on the model's size or the depth,
and nothing is sent until a terminal (``list``, ``iterate``, ``ids``) runs; then the roots and hops go as
chained ``/query`` requests, streamed (``_follow.follow_stream``).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

from pygen_client.plans import AsyncRequester, StreamPlan, SyncRequester, aiterate, iterate
from pygen_runtime._connections import EdgeConnection, IncludeSpec, ReverseConnection, resolve_link
from pygen_runtime._filters import DirectRelationProperty, Filter, ListProperty
from pygen_runtime._follow import follow_stream
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import InstanceList, ReadBase
from pygen_runtime._pages import AsyncInstanceIterator, InstanceIterator, Page
from pygen_runtime._traverse import Hop, Roots, check_include, make_hop
from pygen_runtime._view_plans import SortLike, check_limit

__all__ = ["AsyncQuery", "Query"]

R = TypeVar("R", bound=ReadBase)
F = TypeVar("F")
R2 = TypeVar("R2", bound=ReadBase)
F2 = TypeVar("F2")
DirectLike = DirectRelationProperty[Any] | ListProperty[Any, Any]


class _QueryBase(Generic[R, F]):
    def __init__(self, client: Any, roots: Roots, hops: tuple[Hop, ...] = ()) -> None:
        self._client = client
        self._roots = roots
        self._hops = hops

    def _at(self) -> type[ReadBase]:
        return self._hops[-1].link.target if self._hops else self._roots.read_cls

    def _followed(
        self,
        connection: object,
        filter: Filter[Any] | None,
        edge_filter: Filter[Any] | None,
        sort: SortLike | None,
        limit: int | None,
    ) -> tuple[Roots, tuple[Hop, ...]]:
        index = len(self._hops) + 1
        link = resolve_link(self._at(), connection, f"follow (hop {index})")
        hop = make_hop(link, index, filter=filter, edge_filter=edge_filter, sort=sort, limit=limit)
        return self._roots, (*self._hops, hop)

    def _included(self, include: IncludeSpec) -> tuple[Roots, tuple[Hop, ...]]:
        check_include(self._at(), include, len(self._hops) + 1)
        if not self._hops:
            r = self._roots
            return Roots(r.read_cls, r.filter, r.sort, r.limit, include), ()
        last = self._hops[-1]
        hop = Hop(last.link, last.index, last.filter, last.edge_filter, last.sort, last.limit, include)
        return self._roots, (*self._hops[:-1], hop)

    def _plan(self, limit: int | None, *, ids_only: bool = False) -> Callable[[], StreamPlan[Page[R]]]:
        roots, hops = self._roots, self._hops
        return lambda: follow_stream(roots, hops, limit, ids_only=ids_only)

    def _hop_label(self) -> str:
        return " → ".join(h.label for h in self._hops) or self._roots.read_cls.__name__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._roots.read_cls.__name__}: {self._hop_label()})"


class Query(_QueryBase[R, F]):
    """A lazy traversal from a view (sync). Terminals: ``list()``, ``iterate()``, ``ids()``."""

    _client: SyncRequester

    @overload
    def follow(
        self,
        connection: EdgeConnection[R2, Any, F2, Any],
        *,
        filter: Filter[F2] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> Query[R2, F2]: ...
    @overload
    def follow(
        self,
        connection: ReverseConnection[R2, Any, F2],
        *,
        filter: Filter[F2] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> Query[R2, F2]: ...
    @overload
    def follow(
        self,
        connection: DirectLike,
        *,
        filter: Filter[Any] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> Query[Any, Any]: ...
    def follow(
        self,
        connection: Any,
        *,
        filter: Filter[Any] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> Query[Any, Any]:
        """A new query one hop further: along an edge connection (``edge_filter`` on its edge
        properties), a reverse direct relation or a direct relation with a ``source``. ``limit`` caps the
        distinct instances this hop reaches (default: all)."""
        return Query(self._client, *self._followed(connection, filter, edge_filter, sort, limit))

    def include(self, include: IncludeSpec) -> Query[R, F]:
        """The same query, with ``include`` expanded on the results (the last hop)."""
        return Query(self._client, *self._included(include))

    def list(self, *, limit: int | None = 25) -> InstanceList[R]:
        """The last hop's distinct instances, at most ``limit`` (``None`` = all)."""
        check_limit(limit)
        out: InstanceList[R] = InstanceList()
        if limit == 0:
            return out
        for page in iterate(self._client, self._plan(limit)()):
            out.extend(page.items)
        return out

    def iterate(self) -> InstanceIterator[R]:
        """Lazily: the last hop's instances as they arrive (``.pages()`` for pages of up to 1000)."""
        return InstanceIterator(self._client, self._plan(None))

    def ids(self) -> builtins.list[InstanceId]:
        """The ids of every instance the last hop reaches (the last hop selects nothing else)."""
        plan = self._plan(None, ids_only=True)()
        return [item.id for page in iterate(self._client, plan) for item in page.items]


class AsyncQuery(_QueryBase[R, F]):
    """A lazy traversal from a view (async). See :class:`Query`."""

    _client: AsyncRequester

    @overload
    def follow(
        self,
        connection: EdgeConnection[R2, Any, F2, Any],
        *,
        filter: Filter[F2] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> AsyncQuery[R2, F2]: ...
    @overload
    def follow(
        self,
        connection: ReverseConnection[R2, Any, F2],
        *,
        filter: Filter[F2] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> AsyncQuery[R2, F2]: ...
    @overload
    def follow(
        self,
        connection: DirectLike,
        *,
        filter: Filter[Any] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> AsyncQuery[Any, Any]: ...
    def follow(
        self,
        connection: Any,
        *,
        filter: Filter[Any] | None = None,
        edge_filter: Filter[Any] | None = None,
        sort: SortLike | None = None,
        limit: int | None = None,
    ) -> AsyncQuery[Any, Any]:
        """See :meth:`Query.follow`."""
        return AsyncQuery(self._client, *self._followed(connection, filter, edge_filter, sort, limit))

    def include(self, include: IncludeSpec) -> AsyncQuery[R, F]:
        """See :meth:`Query.include`."""
        return AsyncQuery(self._client, *self._included(include))

    async def list(self, *, limit: int | None = 25) -> InstanceList[R]:
        """See :meth:`Query.list`."""
        check_limit(limit)
        out: InstanceList[R] = InstanceList()
        if limit == 0:
            return out
        async for page in aiterate(self._client, self._plan(limit)()):
            out.extend(page.items)
        return out

    def iterate(self) -> AsyncInstanceIterator[R]:
        """See :meth:`Query.iterate`."""
        return AsyncInstanceIterator(self._client, self._plan(None))

    async def ids(self) -> builtins.list[InstanceId]:
        """See :meth:`Query.ids`."""
        plan = self._plan(None, ids_only=True)()
        return [item.id async for page in aiterate(self._client, plan) for item in page.items]
