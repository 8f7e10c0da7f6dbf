"""Schema apply/retrieve/list/delete through the official cognite-sdk, unmodified."""

from __future__ import annotations

import pytest
from cognite.client import CogniteClient
from cognite.client.data_classes.data_modeling import (
    ContainerApply,
    ContainerId,
    DataModelApply,
    DataModelId,
    DirectRelation,
    DirectRelationReference,
    Float64,
    MappedPropertyApply,
    MultiEdgeConnectionApply,
    SpaceApply,
    Text,
    ViewApply,
    ViewId,
)
from cognite.client.data_classes.data_modeling.containers import ContainerProperty
from cognite.client.data_classes.data_modeling.ids import PropertyId
from cognite.client.data_classes.data_modeling.views import MultiReverseDirectRelationApply
from cognite.client.exceptions import CogniteAPIError

SPACE = "sdk_space"
PUMP_C = ContainerId(SPACE, "Pump")
PUMP_V = ViewId(SPACE, "Pump", "v1")
EQUIP_V = ViewId(SPACE, "Equipment", "v1")


def _deploy(client: CogniteClient) -> None:
    client.data_modeling.spaces.apply(SpaceApply(SPACE, name="SDK space", description="made by cognite-sdk"))
    client.data_modeling.containers.apply(
        ContainerApply(
            SPACE,
            "Pump",
            properties={
                "name": ContainerProperty(Text(), nullable=False),
                "power": ContainerProperty(Float64(), nullable=True),
                "parent": ContainerProperty(DirectRelation()),
            },
        )
    )
    equipment = ViewApply(SPACE, "Equipment", "v1", properties={"name": MappedPropertyApply(PUMP_C, "name")})
    pump = ViewApply(
        SPACE,
        "Pump",
        "v1",
        implements=[EQUIP_V],
        properties={
            "power": MappedPropertyApply(PUMP_C, "power"),
            "parent": MappedPropertyApply(PUMP_C, "parent", source=PUMP_V),
            "children": MultiReverseDirectRelationApply(PUMP_V, PropertyId(PUMP_V, "parent")),
            "feeds": MultiEdgeConnectionApply(type=DirectRelationReference(SPACE, "feeds"), source=PUMP_V),
        },
    )
    client.data_modeling.views.apply([equipment, pump])
    client.data_modeling.data_models.apply(DataModelApply(SPACE, "Plant", "1", views=[EQUIP_V, PUMP_V]))


def test_apply_retrieve_list_delete(cognite_client: CogniteClient) -> None:
    dm = cognite_client.data_modeling
    _deploy(cognite_client)

    space = dm.spaces.retrieve(SPACE)
    assert space is not None
    assert space.name == "SDK space"
    assert [s.space for s in dm.spaces.list(limit=-1)] == [SPACE]

    container = dm.containers.retrieve(PUMP_C)
    assert container is not None
    assert set(container.properties) == {"name", "power", "parent"}
    assert container.properties["name"].nullable is False
    assert [c.external_id for c in dm.containers.list(space=SPACE, limit=-1)] == ["Pump"]

    pump = dm.views.retrieve(PUMP_V)[0]
    assert set(pump.properties) == {"name", "power", "parent", "children", "feeds"}
    assert pump.implements == [EQUIP_V]
    assert pump.writable is True
    assert pump.used_for == "node"
    assert pump.referenced_containers() == {PUMP_C}
    parent = pump.properties["parent"]
    assert parent.source == PUMP_V  # type: ignore[union-attr]
    assert {v.external_id for v in dm.views.list(space=SPACE, limit=-1)} == {"Pump", "Equipment"}
    assert dm.views.retrieve(EQUIP_V)[0].writable is True  # it maps the only required property

    model = dm.data_models.retrieve(DataModelId(SPACE, "Plant", "1"), inline_views=True)[0]
    assert {v.as_id() for v in model.views} == {EQUIP_V, PUMP_V}
    assert [m.external_id for m in dm.data_models.list(limit=-1)] == ["Plant"]

    assert dm.data_models.delete(DataModelId(SPACE, "Plant", "1")) == [DataModelId(SPACE, "Plant", "1")]
    assert set(dm.views.delete([PUMP_V, EQUIP_V])) == {PUMP_V, EQUIP_V}
    assert dm.containers.delete(PUMP_C) == [PUMP_C]
    assert dm.spaces.delete(SPACE) == [SPACE]
    assert dm.spaces.list(limit=-1).dump() == []


def test_missing_ids_are_omitted(cognite_client: CogniteClient) -> None:
    dm = cognite_client.data_modeling
    assert dm.spaces.retrieve("nope") is None
    assert dm.containers.retrieve(ContainerId("nope", "Nope")) is None
    assert len(dm.views.retrieve(ViewId("nope", "Nope", "1"))) == 0
    assert dm.spaces.delete("nope") == []


def test_errors_reach_the_sdk_as_cognite_api_errors(cognite_client: CogniteClient) -> None:
    with pytest.raises(CogniteAPIError) as info:
        cognite_client.data_modeling.containers.apply(
            ContainerApply("ghost_space", "Thing", properties={"p": ContainerProperty(Text())})
        )
    assert info.value.code == 400
    assert "One or more spaces do not exist" in info.value.message
    assert info.value.x_request_id


def test_list_options_through_the_sdk(cognite_client: CogniteClient) -> None:
    dm = cognite_client.data_modeling
    _deploy(cognite_client)
    dm.views.apply(
        ViewApply(SPACE, "Equipment", "v2", properties={"name": MappedPropertyApply(PUMP_C, "name")})
    )

    own = dm.views.list(space=SPACE, include_inherited_properties=False, limit=-1)
    pump = next(v for v in own if v.external_id == "Pump")
    assert "name" not in pump.properties
    assert {(v.external_id, v.version) for v in dm.views.list(space=SPACE, limit=-1)} == {
        ("Pump", "v1"),
        ("Equipment", "v2"),
    }
    assert len(dm.views.list(space=SPACE, all_versions=True, limit=-1)) == 3
    assert len(dm.views.list(space="other", limit=-1)) == 0

    models = dm.data_models.list(inline_views=True, limit=-1)
    assert {v.external_id for v in models[0].views} == {"Pump", "Equipment"}
    assert len([c for c in dm.containers.list(include_global=True, limit=-1) if not c.is_global]) == 1
    assert len([s for s in dm.spaces.list(include_global=True, limit=-1) if not s.is_global]) == 1
    assert {s.space for s in dm.spaces.list(include_global=True, limit=-1) if s.is_global} == {
        "cdf_cdm",
        "cdf_cdm_3d",
    }


def test_sdk_pages_through_many_spaces(cognite_client: CogniteClient) -> None:
    dm = cognite_client.data_modeling
    dm.spaces.apply([SpaceApply(f"space_{i:03d}") for i in range(250)])
    assert len(dm.spaces.list(limit=-1)) == 250
    assert [s.space for s in dm.spaces.list(limit=5)] == [f"space_{i:03d}" for i in range(5)]
    assert len(dm.spaces.retrieve([f"space_{i:03d}" for i in range(150)])) == 150


def test_index_and_constraint_deletion_through_the_sdk(cognite_client: CogniteClient) -> None:
    from cognite.client.data_classes.data_modeling.containers import (
        BTreeIndexApply,
        UniquenessConstraintApply,
    )

    dm = cognite_client.data_modeling
    dm.spaces.apply(SpaceApply(SPACE))
    dm.containers.apply(
        ContainerApply(
            SPACE,
            "Pump",
            properties={"name": ContainerProperty(Text(), nullable=False)},
            constraints={"uniqueName": UniquenessConstraintApply(["name"])},
            indexes={"byName": BTreeIndexApply(["name"], cursorable=True)},
        )
    )
    container = dm.containers.retrieve(PUMP_C)
    assert container is not None
    assert set(container.constraints) == {"uniqueName"}
    assert set(container.indexes) == {"byName"}
    assert dm.containers.delete_indexes([(PUMP_C, "byName")]) == [(PUMP_C, "byName")]
    assert dm.containers.delete_constraints([(PUMP_C, "uniqueName")]) == [(PUMP_C, "uniqueName")]
    container = dm.containers.retrieve(PUMP_C)
    assert container is not None
    assert container.constraints == {}
    assert container.indexes == {}
