"""Containers in write (``ContainerApply``) and read (``Container``) form."""

from __future__ import annotations

from pygen_client._ids import ContainerId
from pygen_client.schema._base import SchemaModel
from pygen_client.schema._properties import Constraint, ContainerProperty, ContainerPropertyApply, Index

__all__ = ["Container", "ContainerApply"]


class ContainerApply(SchemaModel):
    """A container to create or update (upsert)."""

    space: str
    external_id: str
    properties: dict[str, ContainerPropertyApply]
    name: str | None = None
    description: str | None = None
    used_for: str | None = None  # "node" | "edge" | "all" (and newer kinds)
    constraints: dict[str, Constraint] | None = None
    indexes: dict[str, Index] | None = None

    def as_id(self) -> ContainerId:
        return ContainerId(self.space, self.external_id)


class Container(SchemaModel):
    """A container as read from the API."""

    space: str
    external_id: str
    properties: dict[str, ContainerProperty]
    name: str | None = None
    description: str | None = None
    used_for: str | None = None  # "node" | "edge" | "all" (and newer kinds)
    constraints: dict[str, Constraint] | None = None
    indexes: dict[str, Index] | None = None
    is_global: bool | None = None
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> ContainerId:
        return ContainerId(self.space, self.external_id)

    def as_write(self) -> ContainerApply:
        """The write form (read-only fields dropped), e.g. to copy a container to another project."""
        data = self.dump()
        for key in ("isGlobal", "createdTime", "lastUpdatedTime"):
            data.pop(key, None)
        data["properties"] = {key: prop.as_write().dump() for key, prop in self.properties.items()}
        for group in ("constraints", "indexes"):
            for item in (data.get(group) or {}).values():
                item.pop("state", None)
        return ContainerApply.model_validate(data)
