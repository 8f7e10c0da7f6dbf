"""How a generated view is declared: one Properties class, the view= keyword, aliases from the alias
generator (explicit only where the property id is not the camelCase of the field name), builders named by
their attribute, view APIs that take their classes from their generic arguments."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import AliasPath, Field
from runtime_fakes import (
    FakeDMS,
    Link,
    LinkAPI,
    LinkFields,
    LinkWrite,
    Thing,
    ThingAPI,
    ThingFields,
    ThingWrite,
    sync_client,
)

import pygen_client.plans
import pygen_runtime as rt
from pygen_runtime._parse import parse_items

GAUGE = rt.ViewId("sp", "Gauge", "3")
Unit = Literal["bar", "psi"]


class GaugeProperties(rt.Properties):
    max_value: float | None = None
    # A property id that is not the camelCase of the field name: the one place with an explicit alias.
    reading_2: float | None = Field(None, alias="reading2ndPass")
    unit: Unit | str | None = None
    serial: str


class GaugeWrite(rt.NodeWrite, GaugeProperties, view=GAUGE):
    unit: Unit | None = None


class Gauge(rt.Node, GaugeProperties, view=GAUGE):
    def as_write(self) -> GaugeWrite:
        return self._to_write(GaugeWrite)


class GaugeFields(rt.NodeFields, view=GAUGE):
    max_value = rt.FloatProperty()
    reading_2 = rt.FloatProperty("reading2ndPass")
    unit = rt.EnumProperty[Unit]()


def test_property_ids_come_from_the_alias_generator_or_the_explicit_alias() -> None:
    assert Gauge._property_ids == GaugeWrite._property_ids
    assert Gauge._property_ids == {
        "max_value": "maxValue",
        "reading_2": "reading2ndPass",
        "unit": "unit",
        "serial": "serial",
    }
    assert GaugeFields.max_value.ref == ("sp", "Gauge/3", "maxValue")
    assert GaugeFields.reading_2.ref == ("sp", "Gauge/3", "reading2ndPass")
    assert GaugeFields.space.ref == ("node", "space")


def test_write_and_read_use_the_property_ids_on_the_wire() -> None:
    write = GaugeWrite(space="s", external_id="g", serial="S1", reading_2=1.5, unit="bar")
    (source,) = write.dump()["sources"]
    assert source == {
        "source": GAUGE.dump(),
        "properties": {"serial": "S1", "reading2ndPass": 1.5, "unit": "bar"},
    }
    item = {
        "instanceType": "node",
        "space": "s",
        "externalId": "g",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {"sp": {"Gauge/3": {"serial": "S1", "reading2ndPass": 2.5, "unit": "kPa"}}},
    }
    (read,) = parse_items(Gauge, json.dumps({"items": [item]}).encode()).items
    assert (read.serial, read.reading_2, read.unit) == ("S1", 2.5, "kPa")  # an unknown enum value is kept
    assert read.as_write().dump()["sources"][0]["properties"] == {"serial": "S1", "reading2ndPass": 2.5}


def test_the_properties_class_is_shared_but_its_fields_are_not_aliased_to_one_view() -> None:
    # The read class sets validation aliases into the view's response shape on its own copies of the fields.
    assert not isinstance(GaugeProperties.model_fields["serial"].validation_alias, AliasPath)
    assert isinstance(Gauge.model_fields["serial"].validation_alias, AliasPath)
    assert GaugeWrite(space="s", external_id="g", serial="x").serial == "x"
    with pytest.raises(ValueError, match="Field required"):
        GaugeWrite(space="s", external_id="g")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unit"):
        GaugeWrite(space="s", external_id="g", serial="x", unit="kPa")  # type: ignore[arg-type]


def test_reprs_and_dumps_list_the_node_fields_first() -> None:
    write = GaugeWrite(space="s", external_id="g", serial="x")
    assert repr(write).startswith("GaugeWrite(space='s', external_id='g',")
    read = Gauge(space="s", external_id="g", version=1, created_time=0, last_updated_time=0, serial="x")  # type: ignore[arg-type]
    assert list(read.dump())[:2] == ["space", "external_id"]


def test_a_read_or_write_class_with_properties_needs_a_view() -> None:
    with pytest.raises(TypeError, match="NoViewWrite has view properties but no view: declare it with view="):

        class NoViewWrite(rt.NodeWrite, GaugeProperties):
            """Forgot view=."""

    with pytest.raises(TypeError, match="NoView has view properties but no view"):

        class NoView(rt.Node, GaugeProperties):
            """Forgot view=."""

    class CustomGauge(Gauge):  # a user's subclass keeps its parent's view
        def label(self) -> str:
            return f"{self.serial} ({self.unit})"

    assert CustomGauge._view_id == GAUGE


def test_a_fields_class_without_a_view_cannot_bind_its_builders() -> None:
    class Orphan(rt.NodeFields):
        name = rt.TextProperty()

    with pytest.raises(
        TypeError, match=r"Orphan has no view: declare it as class Orphan\(\.\.\., view=VIEW_ID\)"
    ):
        _ = Orphan.name


def test_ranges_have_shorthands() -> None:
    ref = ["sp", "Gauge/3", "maxValue"]
    assert GaugeFields.max_value.gt(1.0).dump() == {"range": {"property": ref, "gt": 1.0}}
    assert GaugeFields.max_value.gte(1.0).dump() == {"range": {"property": ref, "gte": 1.0}}
    assert GaugeFields.max_value.lt(1.0).dump() == {"range": {"property": ref, "lt": 1.0}}
    assert GaugeFields.max_value.lte(1.0).dump() == {"range": {"property": ref, "lte": 1.0}}
    assert GaugeFields.max_value.gte(1.0) & GaugeFields.max_value.lt(2.0) == rt.And(
        (GaugeFields.max_value.range(gte=1.0), GaugeFields.max_value.range(lt=2.0))
    )


def test_view_apis_take_their_classes_from_the_generic_arguments() -> None:
    with sync_client(FakeDMS()) as client:
        api = ThingAPI(client)
        assert api.fields is ThingFields
        assert ThingAPI._read_cls is Thing
        assert ThingAPI._write_cls is ThingWrite
        assert LinkAPI(client).fields is LinkFields


def test_view_apis_reject_classes_of_another_view() -> None:
    with pytest.raises(TypeError, match="GaugeWrite is not the write class of Thing's view"):

        class Mixed(rt.ViewAPI[Thing, GaugeWrite, ThingFields]):
            """Wrong write class."""

    with pytest.raises(TypeError, match="ThingFields is not the fields class of Link's view"):

        class Mixed2(rt.ViewAPI[Link, LinkWrite, ThingFields]):
            """Wrong fields class."""

    with pytest.raises(TypeError, match="Node is not a read class with a view"):

        class Plain(rt.ViewAPI[rt.Node, rt.NodeWrite, rt.NodeFields]):
            """The plain node classes have no view."""


def test_a_view_api_without_its_classes_cannot_be_created() -> None:
    with (
        sync_client(FakeDMS()) as client,
        pytest.raises(TypeError, match=r"subclass ViewAPI\[Read, Write, Fields\]"),
    ):
        rt.ViewAPI(client)


def test_the_default_concurrency_is_defined_once() -> None:
    assert rt.DEFAULT_CONCURRENCY is pygen_client.plans.DEFAULT_CONCURRENCY
    assert rt.WRITE_CHUNK_SIZE == 1000
    with sync_client(FakeDMS()) as client:
        assert ThingAPI(client)._max_workers == rt.DEFAULT_CONCURRENCY


def test_aggregate_sends_search_properties_and_checks_the_limit() -> None:
    fake = FakeDMS()
    fake.on("/models/instances/aggregate", lambda body: {"items": []})
    with sync_client(fake) as client:
        api = ThingAPI(client)
        api.aggregate(rt.count(), query="pump", search_properties=[ThingFields.name, "size"])
        with pytest.raises(ValueError, match="limit must be an int between 1 and 1000 or None, got 0"):
            api.aggregate(rt.count(), limit=0)
    (body,) = fake.bodies("/models/instances/aggregate")
    assert body["properties"] == ["name", "size"]
    assert body["limit"] == 1000
