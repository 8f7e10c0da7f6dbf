"""Integration: the example SDK against the emulator, sync and async — write all types, read them back."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest
from example_testdata import SPACE, certification, equipment, pump, resolve, world

from example_sdk import CERTIFIED, Certification, Equipment, EquipmentWrite, Pump
from pygen_runtime import InstanceId

pytestmark = pytest.mark.usefixtures("emulator")


def _comparable(write: EquipmentWrite) -> dict[str, Any]:
    return write.model_dump(exclude={"space", "external_id", "existing_version", "type"}, exclude_unset=True)


async def test_write_all_types_and_read_back_equal(sdk: Any) -> None:
    items = world()
    result = await resolve(sdk.upsert(items))
    assert [r.status for r in result] == ["created"] * len(items)
    assert [r.external_id for r in result] == [i.external_id for i in items]  # type: ignore[attr-defined]

    written = equipment(3)
    read = await resolve(sdk.equipment.retrieve(written.external_id, space=SPACE))
    assert isinstance(read, Equipment)
    got = read.model_dump()
    for name, value in _comparable(written).items():
        assert got[name] == value, name
    assert read.installed_at is not None
    assert read.installed_at.utcoffset() is not None  # aware
    assert read.inspection_times is not None
    assert read.inspection_times[0] == datetime(2024, 2, 1, 7, 0, tzinfo=timezone.utc)
    assert read.commissioned_on == date(2023, 6, 4)
    assert read.facility == InstanceId(SPACE, "facility:0")
    assert read.operating_hours == 10_000_000_003
    assert read.as_write().model_dump() == written.model_dump()  # equal instants (CET in, UTC out)


async def test_upsert_again_reports_unchanged_and_updated(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    same = await resolve(sdk.upsert([equipment(0)]))
    assert same.items[0].status == "unchanged"
    changed = await resolve(sdk.upsert([equipment(0, priority=42)]))
    assert changed.items[0].status == "updated"
    assert changed.items[0].version == 2


async def test_absent_is_not_null(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    patch = EquipmentWrite(space=SPACE, external_id="equipment:1", serial_number="SN-0001", priority=7)
    await resolve(sdk.upsert([patch]))
    read = await resolve(sdk.equipment.retrieve((SPACE, "equipment:1")))
    assert read.priority == 7
    assert read.name == "Compressor 1"  # absent: left as it was
    clear = EquipmentWrite(space=SPACE, external_id="equipment:1", serial_number="SN-0001", name=None)
    await resolve(sdk.upsert([clear]))
    read = await resolve(sdk.equipment.retrieve((SPACE, "equipment:1")))
    assert read.name is None  # explicit None: cleared
    assert read.priority == 7


async def test_replace_resets_properties_not_given(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    await resolve(sdk.upsert([equipment(2, priority=5).model_copy()]))
    only = EquipmentWrite(space=SPACE, external_id="equipment:2", serial_number="SN-0002", name="Only name")
    await resolve(sdk.upsert([only], replace=True))
    read = await resolve(sdk.equipment.retrieve((SPACE, "equipment:2")))
    assert read.name == "Only name"
    assert read.priority is None


async def test_inheritance_pump_is_equipment_and_describable(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    pumps = await resolve(sdk.pump.list(limit=None))
    assert sorted(p.external_id for p in pumps) == ["pump:0", "pump:1"]
    assert all(isinstance(p, Pump) for p in pumps)
    assert {p.flow_rate for p in pumps} == {0.0, 10.0}
    everything = await resolve(sdk.equipment.list(limit=None))
    assert {"pump:0", "equipment:0"} <= {e.external_id for e in everything}
    described = await resolve(sdk.describable.list(limit=None))
    assert len(described) == 3 + 6 + 2  # facilities, equipment, pumps


async def test_retrieve_present_and_missing(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    assert await resolve(sdk.equipment.retrieve("nope", space=SPACE)) is None
    many = await resolve(
        sdk.equipment.retrieve([(SPACE, "equipment:2"), (SPACE, "nope"), InstanceId(SPACE, "equipment:0")])
    )
    assert [e.external_id for e in many] == ["equipment:2", "equipment:0"]
    operator = await resolve(sdk.operator.retrieve((SPACE, "operator:1")))
    assert operator.full_name == "Operator 1"
    assert operator.hired_on == date(2020, 1, 2)


async def test_edges_with_properties(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    from example_sdk import CertificationFields as C

    certs = await resolve(
        sdk.certification.list(C.start_node.equals((SPACE, "operator:0")), sort=C.score.asc())
    )
    assert [c.external_id for c in certs] == ["cert:0:0", "cert:0:1"]
    first = certs[0]
    assert isinstance(first, Certification)
    assert (first.type, first.start_node, first.end_node) == (
        CERTIFIED,
        InstanceId(SPACE, "operator:0"),
        InstanceId(SPACE, "equipment:0"),
    )
    assert first.level == "basic"
    assert first.certified_at == datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
    assert first.valid_until == date(2026, 5, 1)
    assert first.score == 80.0
    to_eq1 = await resolve(
        sdk.certification.list(C.end_node.equals((SPACE, "equipment:1")) & C.type.equals(CERTIFIED))
    )
    assert sorted(c.external_id for c in to_eq1) == ["cert:0:1", "cert:1:1"]
    assert first.as_write().dump() == certification(0, 0, "basic").dump()


async def test_delete_nodes_and_edges(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    result = await resolve(sdk.delete([(SPACE, "equipment:5"), (SPACE, "never-existed")]))
    assert result.items == (InstanceId(SPACE, "equipment:5"),)
    assert await resolve(sdk.equipment.retrieve((SPACE, "equipment:5"))) is None
    edge = await resolve(sdk.certification.retrieve((SPACE, "cert:1:1")))
    await resolve(sdk.delete([edge]))
    assert await resolve(sdk.certification.retrieve((SPACE, "cert:1:1"))) is None


async def test_pump_round_trip(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    read = await resolve(sdk.pump.retrieve((SPACE, "pump:1")))
    assert read.as_write().model_dump() == pump(1).model_dump()


async def test_edges_without_an_edge_view(sdk: Any) -> None:
    from example_sdk import SUPERVISED_BY
    from pygen_runtime import EdgeWrite

    await resolve(sdk.upsert(world()))
    supervised = [
        EdgeWrite(
            space=SPACE,
            external_id=f"sup:{i}",
            type=SUPERVISED_BY,
            start_node=(SPACE, f"equipment:{i}"),
            end_node=(SPACE, "operator:0"),
        )
        for i in range(3)
    ]
    await resolve(sdk.upsert(supervised))
    into_op0 = await resolve(sdk.edges(type=SUPERVISED_BY, end_node=(SPACE, "operator:0"), limit=None))
    assert sorted(e.start_node.external_id for e in into_op0) == ["equipment:0", "equipment:1", "equipment:2"]
    assert all(e.type == SUPERVISED_BY for e in into_op0)
    one = await resolve(sdk.edges(start_node=(SPACE, "equipment:1")))
    assert [e.external_id for e in one] == ["sup:1"]


async def test_existing_version_conflict_and_skip(sdk: Any) -> None:
    from pygen_runtime import UpsertError

    await resolve(sdk.upsert(world()))
    stale = equipment(4, priority=99, existing_version=0)  # 0 = insert only: it exists already
    with pytest.raises(UpsertError) as info:
        await resolve(sdk.upsert([stale]))
    assert getattr(info.value.failed[0].error, "status", None) in (400, 409)
    skipped = await resolve(sdk.upsert([stale], skip_on_version_conflict=True))
    assert skipped.items == ()
    assert [i.external_id for i in skipped.skipped] == ["equipment:4"]
    read = await resolve(sdk.equipment.retrieve((SPACE, "equipment:4")))
    assert read.priority == 4


async def test_retrieve_follows_the_views_has_data(sdk: Any) -> None:
    await resolve(sdk.upsert(world()))
    facility = await resolve(sdk.facility.retrieve((SPACE, "facility:0")))
    assert facility is not None
    assert await resolve(sdk.equipment.retrieve((SPACE, "facility:0"))) is None  # no Equipment data
    many = await resolve(
        sdk.equipment.retrieve([(SPACE, "equipment:2"), (SPACE, "facility:0"), (SPACE, "equipment:0")])
    )
    assert [e.external_id for e in many] == ["equipment:2", "equipment:0"]  # request order, found only


async def test_the_view_api_writes_its_own_write_class(sdk: Any) -> None:
    created = await resolve(sdk.equipment.upsert(equipment(7)))
    assert [r.status for r in created] == ["created"]
    read = await resolve(sdk.equipment.retrieve((SPACE, "equipment:7")))
    assert read.serial_number == "SN-0007"  # required: always present on a read
    deleted = await resolve(sdk.equipment.delete((SPACE, "equipment:7")))
    assert deleted.items == (InstanceId(SPACE, "equipment:7"),)
    edges = await resolve(sdk.upsert(world()))
    assert edges.created
    gone = await resolve(sdk.certification.delete([(SPACE, "cert:0:0")]))  # an edge view deletes edges
    assert gone.items == (InstanceId(SPACE, "cert:0:0"),)
    assert await resolve(sdk.certification.retrieve((SPACE, "cert:0:0"))) is None
