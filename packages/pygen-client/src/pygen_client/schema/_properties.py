"""Container property types (dms-api §3.2), container properties (§3.1), constraints and indexes (§3.3)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from pygen_client.schema._base import ContainerReference, SchemaModel, ViewReference, tagger

__all__ = [
    "BTreeIndex",
    "BooleanType",
    "Constraint",
    "ConstraintState",
    "ContainerProperty",
    "ContainerPropertyApply",
    "DateType",
    "DirectRelationType",
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
    "PropertyType",
    "RequiresConstraint",
    "SequenceReferenceType",
    "TextType",
    "TimeSeriesReferenceType",
    "TimestampType",
    "UniquenessConstraint",
    "Unit",
    "UnknownConstraint",
    "UnknownIndex",
    "UnknownPropertyType",
]


class _ListableType(SchemaModel):
    """A type that can hold a list of values (``list: true``), optionally with ``maxListSize``."""

    _always_dump = ("type",)
    is_list: bool = Field(default=False, alias="list")
    max_list_size: int | None = None


class Unit(SchemaModel):
    external_id: str
    source_unit: str | None = None


class TextType(_ListableType):
    type: Literal["text"] = "text"
    collation: str | None = None
    max_text_size: int | None = None


class BooleanType(_ListableType):
    type: Literal["boolean"] = "boolean"


class Int32Type(_ListableType):
    type: Literal["int32"] = "int32"
    unit: Unit | None = None


class Int64Type(_ListableType):
    type: Literal["int64"] = "int64"
    unit: Unit | None = None


class Float32Type(_ListableType):
    type: Literal["float32"] = "float32"
    unit: Unit | None = None


class Float64Type(_ListableType):
    type: Literal["float64"] = "float64"
    unit: Unit | None = None


class TimestampType(_ListableType):
    type: Literal["timestamp"] = "timestamp"


class DateType(_ListableType):
    type: Literal["date"] = "date"


class JSONType(_ListableType):
    type: Literal["json"] = "json"


class TimeSeriesReferenceType(_ListableType):
    type: Literal["timeseries"] = "timeseries"


class FileReferenceType(_ListableType):
    type: Literal["file"] = "file"


class SequenceReferenceType(_ListableType):
    type: Literal["sequence"] = "sequence"


class DirectRelationType(_ListableType):
    """``direct``: a relation to a node; ``container`` restricts the target, ``source`` hints its view."""

    type: Literal["direct"] = "direct"
    container: ContainerReference | None = None
    source: ViewReference | None = None


class EnumValue(SchemaModel):
    name: str | None = None
    description: str | None = None


class EnumType(SchemaModel):
    _always_dump = ("type",)
    type: Literal["enum"] = "enum"
    values: dict[str, EnumValue]
    unknown_value: str | None = None


class UnknownPropertyType(SchemaModel):
    """A property type this client does not know yet (kept as given)."""

    type: str


_PROPERTY_TYPES: dict[str, type[SchemaModel]] = {
    "text": TextType,
    "boolean": BooleanType,
    "int32": Int32Type,
    "int64": Int64Type,
    "float32": Float32Type,
    "float64": Float64Type,
    "timestamp": TimestampType,
    "date": DateType,
    "json": JSONType,
    "timeseries": TimeSeriesReferenceType,
    "file": FileReferenceType,
    "sequence": SequenceReferenceType,
    "direct": DirectRelationType,
    "enum": EnumType,
}

PropertyType = Annotated[
    Annotated[TextType, Tag("text")]
    | Annotated[BooleanType, Tag("boolean")]
    | Annotated[Int32Type, Tag("int32")]
    | Annotated[Int64Type, Tag("int64")]
    | Annotated[Float32Type, Tag("float32")]
    | Annotated[Float64Type, Tag("float64")]
    | Annotated[TimestampType, Tag("timestamp")]
    | Annotated[DateType, Tag("date")]
    | Annotated[JSONType, Tag("json")]
    | Annotated[TimeSeriesReferenceType, Tag("timeseries")]
    | Annotated[FileReferenceType, Tag("file")]
    | Annotated[SequenceReferenceType, Tag("sequence")]
    | Annotated[DirectRelationType, Tag("direct")]
    | Annotated[EnumType, Tag("enum")]
    | Annotated[UnknownPropertyType, Tag("unknown")],
    Discriminator(tagger("type", _PROPERTY_TYPES)),
]


class ConstraintState(SchemaModel):
    """Read only: the state of the property's constraints (``current``/``pending``/``failed``)."""

    nullability: str | None = None
    max_list_size: str | None = None
    max_text_size: str | None = None


class ContainerPropertyApply(SchemaModel):
    """A container property in the write form."""

    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None


class ContainerProperty(SchemaModel):
    """A container property as read (adds ``constraintState``)."""

    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None
    constraint_state: ConstraintState | None = None

    def as_write(self) -> ContainerPropertyApply:
        data = self.dump()
        data.pop("constraintState", None)
        return ContainerPropertyApply.model_validate(data)


class UniquenessConstraint(SchemaModel):
    _always_dump = ("constraint_type",)
    constraint_type: Literal["uniqueness"] = "uniqueness"
    properties: list[str]
    by_space: bool | None = None
    state: str | None = None


class RequiresConstraint(SchemaModel):
    _always_dump = ("constraint_type",)
    constraint_type: Literal["requires"] = "requires"
    require: ContainerReference
    state: str | None = None


class UnknownConstraint(SchemaModel):
    constraint_type: str


Constraint = Annotated[
    Annotated[UniquenessConstraint, Tag("uniqueness")]
    | Annotated[RequiresConstraint, Tag("requires")]
    | Annotated[UnknownConstraint, Tag("unknown")],
    Discriminator(
        tagger("constraintType", {"uniqueness": UniquenessConstraint, "requires": RequiresConstraint})
    ),
]


class BTreeIndex(SchemaModel):
    _always_dump = ("index_type",)
    index_type: Literal["btree"] = "btree"
    properties: list[str]
    cursorable: bool | None = None
    by_space: bool | None = None
    state: str | None = None


class InvertedIndex(SchemaModel):
    _always_dump = ("index_type",)
    index_type: Literal["inverted"] = "inverted"
    properties: list[str]
    state: str | None = None


class UnknownIndex(SchemaModel):
    index_type: str


Index = Annotated[
    Annotated[BTreeIndex, Tag("btree")]
    | Annotated[InvertedIndex, Tag("inverted")]
    | Annotated[UnknownIndex, Tag("unknown")],
    Discriminator(tagger("indexType", {"btree": BTreeIndex, "inverted": InvertedIndex})),
]
