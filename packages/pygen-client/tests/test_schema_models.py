"""Schema models built in Python: every property type, write forms, unknown fields, absent vs null."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from pygen_client import ContainerId, DataModelId, SpaceId, ViewId
from pygen_client.schema import (
    BooleanType,
    BTreeIndex,
    Container,
    ContainerApply,
    ContainerPropertyApply,
    ContainerReference,
    DataModel,
    DataModelApply,
    DateType,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    EnumValue,
    FileReferenceType,
    Float32Type,
    Float64Type,
    Int32Type,
    Int64Type,
    InvertedIndex,
    JSONType,
    MappedProperty,
    MappedPropertyApply,
    NodeReference,
    PropertyType,
    RequiresConstraint,
    ReverseDirectRelation,
    SequenceReferenceType,
    Space,
    TextType,
    ThroughReference,
    TimeSeriesReferenceType,
    TimestampType,
    UniquenessConstraint,
    Unit,
    UnknownConstraint,
    UnknownPropertyType,
    UnknownViewProperty,
    View,
    ViewApply,
    ViewReference,
)

PROPERTY_TYPES = TypeAdapter(PropertyType)


@pytest.mark.parametrize(
    ("raw", "cls"),
    [
        ({"type": "text", "list": False, "collation": "ucs_basic", "maxTextSize": 100}, TextType),
        ({"type": "text", "list": True, "maxListSize": 2000}, TextType),
        ({"type": "boolean", "list": False}, BooleanType),
        ({"type": "int32", "list": False}, Int32Type),
        ({"type": "int64", "list": True, "unit": {"externalId": "length:m"}}, Int64Type),
        (
            {
                "type": "float32",
                "list": False,
                "unit": {"externalId": "temperature:deg_c", "sourceUnit": "C"},
            },
            Float32Type,
        ),
        ({"type": "float64", "list": False}, Float64Type),
        ({"type": "timestamp", "list": False}, TimestampType),
        ({"type": "date", "list": True}, DateType),
        ({"type": "json", "list": False}, JSONType),
        ({"type": "timeseries", "list": False}, TimeSeriesReferenceType),
        ({"type": "file", "list": True}, FileReferenceType),
        ({"type": "sequence", "list": False}, SequenceReferenceType),
        (
            {
                "type": "direct",
                "list": True,
                "maxListSize": 100,
                "container": {"type": "container", "space": "s", "externalId": "C"},
                "source": {"type": "view", "space": "s", "externalId": "V", "version": "1"},
            },
            DirectRelationType,
        ),
        (
            {
                "type": "enum",
                "values": {"a": {"name": "A", "description": "x"}, "b": {}},
                "unknownValue": "a",
            },
            EnumType,
        ),
        ({"type": "vector", "dimensions": 3}, UnknownPropertyType),
    ],
)
def test_every_property_type_round_trips(raw: dict[str, Any], cls: type) -> None:
    parsed = PROPERTY_TYPES.validate_python(raw)
    assert type(parsed) is cls
    assert parsed.dump() == raw


def test_types_built_in_python_dump_their_discriminator() -> None:
    assert TextType().dump() == {"type": "text"}
    assert TextType(is_list=True, collation="en").dump() == {"type": "text", "list": True, "collation": "en"}
    assert Float64Type(unit=Unit(external_id="pressure:bar")).dump() == {
        "type": "float64",
        "unit": {"externalId": "pressure:bar"},
    }
    assert EnumType(values={"on": EnumValue(name="On")}).dump() == {
        "type": "enum",
        "values": {"on": {"name": "On"}},
    }
    assert DirectRelationType(container=ContainerReference(space="s", external_id="C")).dump() == {
        "type": "direct",
        "container": {"type": "container", "space": "s", "externalId": "C"},
    }


def test_container_write_form_with_constraints_and_indexes() -> None:
    container = ContainerApply(
        space="sp",
        external_id="Pump",
        used_for="node",
        properties={
            "name": ContainerPropertyApply(type=TextType(), nullable=False),
            "count": ContainerPropertyApply(type=Int64Type(), auto_increment=True),
            "note": ContainerPropertyApply(type=TextType(), default_value=None),
        },
        constraints={
            "unique": UniquenessConstraint(properties=["name"], by_space=True),
            "req": RequiresConstraint(require=ContainerReference(space="sp", external_id="Base")),
        },
        indexes={
            "byName": BTreeIndex(properties=["name"], cursorable=True),
            "tags": InvertedIndex(properties=["name"]),
        },
    )
    assert container.dump() == {
        "space": "sp",
        "externalId": "Pump",
        "usedFor": "node",
        "properties": {
            "name": {"type": {"type": "text"}, "nullable": False},
            "count": {"type": {"type": "int64"}, "autoIncrement": True},
            "note": {
                "type": {"type": "text"},
                "defaultValue": None,
            },  # null given is kept; absent stays absent
        },
        "constraints": {
            "unique": {"constraintType": "uniqueness", "properties": ["name"], "bySpace": True},
            "req": {
                "constraintType": "requires",
                "require": {"type": "container", "space": "sp", "externalId": "Base"},
            },
        },
        "indexes": {
            "byName": {"indexType": "btree", "properties": ["name"], "cursorable": True},
            "tags": {"indexType": "inverted", "properties": ["name"]},
        },
    }
    assert container.as_id() == ContainerId("sp", "Pump")


def test_container_read_to_write_drops_read_only_fields() -> None:
    raw = {
        "space": "sp",
        "externalId": "C",
        "properties": {"p": {"type": {"type": "text", "list": False}, "nullable": True, "autoIncrement": False,
                             "immutable": False, "constraintState": {"nullability": "current"}}},
        "constraints": {"u": {"constraintType": "uniqueness", "properties": ["p"], "state": "current"}},
        "indexes": {"i": {"indexType": "btree", "properties": ["p"], "cursorable": False, "state": "pending"}},
        "isGlobal": False,
        "usedFor": "node",
        "createdTime": 1,
        "lastUpdatedTime": 2,
    }  # fmt: skip
    write = Container.model_validate(raw).as_write().dump()
    assert "isGlobal" not in write
    assert "constraintState" not in write["properties"]["p"]
    assert "state" not in write["constraints"]["u"]
    assert "state" not in write["indexes"]["i"]


def test_unknown_fields_and_kinds_are_tolerated() -> None:
    raw = {
        "space": "sp",
        "externalId": "C",
        "properties": {"p": {"type": {"type": "text", "list": False, "newFlag": 1}, "futureField": "x"}},
        "constraints": {"c": {"constraintType": "someday", "x": 1}},
        "brandNew": {"nested": True},
    }
    container = Container.model_validate(raw)
    assert container.dump() == raw
    assert isinstance(container.constraints and container.constraints["c"], UnknownConstraint)


def test_view_property_kinds() -> None:
    raw_props: dict[str, Any] = {
        "name": {
            "container": {"type": "container", "space": "s", "externalId": "C"},
            "containerPropertyIdentifier": "name",
            "type": {"type": "direct", "list": False, "source": {"type": "view", "space": "s", "externalId": "V", "version": "1"}},
            "nullable": True,
            "immutable": False,
            "autoIncrement": False,
        },
        "out": {
            "connectionType": "single_edge_connection",
            "type": {"space": "s", "externalId": "t"},
            "source": {"type": "view", "space": "s", "externalId": "V", "version": "1"},
            "edgeSource": {"type": "view", "space": "s", "externalId": "E", "version": "1"},
            "direction": "inwards",
        },
        "rev": {
            "connectionType": "multi_reverse_direct_relation",
            "source": {"type": "view", "space": "s", "externalId": "V", "version": "1"},
            "through": {"source": {"type": "container", "space": "s", "externalId": "C"}, "identifier": "name"},
            "targetsList": False,
        },
        "revView": {
            "connectionType": "single_reverse_direct_relation",
            "source": {"type": "view", "space": "s", "externalId": "V", "version": "1"},
            "through": {"source": {"type": "view", "space": "s", "externalId": "V", "version": "1"}, "identifier": "x"},
        },
        "strange": {"connectionType": "hyper_edge", "x": 1},
    }  # fmt: skip
    raw = {"space": "s", "externalId": "V", "version": "1", "properties": raw_props,
           "filter": {"hasData": [{"type": "container", "space": "s", "externalId": "C"}]},
           "implements": [{"type": "view", "space": "s", "externalId": "Base", "version": "1"}]}  # fmt: skip
    view = View.model_validate(raw)
    assert view.dump() == raw
    props = view.properties
    assert isinstance(props["name"], MappedProperty)
    assert isinstance(props["out"], EdgeConnection)
    assert props["out"].direction == "inwards"
    assert isinstance(props["rev"], ReverseDirectRelation)
    assert isinstance(props["rev"].through.source, ContainerReference)
    rev_view = props["revView"]
    assert isinstance(rev_view, ReverseDirectRelation)
    assert isinstance(rev_view.through.source, ViewReference)
    assert isinstance(props["strange"], UnknownViewProperty)
    write = view.as_write()
    assert isinstance(write, ViewApply)
    name = (write.properties or {})["name"]
    assert isinstance(name, MappedPropertyApply)
    assert name.source == ViewReference(space="s", external_id="V", version="1")
    assert write.dump()["implements"] == raw["implements"]
    assert write.as_id() == ViewId("s", "V", "1")


def test_view_write_form_built_in_python() -> None:
    view = ViewApply(
        space="s",
        external_id="Pump",
        version="v1",
        implements=[ViewReference(space="s", external_id="Asset", version="v1")],
        properties={
            "name": MappedPropertyApply(container=ContainerReference(space="s", external_id="C"), container_property_identifier="n"),
            "parts": EdgeConnection(type=NodeReference(space="s", external_id="Pump.parts"), source=ViewReference(space="s", external_id="Part", version="v1")),
            "owner": ReverseDirectRelation(
                connection_type="single_reverse_direct_relation",
                source=ViewReference(space="s", external_id="Owner", version="v1"),
                through=ThroughReference(source=ViewReference(space="s", external_id="Owner", version="v1"), identifier="pump"),
            ),
        },
    )  # fmt: skip
    dumped = view.dump()
    assert dumped["properties"]["parts"] == {
        "type": {"space": "s", "externalId": "Pump.parts"},
        "source": {"type": "view", "space": "s", "externalId": "Part", "version": "v1"},
    }
    assert ViewApply.model_validate(dumped).dump() == dumped


def test_data_model_views_may_be_references_or_inline() -> None:
    reference = {"type": "view", "space": "s", "externalId": "A", "version": "1"}
    inline = {"space": "s", "externalId": "B", "version": "1", "properties": {}}
    model = DataModelApply.model_validate(
        {"space": "s", "externalId": "M", "version": "1", "views": [reference, inline]}
    )
    assert isinstance((model.views or [])[0], ViewReference)
    assert isinstance((model.views or [])[1], ViewApply)
    read = DataModel.model_validate(
        {"space": "s", "externalId": "M", "version": "1", "views": [reference, inline], "isGlobal": False}
    )
    assert read.view_ids() == [ViewId("s", "A", "1"), ViewId("s", "B", "1")]
    assert read.as_write().dump()["views"] == [
        reference,
        {"type": "view", "space": "s", "externalId": "B", "version": "1"},
    ]
    assert read.as_id() == DataModelId("s", "M", "1")


def test_space_and_ids() -> None:
    space = Space.model_validate(
        {"space": "s", "isGlobal": False, "createdTime": 1, "lastUpdatedTime": 1, "name": None}
    )
    assert space.as_write().dump() == {"space": "s", "name": None}
    assert space.as_id() == SpaceId("s")
    assert ViewId("s", "v").dump(include_type=True) == {"space": "s", "externalId": "v", "type": "view"}
    assert ViewId.load({"space": "s", "externalId": "v", "version": "2"}) == ViewId("s", "v", "2")
    assert ContainerId("s", "c").dump(include_type=True) == {
        "space": "s",
        "externalId": "c",
        "type": "container",
    }
    with pytest.raises(ValueError, match="ContainerId needs 'externalId'"):
        ContainerId.load({"space": "s"})


def test_invalid_input_names_the_field() -> None:
    with pytest.raises(ValidationError, match="externalId"):
        ContainerApply.model_validate({"space": "s", "properties": {}})
