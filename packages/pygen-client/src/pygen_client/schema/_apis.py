"""The schema APIs: ``spaces``, ``containers``, ``views``, ``data_models``, sync and async.

Each method is a typed signature over a plan of ``_resources.SchemaResource``; the sync classes run
plans with ``plans.run``/``iterate``, the async classes with ``arun``/``aiterate``. No logic lives here.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from pygen_client._ids import ContainerId, DataModelId, SpaceId, ViewId
from pygen_client.plans import AsyncRequester, Page, SyncRequester, aiterate, arun, iterate, run
from pygen_client.schema._base import SchemaModel
from pygen_client.schema._containers import Container, ContainerApply
from pygen_client.schema._data_models import DataModel, DataModelApply
from pygen_client.schema._resources import (
    DEFAULT_LIST_LIMIT,
    LIST_PAGE_LIMIT,
    SchemaResource,
    coerce,
    delete_container_parts,
)
from pygen_client.schema._spaces import Space, SpaceApply
from pygen_client.schema._views import View, ViewApply

__all__ = [
    "AsyncContainersAPI",
    "AsyncDataModelsAPI",
    "AsyncSpacesAPI",
    "AsyncViewsAPI",
    "ContainersAPI",
    "DataModelsAPI",
    "SpacesAPI",
    "ViewsAPI",
]

IdT = TypeVar("IdT")
WriteT = TypeVar("WriteT", bound=SchemaModel)
ReadT = TypeVar("ReadT", bound=SchemaModel)


def _versioned(kind: str) -> Any:
    def dump(value: ViewId | DataModelId) -> dict[str, Any]:
        if value.version is None:
            raise ValueError(f"deleting a {kind} needs its version: {value!r} has version=None")
        return value.dump()

    return dump


SPACES: SchemaResource[SpaceId, SpaceApply, Space] = SchemaResource(
    "spaces", "/models/spaces", SpaceId, SpaceApply, Space,
    coerce(SpaceId, from_str=SpaceId), SpaceId.dump, SpaceId.dump, SpaceId.load,
)  # fmt: skip
CONTAINERS: SchemaResource[ContainerId, ContainerApply, Container] = SchemaResource(
    "containers", "/models/containers", ContainerId, ContainerApply, Container,
    coerce(ContainerId), ContainerId.dump, ContainerId.dump, ContainerId.load,
)  # fmt: skip
VIEWS: SchemaResource[ViewId, ViewApply, View] = SchemaResource(
    "views", "/models/views", ViewId, ViewApply, View,
    coerce(ViewId), ViewId.dump, _versioned("view"), ViewId.load,
)  # fmt: skip
DATA_MODELS: SchemaResource[DataModelId, DataModelApply, DataModel] = SchemaResource(
    "data_models", "/models/datamodels", DataModelId, DataModelApply, DataModel,
    coerce(DataModelId), DataModelId.dump, _versioned("data model"), DataModelId.load,
)  # fmt: skip


class _SyncAPI(Generic[IdT, WriteT, ReadT]):
    _resource: SchemaResource[IdT, WriteT, ReadT]

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def create(self, items: WriteT | Sequence[WriteT] | Mapping[str, Any]) -> builtins.list[ReadT]:
        """Create or update (upsert) items, 100 per request; returns them as read back."""
        return run(self._requester, self._resource.create(items))

    def delete(self, ids: IdT | Sequence[IdT]) -> builtins.list[IdT]:
        """Delete by id, 100 per request; returns the ids that were deleted (unknown ids are skipped)."""
        return run(self._requester, self._resource.delete(ids))

    def _retrieve(self, ids: Any, params: Mapping[str, Any] | None = None) -> builtins.list[ReadT]:
        return run(self._requester, self._resource.retrieve(ids, params))

    def _list(self, limit: int | None, params: Mapping[str, Any]) -> builtins.list[ReadT]:
        return run(self._requester, self._resource.collect(limit, params))

    def _iterate(self, limit: int | None, page_size: int, params: Mapping[str, Any]) -> Iterator[Page[ReadT]]:
        return iterate(self._requester, self._resource.pages(limit, params, page_size))


class _AsyncAPI(Generic[IdT, WriteT, ReadT]):
    _resource: SchemaResource[IdT, WriteT, ReadT]

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def create(self, items: WriteT | Sequence[WriteT] | Mapping[str, Any]) -> builtins.list[ReadT]:
        """Create or update (upsert) items, 100 per request; returns them as read back."""
        return await arun(self._requester, self._resource.create(items))

    async def delete(self, ids: IdT | Sequence[IdT]) -> builtins.list[IdT]:
        """Delete by id, 100 per request; returns the ids that were deleted (unknown ids are skipped)."""
        return await arun(self._requester, self._resource.delete(ids))

    async def _retrieve(self, ids: Any, params: Mapping[str, Any] | None = None) -> builtins.list[ReadT]:
        return await arun(self._requester, self._resource.retrieve(ids, params))

    async def _list(self, limit: int | None, params: Mapping[str, Any]) -> builtins.list[ReadT]:
        return await arun(self._requester, self._resource.collect(limit, params))

    def _iterate(
        self, limit: int | None, page_size: int, params: Mapping[str, Any]
    ) -> AsyncIterator[Page[ReadT]]:
        return aiterate(self._requester, self._resource.pages(limit, params, page_size))


class SpacesAPI(_SyncAPI[SpaceId, SpaceApply, Space]):
    """``client.spaces``: create, retrieve, list, iterate, delete spaces."""

    _resource = SPACES

    def retrieve(self, ids: SpaceId | str | Sequence[SpaceId | str]) -> builtins.list[Space]:
        """Spaces by id (or name); unknown ids are simply absent from the result."""
        return self._retrieve(ids)

    def iterate(
        self, *, limit: int | None = None, page_size: int = LIST_PAGE_LIMIT, include_global: bool = False
    ) -> Iterator[Page[Space]]:
        """Lazy pages of spaces (one request per page)."""
        return self._iterate(limit, page_size, {"includeGlobal": include_global})

    def list(
        self, limit: int | None = DEFAULT_LIST_LIMIT, *, include_global: bool = False
    ) -> builtins.list[Space]:
        """Exactly ``limit`` spaces (fewer only if there are no more); ``limit=None`` for all."""
        return self._list(limit, {"includeGlobal": include_global})


class AsyncSpacesAPI(_AsyncAPI[SpaceId, SpaceApply, Space]):
    """``aclient.spaces``: the async twin of ``SpacesAPI``."""

    _resource = SPACES

    async def retrieve(self, ids: SpaceId | str | Sequence[SpaceId | str]) -> builtins.list[Space]:
        return await self._retrieve(ids)

    def iterate(
        self, *, limit: int | None = None, page_size: int = LIST_PAGE_LIMIT, include_global: bool = False
    ) -> AsyncIterator[Page[Space]]:
        return self._iterate(limit, page_size, {"includeGlobal": include_global})

    async def list(
        self, limit: int | None = DEFAULT_LIST_LIMIT, *, include_global: bool = False
    ) -> builtins.list[Space]:
        return await self._list(limit, {"includeGlobal": include_global})


def _container_params(
    space: str | None, include_global: bool, used_for: Sequence[str] | None
) -> dict[str, Any]:
    return {"space": space, "includeGlobal": include_global, "usedFor": list(used_for) if used_for else None}


class ContainersAPI(_SyncAPI[ContainerId, ContainerApply, Container]):
    """``client.containers``: create, retrieve, list, iterate, delete containers (and their parts)."""

    _resource = CONTAINERS

    def delete_constraints(
        self, ids: Sequence[tuple[ContainerId, str]]
    ) -> builtins.list[tuple[ContainerId, str]]:
        """Delete constraints given as ``(ContainerId, constraint identifier)``; returns those deleted."""
        return run(self._requester, delete_container_parts("constraints", ids))

    def delete_indexes(
        self, ids: Sequence[tuple[ContainerId, str]]
    ) -> builtins.list[tuple[ContainerId, str]]:
        """Delete indexes given as ``(ContainerId, index identifier)``; returns those deleted."""
        return run(self._requester, delete_container_parts("indexes", ids))

    def retrieve(self, ids: ContainerId | Sequence[ContainerId]) -> builtins.list[Container]:
        """Containers by id; unknown ids are simply absent from the result."""
        return self._retrieve(ids)

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        used_for: Sequence[str] | None = None,
    ) -> Iterator[Page[Container]]:
        return self._iterate(limit, page_size, _container_params(space, include_global, used_for))

    def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        used_for: Sequence[str] | None = None,
    ) -> builtins.list[Container]:
        """Exactly ``limit`` containers (fewer only if there are no more); ``limit=None`` for all."""
        return self._list(limit, _container_params(space, include_global, used_for))


class AsyncContainersAPI(_AsyncAPI[ContainerId, ContainerApply, Container]):
    """``aclient.containers``: the async twin of ``ContainersAPI``."""

    _resource = CONTAINERS

    async def delete_constraints(
        self, ids: Sequence[tuple[ContainerId, str]]
    ) -> builtins.list[tuple[ContainerId, str]]:
        return await arun(self._requester, delete_container_parts("constraints", ids))

    async def delete_indexes(
        self, ids: Sequence[tuple[ContainerId, str]]
    ) -> builtins.list[tuple[ContainerId, str]]:
        return await arun(self._requester, delete_container_parts("indexes", ids))

    async def retrieve(self, ids: ContainerId | Sequence[ContainerId]) -> builtins.list[Container]:
        return await self._retrieve(ids)

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        used_for: Sequence[str] | None = None,
    ) -> AsyncIterator[Page[Container]]:
        return self._iterate(limit, page_size, _container_params(space, include_global, used_for))

    async def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        used_for: Sequence[str] | None = None,
    ) -> builtins.list[Container]:
        return await self._list(limit, _container_params(space, include_global, used_for))


def _view_params(
    space: str | None, include_global: bool, all_versions: bool, include_inherited_properties: bool
) -> dict[str, Any]:
    return {
        "space": space,
        "includeGlobal": include_global,
        "allVersions": all_versions,
        "includeInheritedProperties": include_inherited_properties,
    }


class ViewsAPI(_SyncAPI[ViewId, ViewApply, View]):
    """``client.views``: create, retrieve, list, iterate, delete views."""

    _resource = VIEWS

    def retrieve(
        self, ids: ViewId | Sequence[ViewId], *, include_inherited_properties: bool = True
    ) -> builtins.list[View]:
        """Views by id (``version=None``: every version); unknown ids are simply absent."""
        return self._retrieve(ids, {"includeInheritedProperties": include_inherited_properties})

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        include_inherited_properties: bool = True,
    ) -> Iterator[Page[View]]:
        params = _view_params(space, include_global, all_versions, include_inherited_properties)
        return self._iterate(limit, page_size, params)

    def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        include_inherited_properties: bool = True,
    ) -> builtins.list[View]:
        """Exactly ``limit`` views (fewer only if there are no more); ``limit=None`` for all."""
        return self._list(
            limit, _view_params(space, include_global, all_versions, include_inherited_properties)
        )


class AsyncViewsAPI(_AsyncAPI[ViewId, ViewApply, View]):
    """``aclient.views``: the async twin of ``ViewsAPI``."""

    _resource = VIEWS

    async def retrieve(
        self, ids: ViewId | Sequence[ViewId], *, include_inherited_properties: bool = True
    ) -> builtins.list[View]:
        return await self._retrieve(ids, {"includeInheritedProperties": include_inherited_properties})

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        include_inherited_properties: bool = True,
    ) -> AsyncIterator[Page[View]]:
        params = _view_params(space, include_global, all_versions, include_inherited_properties)
        return self._iterate(limit, page_size, params)

    async def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        include_inherited_properties: bool = True,
    ) -> builtins.list[View]:
        params = _view_params(space, include_global, all_versions, include_inherited_properties)
        return await self._list(limit, params)


def _data_model_params(
    space: str | None, include_global: bool, all_versions: bool, inline_views: bool
) -> dict[str, Any]:
    return {
        "space": space,
        "includeGlobal": include_global,
        "allVersions": all_versions,
        "inlineViews": inline_views,
    }


class DataModelsAPI(_SyncAPI[DataModelId, DataModelApply, DataModel]):
    """``client.data_models``: create, retrieve, list, iterate, delete data models."""

    _resource = DATA_MODELS

    def retrieve(
        self, ids: DataModelId | Sequence[DataModelId], *, inline_views: bool = False
    ) -> builtins.list[DataModel]:
        """Data models by id (``version=None``: every version); ``inline_views=True`` for full views."""
        return self._retrieve(ids, {"inlineViews": inline_views})

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        inline_views: bool = False,
    ) -> Iterator[Page[DataModel]]:
        params = _data_model_params(space, include_global, all_versions, inline_views)
        return self._iterate(limit, page_size, params)

    def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        inline_views: bool = False,
    ) -> builtins.list[DataModel]:
        """Exactly ``limit`` data models (fewer only if there are no more); ``limit=None`` for all."""
        return self._list(limit, _data_model_params(space, include_global, all_versions, inline_views))


class AsyncDataModelsAPI(_AsyncAPI[DataModelId, DataModelApply, DataModel]):
    """``aclient.data_models``: the async twin of ``DataModelsAPI``."""

    _resource = DATA_MODELS

    async def retrieve(
        self, ids: DataModelId | Sequence[DataModelId], *, inline_views: bool = False
    ) -> builtins.list[DataModel]:
        return await self._retrieve(ids, {"inlineViews": inline_views})

    def iterate(
        self,
        *,
        limit: int | None = None,
        page_size: int = LIST_PAGE_LIMIT,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        inline_views: bool = False,
    ) -> AsyncIterator[Page[DataModel]]:
        params = _data_model_params(space, include_global, all_versions, inline_views)
        return self._iterate(limit, page_size, params)

    async def list(
        self,
        limit: int | None = DEFAULT_LIST_LIMIT,
        *,
        space: str | None = None,
        include_global: bool = False,
        all_versions: bool = False,
        inline_views: bool = False,
    ) -> builtins.list[DataModel]:
        params = _data_model_params(space, include_global, all_versions, inline_views)
        return await self._list(limit, params)
