"""Spaces in write (``SpaceApply``) and read (``Space``) form."""

from __future__ import annotations

from pygen_client._ids import SpaceId
from pygen_client.schema._base import SchemaModel

__all__ = ["Space", "SpaceApply"]


class SpaceApply(SchemaModel):
    """A space to create or update (upsert)."""

    space: str
    name: str | None = None
    description: str | None = None

    def as_id(self) -> SpaceId:
        return SpaceId(self.space)


class Space(SchemaModel):
    """A space as read from the API."""

    space: str
    name: str | None = None
    description: str | None = None
    is_global: bool | None = None
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> SpaceId:
        return SpaceId(self.space)

    def as_write(self) -> SpaceApply:
        data = self.dump()
        for key in ("isGlobal", "createdTime", "lastUpdatedTime"):
            data.pop(key, None)
        return SpaceApply.model_validate(data)
