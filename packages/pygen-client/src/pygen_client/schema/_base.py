"""The base of every schema model: camelCase on the wire, unknown fields kept, exact round trips."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from pygen_client._ids import ContainerId, ViewId

__all__ = ["ContainerReference", "NodeReference", "SchemaModel", "ViewReference", "tagger"]


class SchemaModel(BaseModel):
    """Base of the schema models.

    Python attributes are snake_case, the wire is camelCase. Fields from newer API versions are kept as
    extras, so ``Model.model_validate(data).dump() == data`` for every valid ``data``. Only fields that
    were given (or are in ``_always_dump``) are dumped: absent stays absent, ``null`` stays ``null``.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
    )
    _always_dump: ClassVar[tuple[str, ...]] = ()

    def model_post_init(self, context: Any, /) -> None:
        if self._always_dump:
            self.model_fields_set.update(self._always_dump)

    def dump(self) -> dict[str, Any]:
        """The JSON-ready dict in the API wire format (camelCase keys)."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class ContainerReference(SchemaModel):
    """``{"type": "container", "space": ..., "externalId": ...}``."""

    _always_dump = ("type",)
    type: Literal["container"] = "container"
    space: str
    external_id: str

    def as_id(self) -> ContainerId:
        return ContainerId(self.space, self.external_id)

    @classmethod
    def from_id(cls, container_id: ContainerId) -> ContainerReference:
        return cls(space=container_id.space, external_id=container_id.external_id)


class ViewReference(SchemaModel):
    """``{"type": "view", "space": ..., "externalId": ..., "version": ...}``."""

    _always_dump = ("type",)
    type: Literal["view"] = "view"
    space: str
    external_id: str
    version: str | None = None

    def as_id(self) -> ViewId:
        return ViewId(self.space, self.external_id, self.version)

    @classmethod
    def from_id(cls, view_id: ViewId) -> ViewReference:
        if view_id.version is None:
            return cls(space=view_id.space, external_id=view_id.external_id)
        return cls(space=view_id.space, external_id=view_id.external_id, version=view_id.version)


class NodeReference(SchemaModel):
    """``{"space": ..., "externalId": ...}``: a node, e.g. the type of an edge connection."""

    space: str
    external_id: str


def tagger(key: str, known: Mapping[str, type[BaseModel]], fallback: str = "unknown") -> Callable[[Any], str]:
    """A pydantic callable discriminator: the value of ``key`` when known, else ``fallback``.

    Unknown kinds (from newer API versions) land in a tolerant fallback model instead of failing.
    """

    classes = {cls: tag for tag, cls in known.items()}

    def discriminate(value: Any) -> str:
        if isinstance(value, Mapping):
            tag = value.get(key)
            return tag if isinstance(tag, str) and tag in known else fallback
        return classes.get(type(value), fallback)

    return discriminate
