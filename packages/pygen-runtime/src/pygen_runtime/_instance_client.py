"""The clients generated SDKs subclass: own the transport, hold the view APIs, upsert and delete.

``InstanceClient`` (sync) and ``AsyncInstanceClient`` (async) share every line of logic through the
plans in ``_write_plans``; they only differ in how they run them.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Literal

from typing_extensions import Self

from pygen_client import AsyncPygenClient, ClientConfig, PygenClient
from pygen_client.plans import DEFAULT_CONCURRENCY, arun, run
from pygen_runtime._filters import EdgeFields, Filter, and_
from pygen_runtime._flatten import EdgeIdFunction
from pygen_runtime._ids import IdLike
from pygen_runtime._instances import Edge, InstanceList, WriteBase
from pygen_runtime._view_plans import SortLike, ViewSpec, list_plan
from pygen_runtime._write_plans import DeleteResult, UpsertResult, delete_ids_plan, upsert_items_plan

__all__ = ["AsyncInstanceClient", "InstanceClient"]

_EDGES: ViewSpec[Edge] = ViewSpec(Edge)


def _edges_filter(
    type: IdLike | None, start_node: IdLike | None, end_node: IdLike | None, filter: Filter[EdgeFields] | None
) -> Filter[EdgeFields] | None:
    parts: list[Filter[EdgeFields]] = [] if filter is None else [filter]
    if type is not None:
        parts.append(EdgeFields.type.equals(type))
    if start_node is not None:
        parts.append(EdgeFields.start_node.equals(start_node))
    if end_node is not None:
        parts.append(EdgeFields.end_node.equals(end_node))
    return and_(*parts) if parts else None


class InstanceClient:
    """Sync base client: ``upsert``, ``delete``, and the view APIs a generated subclass adds.

    Args:
        config: A ``pygen_client.ClientConfig`` (the client creates and owns a ``PygenClient``) or a
            ready ``PygenClient`` (the caller keeps ownership).
        max_workers: Requests in flight at once for batched writes, deletes and retrieves
            (default ``DEFAULT_CONCURRENCY``).
    """

    def __init__(self, config: ClientConfig | PygenClient, *, max_workers: int = DEFAULT_CONCURRENCY) -> None:
        if isinstance(config, PygenClient):
            self._client, self._owns = config, False
        elif isinstance(config, ClientConfig):
            self._client, self._owns = PygenClient(config), True
        else:
            raise TypeError(
                f"{type(self).__name__} needs a ClientConfig or a PygenClient, got {type(config).__name__}"
            )
        self._max_workers = max_workers

    def upsert(
        self,
        items: WriteBase | Sequence[WriteBase],
        *,
        replace: bool = False,
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
        skip_on_version_conflict: bool = False,
        edge_external_id: EdgeIdFunction | None = None,
    ) -> UpsertResult:
        """Create or update nodes and edges (1000 per request, concurrently); results in input order.

        ``replace=False`` patches only the properties that were set on each write object; ``replace=True``
        resets the others to their defaults/null. Raises ``UpsertError`` (with ``.succeeded``) when some
        requests fail. Nested write objects (direct relations, edge connections) are flattened first: the
        nodes depth first, then the edges, whose external ids ``edge_external_id(start, type, end)``
        overrides (default ``rt.edge_external_id``); the results follow that flattened order."""
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

    def delete(
        self,
        items: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        instance_type: Literal["node", "edge"] = "node",
    ) -> DeleteResult:
        """Delete nodes (or edges: ``instance_type="edge"``, or pass edge instances). Missing ids are skipped."""
        return run(self._client, delete_ids_plan(items, space, instance_type), self._max_workers)

    def edges(
        self,
        *,
        type: IdLike | None = None,
        start_node: IdLike | None = None,
        end_node: IdLike | None = None,
        filter: Filter[EdgeFields] | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[Edge]:
        """Edges (without properties) by edge type and/or endpoints, e.g. the edges of a connection that
        has no edge view. Edges with properties are read through their edge view's API instead."""
        edges = _edges_filter(type, start_node, end_node, filter)
        return run(self._client, list_plan(_EDGES, edges, sort, limit))

    @property
    def pygen_client(self) -> PygenClient:
        return self._client

    def close(self) -> None:
        if self._owns:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncInstanceClient:
    """Async base client; the same surface as :class:`InstanceClient`, awaitable."""

    def __init__(
        self, config: ClientConfig | AsyncPygenClient, *, max_workers: int = DEFAULT_CONCURRENCY
    ) -> None:
        if isinstance(config, AsyncPygenClient):
            self._client, self._owns = config, False
        elif isinstance(config, ClientConfig):
            self._client, self._owns = AsyncPygenClient(config), True
        else:
            raise TypeError(
                f"{type(self).__name__} needs a ClientConfig or an AsyncPygenClient, got {type(config).__name__}"
            )
        self._max_workers = max_workers

    async def upsert(
        self,
        items: WriteBase | Sequence[WriteBase],
        *,
        replace: bool = False,
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
        skip_on_version_conflict: bool = False,
        edge_external_id: EdgeIdFunction | None = None,
    ) -> UpsertResult:
        """See :meth:`InstanceClient.upsert`."""
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

    async def delete(
        self,
        items: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        instance_type: Literal["node", "edge"] = "node",
    ) -> DeleteResult:
        """See :meth:`InstanceClient.delete`."""
        return await arun(self._client, delete_ids_plan(items, space, instance_type), self._max_workers)

    async def edges(
        self,
        *,
        type: IdLike | None = None,
        start_node: IdLike | None = None,
        end_node: IdLike | None = None,
        filter: Filter[EdgeFields] | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[Edge]:
        """See :meth:`InstanceClient.edges`."""
        edges = _edges_filter(type, start_node, end_node, filter)
        return await arun(self._client, list_plan(_EDGES, edges, sort, limit))

    @property
    def pygen_client(self) -> AsyncPygenClient:
        return self._client

    async def aclose(self) -> None:
        if self._owns:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
