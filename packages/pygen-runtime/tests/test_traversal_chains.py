"""query().follow() as chained /query requests (docs/connections.md §3 "Chained requests"): depth-first
paging over every level, where chains are split (a reverse relation through a list, a middle hop limit,
50 result sets), and errors naming the hop. Against the emulator, sync and async, plus request shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from connection_model import (
    SPACE,
    BladeFields,
    BladeWrite,
    SensorFields,
    SensorWrite,
    TurbineAPI,
    TurbineFields,
    TurbineWrite,
)
from test_connections_emulator import Apis, apis, ids, sid, small_world

import pygen_runtime as rt
from pygen_client import BadRequestError
from pygen_runtime import _chain, _follow

__all__ = ["apis"]  # the fixture, shared with test_connections_emulator


async def fan_out(apis: Apis) -> dict[str, set[str]]:
    """Three turbines with four blades each; blade k of turbine t has Mount edges to sensors (t + k) % 5 and
    (t + 2k) % 5. Returns the sensors each turbine reaches."""
    await apis.run(
        apis.turbine.upsert(
            [TurbineWrite(space=SPACE, external_id=f"t{t}", name=f"T{t}") for t in range(3)]
            + [SensorWrite(space=SPACE, external_id=f"s{i}", position=float(i)) for i in range(5)]
        )
    )
    reach: dict[str, set[str]] = {}
    blades = []
    for t in range(3):
        for k in range(4):
            ends = {f"s{(t + k) % 5}", f"s{(t + 2 * k) % 5}"}
            reach.setdefault(f"t{t}", set()).update(ends)
            blades.append(
                BladeWrite(
                    space=SPACE,
                    external_id=f"b{t}.{k}",
                    name=f"B{t}.{k}",
                    turbine=sid(f"t{t}"),
                    sensors=[sid(end) for end in sorted(ends)],
                )
            )
    await apis.run(apis.blade.upsert(blades))
    return reach


async def test_every_level_pages_depth_first(apis: Apis, monkeypatch: pytest.MonkeyPatch) -> None:
    """With result sets of 2 (instead of 10,000), every set of the chain has several pages: the results
    are still every instance reached, once each."""
    reach = await fan_out(apis)
    for module in (_chain, _follow):
        monkeypatch.setattr(module, "MAX_QUERY_LIMIT", 2)
    sensors = await apis.run(
        apis.turbine.query().follow(TurbineFields.blades).follow(BladeFields.sensors).list(limit=None)
    )
    assert ids(sensors) == sorted(set().union(*reach.values()))
    back = await apis.run(
        apis.turbine.query(filter=TurbineFields.name.in_(["T0", "T2"]))
        .follow(TurbineFields.blades)
        .follow(BladeFields.sensors)
        .follow(SensorFields.blades)  # inwards edges
        .follow(BladeFields.turbine)  # a direct relation, outwards
        .list(limit=None)
    )
    shared = reach["t0"] | reach["t2"]
    assert ids(back) == sorted(t for t, found in reach.items() if found & shared)
    assert len(await apis.run(apis.turbine.query().follow(TurbineFields.blades).ids())) == 12
    three = await apis.run(apis.turbine.query().follow(TurbineFields.blades).list(limit=3))
    assert len(three) == 3


async def test_iterate_hands_out_pages_of_at_most_the_page_size(
    apis: Apis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request reads up to MAX_QUERY_LIMIT of the last set; iterate().pages() cuts them to QUERY_PAGE_SIZE."""
    await fan_out(apis)
    monkeypatch.setattr(_follow, "QUERY_PAGE_SIZE", 5)
    pages = await apis.run(apis.turbine.query().follow(TurbineFields.blades).iterate().pages())
    assert [len(page) for page in pages] == [5, 5, 2]
    assert len({blade.external_id for page in pages for blade in page}) == 12


async def test_a_middle_hop_limit_holds(apis: Apis) -> None:
    """A limit on a middle hop caps the distinct instances that hop reaches (its chain ends there)."""
    await small_world(apis)
    one_blade = await apis.run(
        apis.turbine.query()
        .follow(TurbineFields.blades, sort=["name"], limit=1)
        .follow(BladeFields.sensors)
        .list(limit=None)
    )
    assert ids(one_blade) == ["s1", "s2"]  # b1's sensors only
    all_blades = await apis.run(
        apis.turbine.query().follow(TurbineFields.blades).follow(BladeFields.sensors).list(limit=None)
    )
    assert ids(all_blades) == ["s1", "s2", "s3"]
    one_root = await apis.run(
        apis.turbine.query(sort=["name"], limit=1).follow(TurbineFields.blades).list(limit=None)
    )
    assert ids(one_root) == ["b1", "b2"]
    no_root = await apis.run(apis.turbine.query(limit=0).follow(TurbineFields.blades).list(limit=None))
    assert no_root == []
    no_blade = apis.turbine.query().follow(TurbineFields.blades, limit=0).follow(BladeFields.sensors)
    assert await apis.run(no_blade.list(limit=None)) == []


async def test_a_reverse_relation_through_a_list_splits_the_chain(apis: Apis) -> None:
    """Turbine.spare_blades goes through Blade.spare_for, a list: it starts a new chain (containsAny of the
    ids reached) and the hops after it chain on from there."""
    await small_world(apis)
    sensors = await apis.run(
        apis.turbine.query(filter=TurbineFields.name.equals("WT-01"))
        .follow(TurbineFields.spare_blades)
        .follow(BladeFields.sensors)
        .list(limit=None)
    )
    assert ids(sensors) == ["s1"]  # b3 is t1's spare; b3 -> s1
    turbines = await apis.run(
        apis.turbine.query(filter=TurbineFields.name.equals("WT-01"))
        .follow(TurbineFields.blades)
        .follow(BladeFields.turbine)
        .follow(TurbineFields.spare_blades)
        .list(limit=None)
    )
    assert ids(turbines) == ["b3"]


async def test_a_chain_longer_than_50_result_sets_is_split(apis: Apis) -> None:
    await small_world(apis)
    query = apis.turbine.query(filter=TurbineFields.name.equals("WT-01"))
    for _ in range(30):  # 60 hops of one result set each: 61 sets with the roots
        query = query.follow(TurbineFields.blades).follow(BladeFields.turbine)
    assert ids(await apis.run(query.list(limit=None))) == ["t1"]


async def test_a_failing_chained_request_names_the_hop(apis: Apis) -> None:
    await small_world(apis)
    bad = rt.raw_filter({"equals": {"property": [SPACE, "Sensor/1", "noSuchProperty"], "value": 1}})
    with pytest.raises(rt.TraversalError, match=r"hop 2 \(Blade\.sensors\)") as failed:
        await apis.run(
            apis.turbine.query().follow(TurbineFields.blades).follow(BladeFields.sensors, filter=bad).list()
        )
    assert failed.value.hop_index == 2
    assert isinstance(failed.value.__cause__, BadRequestError)


class Chains:
    """A sync requester answering every /query with one node in its selected set, recording the bodies."""

    def __init__(self) -> None:
        self.bodies: list[Any] = []

    def request(self, method: str, path: str, *, json: Any = None, params: Any = None) -> Any:
        self.bodies.append(json)
        [name] = json["select"]
        node = {"space": SPACE, "externalId": "t1", "version": 1, "createdTime": 0, "lastUpdatedTime": 0}
        answer = {"items": {name: [{**node, "instanceType": "node"}]}, "nextCursor": {}}
        return httpx.Response(200, json=answer, request=httpx.Request(method, f"http://x{path}"))


def test_split_chains_start_from_the_ids_reached() -> None:
    recorder = Chains()
    query = TurbineAPI(recorder).query()
    for _ in range(30):
        query = query.follow(TurbineFields.blades).follow(BladeFields.turbine)
    query.ids()
    first, second = recorder.bodies
    assert len(first["with"]) == 50
    assert first["select"] == {"nodes_49": {}}  # a chain that only feeds the next one: ids
    assert second["with"]["parents"] == {
        "nodes": {"filter": {"instanceReferences": [sid("t1").dump()]}},
        "limit": 1,
    }
    assert second["with"]["nodes_50"]["nodes"]["from"] == "parents"
    assert list(second["select"]) == ["nodes_60"]
    assert len(second["with"]) == 12
