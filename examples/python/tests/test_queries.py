"""Integration: filters, sort, pagination, iterate, search, aggregate, histogram, partial failure — sync and async."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest
from example_testdata import SPACE, equipment, resolve, world

from example_sdk import CERTIFIED, CertificationWrite, EquipmentWrite
from example_sdk import EquipmentFields as E
from example_sdk import OperatorFields as O
from pygen_runtime import UpsertError, and_, avg, count, max_, min_, not_, or_, raw_filter, sum_

UTC = timezone.utc


async def _ids(sdk: Any, flt: Any, **kwargs: Any) -> list[str]:
    found = await resolve(sdk.equipment.list(flt, limit=None, **kwargs))
    return sorted(e.external_id for e in found if e.external_id.startswith("equipment:"))


def eq(*ns: int) -> list[str]:
    return sorted(f"equipment:{n}" for n in ns)


@pytest.fixture
async def loaded(sdk: Any) -> Any:
    await resolve(sdk.upsert(world()))
    return sdk


async def test_every_filter_builder(loaded: Any) -> None:
    sdk = loaded
    cases: list[tuple[Any, list[str]]] = [
        (E.name.equals("Compressor 2"), eq(2)),
        (E.name.in_(["Compressor 1", "Compressor 4"]), eq(1, 4)),
        (E.serial_number.prefix("SN-000"), eq(0, 1, 2, 3, 4, 5)),
        (E.priority.range(gte=2, lt=4), eq(2, 3)),
        (E.priority.in_([0, 5]), eq(0, 5)),
        (E.operating_hours.range(gt=10_000_000_003), eq(4, 5)),
        (E.weight_kg.range(lte=2.5), eq(0, 1)),
        (E.efficiency.equals(0.5), eq(2)),
        (E.is_active.equals(True), eq(0, 2, 4)),
        (E.installed_at.range(gte=datetime(2024, 1, 5, tzinfo=UTC)), eq(4, 5)),
        (E.installed_at.equals(datetime(2024, 1, 1, 12, 30, 15, 123000, tzinfo=UTC)), eq(0)),
        (E.commissioned_on.range(lte=date(2023, 6, 2)), eq(0, 1)),
        (E.commissioned_on.in_([date(2023, 6, 3)]), eq(2)),
        (E.status.equals("stopped"), eq(1, 4)),
        (E.status.in_(["running", "maintenance"]), eq(0, 2, 3, 5)),
        (E.temperature_series.equals("ts:temperature:3"), eq(3)),
        (E.facility.equals((SPACE, "facility:0")), eq(0, 1, 2, 3, 4, 5)),
        (E.facility.in_([(SPACE, "facility:9")]), []),
        (E.aliases.contains_any(["C1", "C3"]), eq(1, 3)),
        (E.aliases.contains_all(["C2", "unit-2"]), eq(2)),
        (E.maintenance_intervals.contains_any([93]), eq(3)),
        (E.service_dates.contains_any([date(2024, 7, 15)]), eq(0, 1, 2, 3, 4, 5)),
        (E.backup_facilities.contains_any([(SPACE, "facility:2")]), eq(0, 1, 2, 3, 4, 5)),
        (E.description.exists(), eq(0, 1, 2, 3, 4, 5)),
        (E.external_id.prefix("equipment:1"), eq(1)),
        (E.space.equals(SPACE), eq(0, 1, 2, 3, 4, 5)),
        (E.version.equals(1), eq(0, 1, 2, 3, 4, 5)),
        (E.created_time.range(gte=datetime(2020, 1, 1, tzinfo=UTC)), eq(0, 1, 2, 3, 4, 5)),
        (E.last_updated_time.range(lt=datetime(2020, 1, 1, tzinfo=UTC)), []),
    ]
    for flt, expected in cases:
        assert await _ids(sdk, flt) == expected, flt.dump()


async def test_and_or_not(loaded: Any) -> None:
    sdk = loaded
    assert await _ids(sdk, E.priority.range(gte=1) & E.is_active.equals(True)) == eq(2, 4)
    assert await _ids(sdk, E.priority.equals(0) | E.priority.equals(5)) == eq(0, 5)
    assert await _ids(sdk, ~E.status.equals("running") & E.priority.range(lte=3)) == eq(1, 2)
    assert await _ids(
        sdk, and_(or_(E.priority.equals(1), E.priority.equals(2)), not_(E.is_active.equals(True)))
    ) == eq(1)
    raw = raw_filter({"equals": {"property": [SPACE, "Equipment/1", "priority"], "value": 4}})
    assert await _ids(sdk, raw) == eq(4)
    assert await _ids(sdk, raw | E.priority.gt(4)) == eq(4, 5)
    assert await _ids(sdk, E.priority.gte(1) & E.priority.lt(3)) == eq(1, 2)
    assert await _ids(sdk, sdk.equipment.fields.priority.lte(0)) == eq(0)
    with pytest.raises(TypeError, match="raw_filter"):
        await _ids(sdk, {"matchAll": {}})


async def test_sort(loaded: Any) -> None:
    sdk = loaded
    desc = await resolve(sdk.equipment.list(E.external_id.prefix("equipment:"), sort=E.priority.desc()))
    assert [e.priority for e in desc] == [5, 4, 3, 2, 1, 0]
    two = await resolve(
        sdk.equipment.list(E.external_id.prefix("equipment:"), sort=[E.is_active, E.priority.desc()])
    )
    assert [e.priority for e in two] == [5, 3, 1, 4, 2, 0]
    ops = await resolve(sdk.operator.list(sort=O.full_name.desc()))
    assert [o.full_name for o in ops] == ["Operator 1", "Operator 0"]


async def test_pagination_iterate_and_resume(sdk: Any) -> None:
    items = [equipment(i, facility=None, backup_facilities=None) for i in range(1203)]
    result = await resolve(sdk.upsert(items))
    assert len(result.created) == 1203
    everything = await resolve(sdk.equipment.list(limit=None))
    assert len(everything) == 1203
    assert len({e.external_id for e in everything}) == 1203
    assert len(await resolve(sdk.equipment.list(limit=1100))) == 1100
    assert len(await resolve(sdk.equipment.list())) == 25

    pages = await resolve(sdk.equipment.iterate(page_size=500).pages())
    assert [len(p.items) for p in pages] == [500, 500, 203]
    assert [p.next_cursor is None for p in pages] == [False, False, True]
    resumed = await resolve(sdk.equipment.iterate(page_size=500, cursor=pages[0].next_cursor).pages())
    assert [e.external_id for p in resumed for e in p.items] == [
        e.external_id for p in pages[1:] for e in p.items
    ]
    instances = await resolve(sdk.equipment.iterate(page_size=500))
    assert [e.external_id for e in instances] == [e.external_id for p in pages for e in p.items]
    filtered = await resolve(sdk.equipment.iterate(E.priority.lt(30), page_size=7, sort=E.priority.asc()))
    assert [e.priority for e in filtered] == list(range(30))
    with pytest.raises(ValueError, match="page_size must be between 1 and 1000, got 0"):
        sdk.equipment.iterate(page_size=0)  # checked when called, before any request


async def test_search(loaded: Any) -> None:
    sdk = loaded
    hits = await resolve(sdk.equipment.search("Compressor 3", [E.name]))
    assert "equipment:3" in [h.external_id for h in hits]
    units = await resolve(
        sdk.equipment.search("Unit", E.description, filter=E.priority.range(gte=4), limit=10)
    )
    assert sorted(h.external_id for h in units if h.external_id.startswith("equipment")) == eq(4, 5)
    plants = await resolve(sdk.facility.search("Plant"))
    assert len(plants) == 3
    assert await resolve(sdk.equipment.search("no-such-word-anywhere")) == []


async def test_aggregate_with_group_by(loaded: Any) -> None:
    sdk = loaded
    only_eq = E.external_id.prefix("equipment:")
    total = await resolve(sdk.equipment.aggregate(count(), filter=only_eq))
    assert total.value("count") == 6
    stats = await resolve(
        sdk.equipment.aggregate(
            [sum_(E.priority), avg(E.priority), min_(E.priority), max_(E.priority)], filter=only_eq
        )
    )
    assert (stats.value("sum"), stats.value("avg"), stats.value("min"), stats.value("max")) == (15, 2.5, 0, 5)
    groups = await resolve(sdk.equipment.aggregate(count(), group_by=E.status, filter=only_eq))
    assert {g.group["status"]: g.value("count") for g in groups} == {
        "running": 2,
        "stopped": 2,
        "maintenance": 2,
    }
    by_field_name = await resolve(sdk.equipment.aggregate(count(), group_by="is_active", filter=only_eq))
    assert {g.group["is_active"]: g.value("count") for g in by_field_name} == {True: 3, False: 3}


async def test_aggregate_returns_every_group_not_the_api_default_of_100(sdk: Any) -> None:
    await resolve(sdk.upsert([equipment(i, facility=None, backup_facilities=None) for i in range(150)]))
    groups = await resolve(sdk.equipment.aggregate(count(), group_by=E.priority))
    assert sorted(g.group["priority"] for g in groups) == list(range(150))
    assert len(await resolve(sdk.equipment.aggregate(count(), group_by=E.priority, limit=7))) == 7


async def test_histogram(loaded: Any) -> None:
    sdk = loaded
    hist = await resolve(sdk.equipment.histogram(E.priority, 2, filter=E.external_id.prefix("equipment:")))
    assert hist.interval == 2.0
    assert [(b.start, b.count) for b in hist.buckets] == [(0.0, 2), (2.0, 2), (4.0, 2)]


async def test_partial_upsert_failure_carries_what_succeeded(sdk: Any) -> None:
    good = [
        EquipmentWrite(space=SPACE, external_id=f"ok:{i}", serial_number=f"S{i}", name="ok")
        for i in range(1000)
    ]
    bad_edge = CertificationWrite(
        space=SPACE,
        external_id="cert:dangling",
        type=CERTIFIED,
        start_node=(SPACE, "missing-op"),
        end_node=(SPACE, "ok:1"),
    )
    with pytest.raises(UpsertError) as info:
        await resolve(sdk.upsert([*good, bad_edge]))
    err = info.value
    assert len(err.succeeded) == 1000
    assert err.succeeded.items[0].external_id == "ok:0"
    (failed,) = err.failed
    assert failed.indexes == (1000,)
    assert failed.items == (bad_edge,)
    assert getattr(failed.error, "status", None) == 400
    assert len(await resolve(sdk.equipment.list(limit=None))) == 1000
