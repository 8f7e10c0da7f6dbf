"""Data models in write (``DataModelApply``) and read (``DataModel``) form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Discriminator, Tag

from pygen_client._ids import DataModelId, ViewId
from pygen_client.schema._base import SchemaModel, ViewReference
from pygen_client.schema._views import View, ViewApply

__all__ = ["DataModel", "DataModelApply"]

_REFERENCE_KEYS = frozenset({"type", "space", "externalId", "version"})


def _view_or_reference(full: str) -> Any:
    def discriminate(value: Any) -> str:
        if isinstance(value, Mapping):
            return "reference" if set(value) <= _REFERENCE_KEYS else full
        return "reference" if isinstance(value, ViewReference) else full

    return discriminate


class DataModelApply(SchemaModel):
    """A data model to create or update; ``views`` are references or inline view definitions."""

    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    views: (
        list[
            Annotated[
                Annotated[ViewReference, Tag("reference")] | Annotated[ViewApply, Tag("view")],
                Discriminator(_view_or_reference("view")),
            ]
        ]
        | None
    ) = None

    def as_id(self) -> DataModelId:
        return DataModelId(self.space, self.external_id, self.version)


class DataModel(SchemaModel):
    """A data model as read; ``views`` hold full views when read with ``inline_views=True``."""

    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    views: (
        list[
            Annotated[
                Annotated[ViewReference, Tag("reference")] | Annotated[View, Tag("view")],
                Discriminator(_view_or_reference("view")),
            ]
        ]
        | None
    ) = None
    is_global: bool | None = None
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> DataModelId:
        return DataModelId(self.space, self.external_id, self.version)

    def view_ids(self) -> list[ViewId]:
        """The ids of the model's views (whether inlined or referenced)."""
        return [view.as_id() for view in self.views or []]

    def inlined_views(self) -> list[View]:
        """The full views (only present when read with ``inline_views=True``)."""
        return [view for view in self.views or [] if isinstance(view, View)]

    def as_write(self) -> DataModelApply:
        """The write form with the views as references."""
        data = self.dump()
        for key in ("isGlobal", "createdTime", "lastUpdatedTime"):
            data.pop(key, None)
        if self.views is not None:
            data["views"] = [ViewReference.from_id(view.as_id()).dump() for view in self.views]
        return DataModelApply.model_validate(data)
