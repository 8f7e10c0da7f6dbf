"""Connections without a server: declarations, NOT_FETCHED, edge ids, flattening of nested writes, and the
checks that run before any request (include, hops, sync arguments)."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone
from typing import Any

import pytest
from connection_model import (
    BLADE,
    HAS_SENSOR,
    PRIMARY,
    SPACE,
    Blade,
    BladeAPI,
    BladeFields,
    BladeWrite,
    MountFields,
    MountProperties,
    MountWrite,
    Sensor,
    SensorAPI,
    SensorFields,
    SensorWrite,
    Turbine,
    TurbineAPI,
    TurbineFields,
    TurbineWrite,
)

import pygen_runtime as rt
from pygen_runtime._connections import fnv1a64
from pygen_runtime._flatten import flatten

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def sid(external_id: str) -> rt.InstanceId:
    return rt.InstanceId(SPACE, external_id)


class NoNetwork:
    """A client that fails the test if anything is sent: these checks run before any request."""

    def request(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unexpected request {args}")


def test_fnv1a64_and_edge_external_id_match_the_typescript_runtime() -> None:
    assert fnv1a64("") == "cbf29ce484222325"
    assert fnv1a64("a") == "af63dc4c8601ec8c"
    assert fnv1a64("foobar") == "85944171f73967e8"
    assert rt.edge_external_id(sid("a"), HAS_SENSOR, sid("b")) == "a:hasSensor:b"
    full = f"{'x' * 200}:hasSensor:{'y' * 100}"
    long = rt.edge_external_id(sid("x" * 200), HAS_SENSOR, sid("y" * 100))
    assert long == f"{full[:238]}:{fnv1a64(full)}"
    assert len(long) == 255
    assert rt.edge_external_id(sid("x" * 200), HAS_SENSOR, sid("y" * 99 + "z")) != long


def test_not_fetched_is_a_falsy_singleton_left_out_of_dump() -> None:
    assert rt.NotFetched() is rt.NOT_FETCHED
    assert not rt.NOT_FETCHED
    assert repr(rt.NOT_FETCHED) == "NOT_FETCHED"
    assert pickle.loads(pickle.dumps(rt.NOT_FETCHED)) is rt.NOT_FETCHED
    blade = Blade(space=SPACE, external_id="b", version=1, created_time=NOW, last_updated_time=NOW)
    assert blade.sensors is rt.NOT_FETCHED
    assert blade.primary is rt.NOT_FETCHED
    assert "sensors" not in blade.dump()
    assert set(Blade._connection_names) == {"sensors", "primary"}
    assert "sensors" not in Blade._property_ids
    assert set(BladeWrite._connection_names) == {"sensors", "primary"}
    assert "sensors" not in BladeWrite._property_ids


def test_fetched_connections_are_dumped_and_as_write_leaves_them_out() -> None:
    sensor = Sensor(
        space=SPACE, external_id="s", version=1, created_time=NOW, last_updated_time=NOW, label="S"
    )
    blade = Blade(space=SPACE, external_id="b", version=1, created_time=NOW, last_updated_time=NOW)
    blade.primary = sensor
    dumped = blade.dump()
    assert dumped["primary"]["label"] == "S"
    assert "sensors" not in dumped
    write = blade._to_write(BladeWrite)
    assert write.model_fields_set == {"space", "external_id"}


def test_connection_descriptors_bind_to_the_fields_class_they_are_read_from() -> None:
    assert BladeFields.sensors.owner is BladeFields
    assert BladeFields.sensors.label == "Blade.sensors"
    assert BladeFields.sensors.type == HAS_SENSOR
    assert SensorFields.blades.direction == "inwards"
    assert repr(TurbineFields.blades) == "ReverseConnection(Turbine.blades)"
    with pytest.raises(ValueError, match="direction"):
        rt.EdgeConnection(HAS_SENSOR, "sideways", target=lambda: SensorAPI)  # type: ignore[arg-type]


def test_flatten_nodes_depth_first_then_edges_in_both_directions() -> None:
    sensor = SensorWrite(
        space=SPACE,
        external_id="s",
        blades=[
            BladeWrite(space=SPACE, external_id="b", turbine=TurbineWrite(space=SPACE, external_id="t")),
            sid("b2"),
        ],
    )
    flat = flatten([sensor])
    assert [(type(i).__name__, i.external_id) for i in flat] == [
        ("SensorWrite", "s"),
        ("BladeWrite", "b"),
        ("TurbineWrite", "t"),
        ("EdgeWrite", "b:hasSensor:s"),
        ("EdgeWrite", "b2:hasSensor:s"),
    ]
    edge = flat[3]
    assert isinstance(edge, rt.EdgeWrite)
    assert (edge.start_node, edge.type, edge.end_node) == (sid("b"), HAS_SENSOR, sid("s"))  # inwards: swapped
    blade = flat[1]
    assert isinstance(blade, BladeWrite)
    assert blade.turbine == sid("t")  # the nested write became its id
    assert sensor.blades is not None  # the caller's object is left as it was
    assert isinstance(sensor.blades[0], BladeWrite)


def test_flatten_edges_with_properties_overrides_and_plain_items() -> None:
    blade = BladeWrite(
        space=SPACE,
        external_id="b",
        sensors=[
            rt.ConnectionEdgeWrite(sid("s"), MountProperties(weight=2.0), space="other", external_id="m1")
        ],
        primary=("sp", "s2"),
    )
    flat = flatten([blade], lambda s, t, e: f"{t.external_id}/{e.external_id}")
    mount, primary = flat[1], flat[2]
    assert isinstance(mount, MountWrite)
    assert (mount.space, mount.external_id, mount.weight) == ("other", "m1", 2.0)
    assert mount.dump()["sources"][0]["properties"] == {"weight": 2.0}
    assert (primary.space, primary.external_id) == (SPACE, "primary/s2")
    assert isinstance(primary, rt.EdgeWrite)
    assert primary.type == PRIMARY
    plain = [TurbineWrite(space=SPACE, external_id="t")]
    assert flatten(plain) == plain


def test_flatten_rejects_what_it_cannot_write() -> None:
    # (construction rejects it already; model_construct skips validation, as a mutated object would)
    unchecked = BladeWrite.model_construct(
        space=SPACE, external_id="b", primary=rt.ConnectionEdgeWrite(sid("s"), MountProperties(weight=1.0))
    )
    with pytest.raises(ValueError, match="has no edge view"):
        flatten([unchecked])
    with pytest.raises(TypeError, match="edge_external_id returned"):
        flatten([BladeWrite(space=SPACE, external_id="b", primary=sid("s"))], lambda s, t, e: 1)  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="properties: expected"):
        rt.ConnectionEdgeWrite(sid("s"), {"weight": 1})  # type: ignore[arg-type]

    class Orphan(rt.NodeWrite, view=BLADE):  # a write class no view API names: its connections are unknown
        sensors: list[rt.DirectRelation] | None = rt.connection_field()

    with pytest.raises(TypeError, match=r"items\[0\]\.sensors: Orphan has no edge connection"):
        flatten([Orphan(space=SPACE, external_id="o", sensors=[sid("s")])])


def test_include_is_checked_before_any_request() -> None:
    api = BladeAPI(NoNetwork())
    with pytest.raises(TypeError, match="not a connection of Blade"):
        api.retrieve(sid("b"), include={TurbineFields.blades: True})
    with pytest.raises(TypeError, match=r"expected True, 'ids' or rt\.Include"):
        api.list(include={BladeFields.sensors: 1})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="property without a target view"):
        api.list(include={BladeFields.name: True})
    with pytest.raises(TypeError, match="expected a dict"):
        api.list(include=[BladeFields.sensors])  # type: ignore[arg-type]
    with pytest.raises(rt.TraversalError, match=r"hop 1 \(Blade\.turbine\): edge_filter applies to edge"):
        api.list(include={BladeFields.turbine: rt.Include(edge_filter=MountFields.weight.gt(1))})
    too_many = [SensorFields.label.asc()] * 6
    with pytest.raises(rt.TraversalError, match=r"hop 2 \(Sensor\.blades\): sort has 6 entries"):
        api.iterate(
            include={
                BladeFields.sensors: rt.Include(include={SensorFields.blades: rt.Include(sort=too_many)})
            }
        )


def test_a_query_is_lazy_and_immutable() -> None:
    api = TurbineAPI(NoNetwork())
    roots = api.query(filter=TurbineFields.name.prefix("WT"))
    deeper = roots.follow(TurbineFields.blades).follow(BladeFields.sensors).follow(SensorFields.blades)
    for _ in range(50):  # depth costs nothing until a terminal runs
        deeper = deeper.follow(BladeFields.sensors).follow(SensorFields.blades)
    assert roots._hops == ()
    assert len(deeper._hops) == 103
    assert "Turbine.blades → Blade.sensors" in repr(deeper)
    with pytest.raises(rt.TraversalError, match=r"hop 1 \(Turbine\.blades\): limit must be"):
        api.query().follow(TurbineFields.blades, limit=-1)
    with pytest.raises(ValueError, match="query limit"):
        api.query(limit=-2)


def test_sync_arguments_are_checked_when_the_feed_is_made() -> None:
    api = SensorAPI(NoNetwork())
    with pytest.raises(ValueError, match="page_size must be an int from 1 to 2000"):
        api.sync(page_size=0)
    with pytest.raises(TypeError, match="cursor must be a string"):
        api.sync(cursor=5)  # type: ignore[arg-type]


def test_edges_takes_edge_connections_only() -> None:
    with pytest.raises(TypeError, match="not an edge connection"):
        TurbineAPI(NoNetwork()).edges(TurbineFields.blades, from_=sid("t"))  # type: ignore[arg-type]


def test_read_classes_keep_turbine_typed_fields() -> None:
    turbine = Turbine(space=SPACE, external_id="t", version=1, created_time=NOW, last_updated_time=NOW)
    assert turbine.blades is rt.NOT_FETCHED


class Early(rt.Node, view=rt.ViewId(SPACE, "Early", "1")):
    # `Later` is not defined yet, as when view modules import each other: pydantic finishes the class on
    # first use, and the property keeps its wire path.
    other: rt.InstanceId | Later | None = None
    name: str | None = None


class Later(rt.Node, view=rt.ViewId(SPACE, "Later", "1")):
    label: str | None = None


def test_a_property_typed_with_a_class_defined_later_keeps_its_wire_path() -> None:
    raw = {
        "space": SPACE,
        "externalId": "e",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {SPACE: {"Early/1": {"other": {"space": SPACE, "externalId": "l"}, "name": "n"}}},
    }
    early = Early.model_validate(raw)
    assert early.other == sid("l")
    assert early.name == "n"


class PlainProperties(rt.Properties):
    turbine: rt.DirectRelation | None = None


class PlainWrite(rt.NodeWrite, PlainProperties, view=rt.ViewId(SPACE, "Plain", "1")): ...


class Plain(rt.Node, PlainProperties, view=rt.ViewId(SPACE, "Plain", "1")): ...


class PlainFields(rt.NodeFields, view=rt.ViewId(SPACE, "Plain", "1")):
    turbine = rt.DirectRelationProperty(source=lambda: TurbineAPI)


class PlainAPI(rt.ViewAPI[Plain, PlainWrite, PlainFields]): ...


def test_a_direct_relation_typed_as_an_id_is_followed_not_expanded_in_place() -> None:
    api = PlainAPI(NoNetwork())
    with pytest.raises(TypeError, match=r"Plain\.turbine is declared as an id on Plain"):
        api.list(include={PlainFields.turbine: True})
    with pytest.raises(TypeError, match="declared as an id"):
        api.query().include({PlainFields.turbine: rt.Include()})
    assert api.query().follow(PlainFields.turbine)._hops[0].link.target is Turbine


def test_lazy_import_looks_attributes_up_when_used() -> None:
    lazy = rt.lazy_import("connection_model")
    assert lazy.BladeAPI is BladeAPI
    assert repr(lazy) == "lazy_import('connection_model')"
    # a class a module does not have (yet): "not defined yet" for pydantic, not an AttributeError
    with pytest.raises(NameError, match=r"connection_model\.NotYet is not defined yet"):
        _ = lazy.NotYet
    with pytest.raises(TypeError, match="module name"):
        rt.lazy_import("")


class Recorder:
    """A sync requester answering /query with one blade (the set ``answer_set``), recording the bodies."""

    def __init__(self, answer_set: str = "nodes_1") -> None:
        self.bodies: list[tuple[str, Any]] = []
        self.answer_set = answer_set

    def request(self, method: str, path: str, *, json: Any = None, params: Any = None) -> Any:
        import httpx

        self.bodies.append((path, json))
        node = {"space": SPACE, "version": 1, "createdTime": 0, "lastUpdatedTime": 0, "instanceType": "node"}
        answer = {"items": {self.answer_set: [{**node, "externalId": "b1"}]}, "nextCursor": {}}
        return httpx.Response(200, json=answer, request=httpx.Request(method, f"http://x{path}"))


def test_ids_selects_nothing_but_the_instances() -> None:
    """One chained request: the roots, then the blades whose direct relation points at them (``through``
    inwards); only the last set is selected, and for ids() it selects nothing but the instances."""
    recorder = Recorder()
    found = (
        TurbineAPI(recorder).query().follow(TurbineFields.blades, filter=BladeFields.name.equals("B1")).ids()
    )
    assert found == [sid("b1")]
    [(path, body)] = recorder.bodies
    assert path == "/models/instances/query"
    assert body["select"] == {"nodes_1": {}}
    turbine = {"type": "view", "space": SPACE, "externalId": "Turbine", "version": "1"}
    blade = {"type": "view", "space": SPACE, "externalId": "Blade", "version": "1"}
    assert body["with"]["roots"] == {"nodes": {"filter": {"hasData": [turbine]}}, "limit": 10_000}
    assert body["with"]["nodes_1"] == {
        "nodes": {
            "from": "roots",
            "through": {"source": blade, "identifier": "turbine"},
            "direction": "inwards",
            "filter": {
                "and": [
                    {"hasData": [blade]},
                    {"equals": {"property": [SPACE, "Blade/1", "name"], "value": "B1"}},
                ]
            },
        },
        "limit": 10_000,
    }
    assert "cursors" not in body


def test_a_problem_in_a_nested_write_names_its_path_before_any_request() -> None:
    # model_construct skips validation, as a list mutated in place would: the upsert validates again
    bad = SensorWrite.model_construct(space=SPACE, external_id="s", position="high")
    blade = BladeWrite(space=SPACE, external_id="b", primary=sid("s0"))
    blade.primary = bad
    with pytest.raises(
        ValueError, match=r"items\[0\]\.primary \(SensorWrite conn_model:s\) is invalid: .*position"
    ):
        BladeAPI(NoNetwork()).upsert(blade)


def test_a_connection_is_bound_once_per_fields_class() -> None:
    assert BladeFields.sensors is BladeFields.sensors

    class DamagedBladeFields(BladeFields, view=rt.ViewId(SPACE, "DamagedBlade", "1")): ...

    inherited = DamagedBladeFields.sensors
    assert inherited is not BladeFields.sensors
    assert inherited.owner is DamagedBladeFields
    assert inherited.label == "DamagedBlade.sensors"


def test_a_connection_to_a_view_without_a_write_class_resolves() -> None:
    """A view CDF does not let you write has a generated API without a write class; a connection to it
    must still resolve (it failed with AttributeError: ... has no attribute '_write_cls')."""
    from pygen_runtime._connections import _api_classes

    class ReadOnlyAPI:
        _read_cls = rt.Node
        _fields_cls = rt.NodeFields

    read, write, fields = _api_classes(lambda: ReadOnlyAPI, "ReadOnly.target")
    assert (read, write, fields) == (rt.Node, None, rt.NodeFields)
