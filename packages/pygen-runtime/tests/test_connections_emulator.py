"""Connections against the emulator, sync and async (docs/connections.md): include on retrieve/list/iterate,
the query builder, edges of a connection, nested writes, change feeds. The inline model is in
connection_model.py."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from connection_model import (
    MODEL,
    PRIMARY,
    SPACE,
    AsyncBladeAPI,
    AsyncSensorAPI,
    AsyncTurbineAPI,
    Blade,
    BladeAPI,
    BladeFields,
    BladeWrite,
    MountFields,
    MountProperties,
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
from pygen_client import AsyncPygenClient, BadRequestError, PygenClient


class Apis:
    """The three view APIs, sync or async, and ``run`` that awaits/drains whatever they return."""

    def __init__(self, mode: str, client: Any) -> None:
        self.mode = mode
        sync = mode == "sync"
        self.turbine: Any = (TurbineAPI if sync else AsyncTurbineAPI)(client)
        self.blade: Any = (BladeAPI if sync else AsyncBladeAPI)(client)
        self.sensor: Any = (SensorAPI if sync else AsyncSensorAPI)(client)

    async def run(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            return await value
        if hasattr(value, "__aiter__"):
            return [x async for x in value]
        if isinstance(value, (Iterator, rt.InstanceIterator, rt.SyncFeed)):
            return list(value)
        return value


@pytest.fixture(params=["sync", "async"])
async def apis(request: pytest.FixtureRequest, emulator: Any) -> AsyncIterator[Apis]:
    emulator.load_model(MODEL)
    if request.param == "sync":
        with PygenClient(emulator.config) as client:
            yield Apis("sync", client)
    else:
        async with AsyncPygenClient(emulator.config) as aclient:
            yield Apis("async", aclient)


def sid(external_id: str) -> rt.InstanceId:
    return rt.InstanceId(SPACE, external_id)


async def small_world(apis: Apis) -> None:
    """Two turbines; three blades (b1, b2 on t1; b3 on t2, a spare for t1 and t2); four sensors; Mount
    edges b1->s1 (weight 1), b1->s2 (weight 5), b2->s3 (weight 2), b3->s1; primary edge b1->s2."""
    turbines = [
        TurbineWrite(space=SPACE, external_id=f"t{i}", name=f"WT-0{i}", capacity=i * 1.5) for i in (1, 2)
    ]
    sensors = [
        SensorWrite(space=SPACE, external_id=f"s{i}", label=f"S{i}", position=float(i * 10))
        for i in (1, 2, 3, 4)
    ]
    blades = [
        BladeWrite(
            space=SPACE,
            external_id="b1",
            name="B1",
            is_damaged=True,
            turbine=sid("t1"),
            sensors=[
                rt.ConnectionEdgeWrite(node=sid("s1"), properties=MountProperties(weight=1.0)),
                rt.ConnectionEdgeWrite(node=sid("s2"), properties=MountProperties(weight=5.0, note="heavy")),
            ],
            primary=sid("s2"),
        ),
        BladeWrite(
            space=SPACE,
            external_id="b2",
            name="B2",
            is_damaged=False,
            turbine=sid("t1"),
            sensors=[rt.ConnectionEdgeWrite(node=sid("s3"), properties=MountProperties(weight=2.0))],
        ),
        BladeWrite(
            space=SPACE,
            external_id="b3",
            name="B3",
            is_damaged=True,
            turbine=sid("t2"),
            spare_for=[sid("t1"), sid("t2")],
            sensors=[sid("s1")],
        ),
    ]
    await apis.run(apis.turbine.upsert([*turbines, *sensors]))
    await apis.run(apis.blade.upsert(blades))


def ids(items: Any) -> list[str]:
    return sorted(i.external_id for i in items)


async def test_not_fetched_unless_included_and_none_when_fetched_empty(apis: Apis) -> None:
    await small_world(apis)
    t1 = await apis.run(apis.turbine.retrieve(sid("t1")))
    assert t1.blades is rt.NOT_FETCHED
    assert not t1.blades
    assert "blades" not in t1.dump()
    s4 = await apis.run(apis.sensor.retrieve(sid("s4"), include={SensorFields.blades: True}))
    assert s4.blades == []
    b2 = await apis.run(apis.blade.retrieve(sid("b2"), include={BladeFields.primary: True}))
    assert b2.primary is None


async def test_include_on_retrieve_and_list_every_kind(apis: Apis) -> None:
    await small_world(apis)
    t1 = await apis.run(
        apis.turbine.retrieve(
            sid("t1"), include={TurbineFields.blades: True, TurbineFields.spare_blades: "ids"}
        )
    )
    assert isinstance(t1, Turbine)
    assert ids(t1.blades) == ["b1", "b2"]
    assert all(isinstance(b, Blade) for b in t1.blades)
    assert t1.spare_blades == [sid("b3")]  # through a list direct relation, as ids

    blades = await apis.run(
        apis.blade.list(
            include={
                BladeFields.sensors: True,
                BladeFields.primary: True,
                BladeFields.turbine: True,
            },
            sort=BladeFields.name.asc(),
        )
    )
    b1, b2, b3 = blades
    assert isinstance(b1.turbine, Turbine)
    assert b1.turbine.name == "WT-01"
    weights = {e.node.external_id: e.edge.weight for e in b1.sensors}
    assert weights == {"s1": 1.0, "s2": 5.0}
    assert all(isinstance(e, rt.ConnectionEdge) and isinstance(e.node, Sensor) for e in b1.sensors)
    assert isinstance(b1.primary, Sensor)
    assert b1.primary.external_id == "s2"
    assert [e.node.external_id for e in b2.sensors] == ["s3"]
    # b3's edge was written without properties: the Mount fields are empty, the node is there
    assert [e.node.external_id for e in b3.sensors] == ["s1"]
    assert b2.primary is None
    assert b3.primary is None


async def test_include_nested_two_levels_with_filters_and_inwards_edges(apis: Apis) -> None:
    await small_world(apis)
    turbines = await apis.run(
        apis.turbine.list(
            include={
                TurbineFields.blades: rt.Include(
                    filter=BladeFields.is_damaged.equals(True),
                    include={
                        BladeFields.sensors: rt.Include(
                            filter=SensorFields.position.gte(15), edge_filter=MountFields.weight.gt(0)
                        )
                    },
                )
            },
            sort=TurbineFields.name.asc(),
        )
    )
    t1, t2 = turbines
    assert ids(t1.blades) == ["b1"]
    assert [e.node.external_id for e in t1.blades[0].sensors] == ["s2"]
    assert ids(t2.blades) == ["b3"]
    assert t2.blades[0].sensors == []  # b3 -> s1: position 10 < 15
    s1 = await apis.run(apis.sensor.retrieve(sid("s1"), include={SensorFields.blades: True}))
    assert ids(s1.blades) == ["b1", "b3"]  # inwards


async def test_iterate_with_include_expands_each_page(apis: Apis) -> None:
    await small_world(apis)
    found = await apis.run(apis.blade.iterate(page_size=2, include={BladeFields.turbine: True}))
    assert sorted((b.external_id, b.turbine.external_id) for b in found) == [
        ("b1", "t1"),
        ("b2", "t1"),
        ("b3", "t2"),
    ]
    assert all(isinstance(b.turbine, Turbine) for b in found)


async def test_query_three_hops_with_a_filter_at_each(apis: Apis) -> None:
    await small_world(apis)
    query = (
        apis.turbine.query(filter=TurbineFields.name.prefix("WT-0"))
        .follow(TurbineFields.blades, filter=BladeFields.is_damaged.equals(True))
        .follow(
            BladeFields.sensors, filter=SensorFields.position.gte(5), edge_filter=MountFields.weight.lt(3)
        )
    )
    sensors = await apis.run(query.list(limit=None))
    # b1 -> s1 (w 1), b1 -> s2 (w 5: filtered), b3 -> s1 (no weight: the edge filter drops it); distinct
    assert ids(sensors) == ["s1"]
    assert isinstance(sensors[0], Sensor)
    # back the other way: sensors -> blades (inwards) -> turbines (direct relation)
    turbines = await apis.run(
        apis.sensor.query(filter=SensorFields.label.in_(["S3"]))
        .follow(SensorFields.blades)
        .follow(BladeFields.turbine)
        .list()
    )
    assert ids(turbines) == ["t1"]
    spare = await apis.run(apis.turbine.query().follow(TurbineFields.spare_blades).ids())
    assert spare == [sid("b3")]
    nested = await apis.run(
        apis.turbine.query(filter=TurbineFields.name.equals("WT-01"))
        .include({TurbineFields.blades: "ids"})
        .list()
    )
    assert ids(nested[0].blades) == ["b1", "b2"]


async def test_query_errors_name_the_hop(apis: Apis) -> None:
    await small_world(apis)
    too_many = SensorFields.label.in_([f"x{i}" for i in range(1001)])
    with pytest.raises(rt.TraversalError, match=r"hop 2 \(Blade\.sensors\).*1001 values") as caught:
        apis.turbine.query().follow(TurbineFields.blades).follow(BladeFields.sensors, filter=too_many)
    assert caught.value.hop == "Blade.sensors"
    assert caught.value.hop_index == 2
    bad = rt.raw_filter({"equals": {"property": [SPACE, "Blade/1", "noSuchProperty"], "value": 1}})
    with pytest.raises(rt.TraversalError, match=r"hop 1 \(Turbine\.blades\)") as failed:
        await apis.run(apis.turbine.query().follow(TurbineFields.blades, filter=bad).list())
    assert isinstance(failed.value.__cause__, BadRequestError)
    with pytest.raises(TypeError, match="not a connection of Turbine"):
        apis.turbine.query().follow(BladeFields.sensors)


async def test_paging_across_hops_past_one_page(apis: Apis) -> None:
    """1200 blades on one turbine, each with a Mount edge to one of 3 sensors: every hop reads more than
    one page (1000) and the second hop starts from more than 1000 parents (two chunks)."""
    await apis.run(apis.turbine.upsert(TurbineWrite(space=SPACE, external_id="big", name="BIG")))
    await apis.run(
        apis.sensor.upsert(
            [SensorWrite(space=SPACE, external_id=f"s{i}", position=float(i)) for i in range(3)]
        )
    )
    blades = [
        BladeWrite(space=SPACE, external_id=f"blade{i:04}", turbine=sid("big"), sensors=[sid(f"s{i % 3}")])
        for i in range(1200)
    ]
    result = await apis.run(apis.blade.upsert(blades))
    assert len(result) == 2400  # 1200 nodes, then 1200 edges
    big = await apis.run(apis.turbine.retrieve(sid("big"), include={TurbineFields.blades: "ids"}))
    assert len(big.blades) == 1200
    reached = await apis.run(apis.turbine.query().follow(TurbineFields.blades).ids())
    assert len(reached) == 1200
    sensors = await apis.run(
        apis.turbine.query().follow(TurbineFields.blades).follow(BladeFields.sensors).list()
    )
    assert ids(sensors) == ["s0", "s1", "s2"]
    s0 = await apis.run(apis.sensor.retrieve(sid("s0"), include={SensorFields.blades: "ids"}))
    assert len(s0.blades) == 400
    capped = await apis.run(apis.turbine.query().follow(TurbineFields.blades, limit=1001).list(limit=None))
    assert len(capped) == 1001


async def test_edges_of_a_connection_with_edge_property_filters(apis: Apis) -> None:
    await small_world(apis)
    edges = await apis.run(apis.blade.edges(BladeFields.sensors, from_=[sid("b1"), sid("b2")], limit=None))
    assert sorted((e.start_node.external_id, e.end_node.external_id, e.weight) for e in edges) == [
        ("b1", "s1", 1.0),
        ("b1", "s2", 5.0),
        ("b2", "s3", 2.0),
    ]
    heavy = await apis.run(
        apis.blade.edges(BladeFields.sensors, from_=sid("b1"), filter=MountFields.weight.gte(2))
    )
    assert [e.external_id for e in heavy] == ["b1:hasSensor:s2"]
    to_s1 = await apis.run(apis.blade.edges(BladeFields.sensors, from_=[sid("b1"), sid("b3")], to=sid("s1")))
    assert sorted(e.start_node.external_id for e in to_s1) == ["b1", "b3"]
    inwards = await apis.run(apis.sensor.edges(SensorFields.blades, from_=sid("s1")))
    assert sorted(e.start_node.external_id for e in inwards) == ["b1", "b3"]
    assert all(type(e) is rt.Edge for e in inwards)  # no edge view declared on this side
    plain = await apis.run(apis.blade.edges(BladeFields.primary, from_=sid("b1")))
    assert [(e.type, e.end_node) for e in plain] == [(PRIMARY, sid("s2"))]


async def test_nested_writes_flatten_and_read_back_intact(apis: Apis) -> None:
    blade = BladeWrite(
        space=SPACE,
        external_id="nb",
        name="nested",
        turbine=TurbineWrite(space=SPACE, external_id="nt", name="NT"),
        spare_for=[sid("nt"), TurbineWrite(space=SPACE, external_id="nt2", name="NT2")],
        sensors=[
            rt.ConnectionEdgeWrite(
                node=SensorWrite(space=SPACE, external_id="ns1", label="N1"),
                properties=MountProperties(weight=3.5),
            ),
            rt.ConnectionEdgeWrite(
                node=sid("ns2"), properties=MountProperties(note="x"), external_id="custom"
            ),
            SensorWrite(space=SPACE, external_id="ns2", label="N2"),
        ],
        primary=SensorWrite(space=SPACE, external_id="ns1", label="N1"),  # the same node again, equal: once
    )
    result = await apis.run(apis.blade.upsert(blade))
    assert [(r.instance_type, r.external_id) for r in result] == [
        ("node", "nb"),
        ("node", "nt"),
        ("node", "nt2"),
        ("node", "ns1"),
        ("node", "ns2"),
        ("edge", "nb:hasSensor:ns1"),
        ("edge", "custom"),
        ("edge", "nb:hasSensor:ns2"),
        ("edge", "nb:primary:ns1"),
    ]
    assert all(r.status == "created" for r in result)
    back = await apis.run(
        apis.blade.retrieve(
            sid("nb"),
            include={BladeFields.turbine: True, BladeFields.sensors: True, BladeFields.primary: "ids"},
        )
    )
    assert back.name == "nested"
    assert back.turbine.name == "NT"
    assert back.spare_for == [sid("nt"), sid("nt2")]
    assert sorted((e.edge.external_id, e.node.label, e.edge.weight, e.edge.note) for e in back.sensors) == [
        ("custom", "N2", None, "x"),
        ("nb:hasSensor:ns1", "N1", 3.5, None),
        ("nb:hasSensor:ns2", "N2", None, None),
    ]
    assert back.primary == sid("ns1")
    again = await apis.run(
        apis.blade.upsert(blade, edge_external_id=lambda s, t, e: f"{t.external_id}-{e.external_id}")
    )
    assert {r.external_id for r in again if r.instance_type == "edge"} == {
        "hasSensor-ns1",
        "custom",
        "hasSensor-ns2",
        "primary-ns1",
    }


async def test_nested_write_conflict_names_both_paths(apis: Apis) -> None:
    blade = BladeWrite(
        space=SPACE,
        external_id="b",
        turbine=TurbineWrite(space=SPACE, external_id="t", name="one"),
        spare_for=[TurbineWrite(space=SPACE, external_id="t", name="two")],
    )
    with pytest.raises(ValueError, match=r"items\[0\]\.spare_for\[0\] and items\[0\]\.turbine"):
        await apis.run(apis.blade.upsert(blade))


async def test_sync_sees_creates_updates_deletes_and_resumes(apis: Apis) -> None:
    await apis.run(
        apis.sensor.upsert([SensorWrite(space=SPACE, external_id=f"s{i}", position=1.0) for i in range(5)])
    )
    feed = apis.sensor.sync(page_size=2)
    batches = await apis.run(feed)
    assert [len(b.items) for b in batches] == [2, 2, 1]
    assert sorted(s.external_id for b in batches for s in b.items) == [f"s{i}" for i in range(5)]
    cursor = feed.cursor
    assert cursor == batches[-1].cursor
    await apis.run(apis.sensor.upsert(SensorWrite(space=SPACE, external_id="s1", position=9.0)))
    await apis.run(apis.sensor.upsert(SensorWrite(space=SPACE, external_id="s9", position=2.0)))
    await apis.run(apis.sensor.delete(sid("s2")))
    later = await apis.run(apis.sensor.sync(cursor=cursor))
    items = {s.external_id: s.position for b in later for s in b.items}
    assert items == {"s1": 9.0, "s9": 2.0}
    assert [d.id for b in later for d in b.deleted] == [sid("s2")]
    quiet = await apis.run(apis.sensor.sync(cursor=later[-1].cursor))
    assert [(b.items, b.deleted) for b in quiet] == [([], [])]
    assert quiet[0].cursor
    filtered = await apis.run(apis.sensor.sync(filter=SensorFields.position.gte(5)))
    assert [s.external_id for b in filtered for s in b.items] == ["s1"]


async def test_sync_checks_its_arguments(apis: Apis) -> None:
    with pytest.raises(ValueError, match="page_size"):
        apis.sensor.sync(page_size=2001)
    with pytest.raises(BadRequestError):
        await apis.run(apis.sensor.sync(cursor="not-a-cursor"))


async def test_sort_by_name_at_the_roots_and_at_a_hop(apis: Apis) -> None:
    await small_world(apis)
    turbines = await apis.run(
        apis.turbine.list(include={TurbineFields.blades: rt.Include(sort=["name"])}, sort="name")
    )
    assert ids(turbines) == ["t1", "t2"]
    assert ids(turbines[0].blades) == ["b1", "b2"]
    # A name at a hop is resolved against the hop's target view (Blade), not the roots' view.
    with pytest.raises(ValueError, match=r"^sort='nme': Blade has no property 'nme'; did you mean 'name'\?"):
        await apis.run(apis.turbine.list(include={TurbineFields.blades: rt.Include(sort="nme")}))
