"""The clients generated SDKs subclass: own the transport, hold the view APIs, upsert and delete.

``InstanceClient`` (sync) and ``AsyncInstanceClient`` (async) share every line of logic through the
plans in ``_write_plans``; they only differ in how they run them.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar

from pygen_client import AsyncPygenClient, ClientConfig, PygenClient
from pygen_client.plans import Plan, arun, run
from pygen_runtime._filters import EdgeFields, FilterLike, and_
from pygen_runtime._ids import IdLike, InstanceId, to_instance_id
from pygen_runtime._instances import Edge, EdgeWrite, InstanceList, WriteBase
from pygen_runtime._view_plans import SortLike, ViewSpec, list_plan
from pygen_runtime._write_plans import DeleteResult, UpsertResult, delete_plan, upsert_plan

__all__ = ["AsyncInstanceClient", "InstanceClient"]

DEFAULT_WRITE_WORKERS = 4
_C = TypeVar("_C", bound="InstanceClient")
_A = TypeVar("_A", bound="AsyncInstanceClient")


def _delete_ids(
    items: IdLike | Sequence[IdLike], space: str | None, instance_type: Literal["node", "edge"]
) -> Plan[DeleteResult]:
    values: Sequence[Any]
    if isinstance(items, (str, InstanceId)) or (
        isinstance(items, tuple) and len(items) == 2 and all(isinstance(v, str) for v in items)
    ):
        values = [items]
    elif isinstance(items, Sequence):
        values = items
    else:
        values = [items]
    pairs: list[tuple[Literal["node", "edge"], InstanceId]] = []
    for i, value in enumerate(values):
        kind: Literal["node", "edge"] = "edge" if isinstance(value, (Edge, EdgeWrite)) else instance_type
        pairs.append((kind, to_instance_id(value, space, what=f"items[{i}]")))
    return delete_plan(pairs)


_EDGES: ViewSpec[Edge, InstanceList[Edge]] = ViewSpec(Edge, InstanceList[Edge])


def _edges(
    type: IdLike | None, start_node: IdLike | None, end_node: IdLike | None, filter: FilterLike | None
) -> list[FilterLike]:
    parts: list[FilterLike] = [] if filter is None else [filter]
    if type is not None:
        parts.append(EdgeFields.type.equals(type))
    if start_node is not None:
        parts.append(EdgeFields.start_node.equals(start_node))
    if end_node is not None:
        parts.append(EdgeFields.end_node.equals(end_node))
    return parts


def _upsert(
    items: WriteBase | Sequence[WriteBase], replace: bool, options: dict[str, bool]
) -> Plan[UpsertResult]:
    seq = [items] if isinstance(items, WriteBase) else items
    return upsert_plan(seq, replace=replace, **options)


class InstanceClient:
    """Sync base client: ``upsert``, ``delete``, and the view APIs a generated subclass adds.

    Args:
        config: A ``pygen_client.ClientConfig`` (the client creates and owns a ``PygenClient``) or a
            ready ``PygenClient`` (the caller keeps ownership).
        max_workers: Requests in flight at once for batched writes, deletes and retrieves.
    """

    def __init__(
        self, config: ClientConfig | PygenClient, *, max_workers: int = DEFAULT_WRITE_WORKERS
    ) -> None:
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
    ) -> UpsertResult:
        """Create or update nodes and edges (1000 per request, concurrently); results in input order.

        ``replace=False`` patches only the properties that were set on each write object; ``replace=True``
        resets the others to their defaults/null. Raises ``UpsertError`` (with ``.succeeded``) when some
        requests fail."""
        options = {
            "auto_create_direct_relations": auto_create_direct_relations,
            "auto_create_start_nodes": auto_create_start_nodes,
            "auto_create_end_nodes": auto_create_end_nodes,
            "skip_on_version_conflict": skip_on_version_conflict,
        }
        return run(self._client, _upsert(items, replace, options), self._max_workers)

    def delete(
        self,
        items: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        instance_type: Literal["node", "edge"] = "node",
    ) -> DeleteResult:
        """Delete nodes (or edges: ``instance_type="edge"``, or pass edge instances). Missing ids are skipped."""
        return run(self._client, _delete_ids(items, space, instance_type), self._max_workers)

    def edges(
        self,
        *,
        type: IdLike | None = None,
        start_node: IdLike | None = None,
        end_node: IdLike | None = None,
        filter: FilterLike | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[Edge]:
        """Edges (without properties) by edge type and/or endpoints, e.g. the edges of a connection that
        has no edge view. Edges with properties are read through their edge view's API instead."""
        parts = _edges(type, start_node, end_node, filter)
        return run(self._client, list_plan(_EDGES, and_(*parts) if parts else None, sort, limit))

    @property
    def pygen_client(self) -> PygenClient:
        return self._client

    def close(self) -> None:
        if self._owns:
            self._client.close()

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncInstanceClient:
    """Async base client; the same surface as :class:`InstanceClient`, awaitable."""

    def __init__(
        self, config: ClientConfig | AsyncPygenClient, *, max_workers: int = DEFAULT_WRITE_WORKERS
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
    ) -> UpsertResult:
        """See :meth:`InstanceClient.upsert`."""
        options = {
            "auto_create_direct_relations": auto_create_direct_relations,
            "auto_create_start_nodes": auto_create_start_nodes,
            "auto_create_end_nodes": auto_create_end_nodes,
            "skip_on_version_conflict": skip_on_version_conflict,
        }
        return await arun(self._client, _upsert(items, replace, options), self._max_workers)

    async def delete(
        self,
        items: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        instance_type: Literal["node", "edge"] = "node",
    ) -> DeleteResult:
        """See :meth:`InstanceClient.delete`."""
        return await arun(self._client, _delete_ids(items, space, instance_type), self._max_workers)

    async def edges(
        self,
        *,
        type: IdLike | None = None,
        start_node: IdLike | None = None,
        end_node: IdLike | None = None,
        filter: FilterLike | None = None,
        sort: SortLike | None = None,
        limit: int | None = 25,
    ) -> InstanceList[Edge]:
        """See :meth:`InstanceClient.edges`."""
        parts = _edges(type, start_node, end_node, filter)
        return await arun(self._client, list_plan(_EDGES, and_(*parts) if parts else None, sort, limit))

    @property
    def pygen_client(self) -> AsyncPygenClient:
        return self._client

    async def aclose(self) -> None:
        if self._owns:
            await self._client.aclose()

    async def __aenter__(self: _A) -> _A:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
