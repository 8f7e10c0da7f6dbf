"""Views (dms-api §3.4): mapped properties, edge connections, reverse direct relations; write and read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from pygen_client._ids import ViewId
from pygen_client.schema._base import ContainerReference, NodeReference, SchemaModel, ViewReference
from pygen_client.schema._properties import ConstraintState, PropertyType

__all__ = [
    "EdgeConnection",
    "MappedProperty",
    "MappedPropertyApply",
    "ReverseDirectRelation",
    "ThroughReference",
    "UnknownViewProperty",
    "View",
    "ViewApply",
    "ViewProperty",
    "ViewPropertyApply",
]

EDGE_CONNECTION_TYPES = ("single_edge_connection", "multi_edge_connection")
REVERSE_CONNECTION_TYPES = ("single_reverse_direct_relation", "multi_reverse_direct_relation")


class MappedPropertyApply(SchemaModel):
    """A view property mapping a container property (write form); ``source`` types a direct relation."""

    container: ContainerReference
    container_property_identifier: str
    name: str | None = None
    description: str | None = None
    source: ViewReference | None = None


class MappedProperty(SchemaModel):
    """A mapped property as read: the container property's type and flags are resolved in."""

    container: ContainerReference
    container_property_identifier: str
    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None
    constraint_state: ConstraintState | None = None
    source: ViewReference | None = None  # older read format; newer puts it in type.source

    def as_write(self) -> MappedPropertyApply:
        source = self.source or getattr(self.type, "source", None)
        apply = MappedPropertyApply(
            container=self.container, container_property_identifier=self.container_property_identifier
        )
        for field in ("name", "description"):
            if field in self.model_fields_set:
                setattr(apply, field, getattr(self, field))
        if source is not None:
            apply.source = source
        return apply


class EdgeConnection(SchemaModel):
    """An edge connection (write and read form): edges of ``type`` from/to nodes of view ``source``."""

    connection_type: Literal["single_edge_connection", "multi_edge_connection"] = "multi_edge_connection"
    type: NodeReference
    source: ViewReference
    edge_source: ViewReference | None = None
    direction: Literal["outwards", "inwards"] = "outwards"
    name: str | None = None
    description: str | None = None


def _through_tag(value: Any) -> str:
    if isinstance(value, Mapping):
        return "container" if value.get("type") == "container" else "view"
    return "container" if isinstance(value, ContainerReference) else "view"


class ThroughReference(SchemaModel):
    """The direct relation a reverse relation goes through: property ``identifier`` of a view or container."""

    source: Annotated[
        Annotated[ViewReference, Tag("view")] | Annotated[ContainerReference, Tag("container")],
        Discriminator(_through_tag),
    ]
    identifier: str


class ReverseDirectRelation(SchemaModel):
    """A reverse direct relation (write and read form; read adds ``targetsList``)."""

    connection_type: Literal["single_reverse_direct_relation", "multi_reverse_direct_relation"]
    source: ViewReference
    through: ThroughReference
    name: str | None = None
    description: str | None = None
    targets_list: bool | None = None


class UnknownViewProperty(SchemaModel):
    """A view property of a kind this client does not know yet (kept as given)."""


_PROPERTY_CLASS_TAGS: dict[type[SchemaModel], str] = {
    MappedProperty: "mapped",
    MappedPropertyApply: "mapped",
    EdgeConnection: "edge",
    ReverseDirectRelation: "reverse",
}


def _view_property_tag(value: Any) -> str:
    if not isinstance(value, Mapping):
        return _PROPERTY_CLASS_TAGS.get(type(value), "unknown")
    connection_type = value.get("connectionType")
    if connection_type in EDGE_CONNECTION_TYPES:
        return "edge"
    if connection_type in REVERSE_CONNECTION_TYPES:
        return "reverse"
    if connection_type is None:
        if "container" in value:
            return "mapped"
        if "direction" in value or "edgeSource" in value:
            return "edge"
    return "unknown"


ViewProperty = Annotated[
    Annotated[MappedProperty, Tag("mapped")]
    | Annotated[EdgeConnection, Tag("edge")]
    | Annotated[ReverseDirectRelation, Tag("reverse")]
    | Annotated[UnknownViewProperty, Tag("unknown")],
    Discriminator(_view_property_tag),
]

ViewPropertyApply = Annotated[
    Annotated[MappedPropertyApply, Tag("mapped")]
    | Annotated[EdgeConnection, Tag("edge")]
    | Annotated[ReverseDirectRelation, Tag("reverse")]
    | Annotated[UnknownViewProperty, Tag("unknown")],
    Discriminator(_view_property_tag),
]


class ViewApply(SchemaModel):
    """A view to create or update (upsert)."""

    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    implements: list[ViewReference] | None = None
    properties: dict[str, ViewPropertyApply] | None = None

    def as_id(self) -> ViewId:
        return ViewId(self.space, self.external_id, self.version)


class View(SchemaModel):
    """A view as read from the API (properties resolved; inherited ones included by default)."""

    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    implements: list[ViewReference] | None = None
    properties: dict[str, ViewProperty] = Field(default_factory=dict)
    writable: bool | None = None
    queryable: bool | None = None
    used_for: str | None = None
    is_global: bool | None = None
    mapped_containers: list[ContainerReference] | None = None
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> ViewId:
        return ViewId(self.space, self.external_id, self.version)

    def as_write(self) -> ViewApply:
        """The write form: mapped properties lose their resolved type; inherited properties are kept."""
        properties: dict[str, Any] = {}
        for key, prop in self.properties.items():
            properties[key] = prop.as_write() if isinstance(prop, MappedProperty) else prop
        apply = ViewApply(
            space=self.space, external_id=self.external_id, version=self.version, properties=properties
        )
        for field in ("name", "description", "filter", "implements"):
            if field in self.model_fields_set:
                setattr(apply, field, getattr(self, field))
        return apply
