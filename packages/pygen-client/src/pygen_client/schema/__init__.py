"""Pydantic models of the DMS schema: spaces, containers, views, data models, property types.

The schema APIs (``SpacesAPI``, ``ViewsAPI``, ...) load on first use: they pull in the transport (httpx),
which code that only reads schema models, such as the generator reading a model file, never needs.
"""

from typing import TYPE_CHECKING, Any

from pygen_client.schema._base import ContainerReference, NodeReference, SchemaModel, ViewReference
from pygen_client.schema._containers import Container, ContainerApply
from pygen_client.schema._data_models import DataModel, DataModelApply
from pygen_client.schema._properties import (
    BooleanType,
    BTreeIndex,
    Constraint,
    ConstraintState,
    ContainerProperty,
    ContainerPropertyApply,
    DateType,
    DirectRelationType,
    EnumType,
    EnumValue,
    FileReferenceType,
    Float32Type,
    Float64Type,
    Index,
    Int32Type,
    Int64Type,
    InvertedIndex,
    JSONType,
    PropertyType,
    RequiresConstraint,
    SequenceReferenceType,
    TextType,
    TimeSeriesReferenceType,
    TimestampType,
    UniquenessConstraint,
    Unit,
    UnknownConstraint,
    UnknownIndex,
    UnknownPropertyType,
)
from pygen_client.schema._spaces import Space, SpaceApply
from pygen_client.schema._views import (
    EdgeConnection,
    MappedProperty,
    MappedPropertyApply,
    ReverseDirectRelation,
    ThroughReference,
    UnknownViewProperty,
    View,
    ViewApply,
    ViewProperty,
    ViewPropertyApply,
)

if TYPE_CHECKING:
    from pygen_client.schema._apis import (
        AsyncContainersAPI,
        AsyncDataModelsAPI,
        AsyncSpacesAPI,
        AsyncViewsAPI,
        ContainersAPI,
        DataModelsAPI,
        SpacesAPI,
        ViewsAPI,
    )

_LAZY_APIS = frozenset(
    {
        "AsyncContainersAPI",
        "AsyncDataModelsAPI",
        "AsyncSpacesAPI",
        "AsyncViewsAPI",
        "ContainersAPI",
        "DataModelsAPI",
        "SpacesAPI",
        "ViewsAPI",
    }
)


def __getattr__(name: str) -> Any:
    if name not in _LAZY_APIS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from pygen_client.schema import _apis

    value = getattr(_apis, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AsyncContainersAPI",
    "AsyncDataModelsAPI",
    "AsyncSpacesAPI",
    "AsyncViewsAPI",
    "BTreeIndex",
    "BooleanType",
    "Constraint",
    "ConstraintState",
    "Container",
    "ContainerApply",
    "ContainerProperty",
    "ContainerPropertyApply",
    "ContainerReference",
    "ContainersAPI",
    "DataModel",
    "DataModelApply",
    "DataModelsAPI",
    "DateType",
    "DirectRelationType",
    "EdgeConnection",
    "EnumType",
    "EnumValue",
    "FileReferenceType",
    "Float32Type",
    "Float64Type",
    "Index",
    "Int32Type",
    "Int64Type",
    "InvertedIndex",
    "JSONType",
    "MappedProperty",
    "MappedPropertyApply",
    "NodeReference",
    "PropertyType",
    "RequiresConstraint",
    "ReverseDirectRelation",
    "SchemaModel",
    "SequenceReferenceType",
    "Space",
    "SpaceApply",
    "SpacesAPI",
    "TextType",
    "ThroughReference",
    "TimeSeriesReferenceType",
    "TimestampType",
    "UniquenessConstraint",
    "Unit",
    "UnknownConstraint",
    "UnknownIndex",
    "UnknownPropertyType",
    "UnknownViewProperty",
    "View",
    "ViewApply",
    "ViewProperty",
    "ViewPropertyApply",
    "ViewReference",
    "ViewsAPI",
]
