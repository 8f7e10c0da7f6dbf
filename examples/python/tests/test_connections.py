"""Integration: the example SDK's connections against the emulator, sync and async (docs/connections.md) —
traversals with filters at every hop, both edge directions, reverse relations through single and list
direct relations, paging across hops, include on retrieve/list, nested writes, change feeds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from example_testdata import SPACE, certification, equipment, facility, operator, resolve, world

import pygen_runtime as rt
from example_sdk import (
    CERTIFIED,
    Certification,
    CertificationFields,
    CertificationProperties,
    Equipment,
    EquipmentFields,
    EquipmentWrite,
    Facility,
    FacilityFields,
    Operator,
    OperatorFields,
    OperatorWrite,
)

pytestmark = pytest.mark.usefixtures("emulator")


async def run(value: Any) -> Any:
    """``resolve``, and change feeds drained into a list of batches."""
    if isinstance(value, (rt.SyncFeed, Iterator)):
        return list(value)
    return await resolve(value)


def xid(external_id: str) -> rt.InstanceId:
    return rt.InstanceId(SPACE, external_id)


def names(items: Any) -> list[str]:
    return sorted(item.external_id for item in items)


async def test_include_on_retrieve_and_list(sdk: Any) -> None:
    await run(sdk.upsert(world()))
    op0 = await run(
        sdk.operator.retrieve(
            xid("operator:0"),
            include={OperatorFields.certifications: True, OperatorFields.managed_facility: True},
        )
    )
    assert isinstance(op0, Operator)
    assert op0.managed_facility is None  # fetched: no facility names operator:0 as its manager
    assert op0.installations is rt.NOT_FETCHED
    certs = sorted(op0.certifications, key=lambda c: c.node.external_id)
    assert [(c.node.external_id, c.edge.level) for c in certs] == [
        ("equipment:0", "basic"),
        ("equipment:1", "expert"),
    ]
    assert all(isinstance(c.edge, Certification) and isinstance(c.node, Equipment) for c in certs)

    facilities = await run(
        sdk.facility.list(
            include={FacilityFields.equipment: "ids", FacilityFields.backup_equipment: True},
            sort=FacilityFields.name.asc(),
        )
    )
    plant0, plant1, plant2 = facilities
    assert isinstance(plant0, Facility)
    # every equipment and pump points at facility:0, and at 1 and 2 as backups
    assert names(plant0.equipment) == sorted([*(f"equipment:{i}" for i in range(6)), "pump:0", "pump:1"])
    assert all(isinstance(e, rt.InstanceId) for e in plant0.equipment)
    assert plant0.backup_equipment == []
    assert len(plant1.backup_equipment) == len(plant2.backup_equipment) == 8
    assert all(isinstance(e, Equipment) for e in plant1.backup_equipment)


async def test_multi_hop_with_a_filter_at_every_hop_both_directions(sdk: Any) -> None:
    await run(sdk.upsert(world()))
    await run(sdk.facility.upsert(facility(0).model_copy(update={"manager": xid("operator:1")})))
    # facility -> its equipment (reverse of a single direct relation, active only) -> the operators
    # certified on it (edges inwards, expert level only) -> the facility they manage (reverse, single)
    query = (
        sdk.facility.query(filter=FacilityFields.name.prefix("Plant"))
        .follow(FacilityFields.equipment, filter=EquipmentFields.serial_number.prefix("SN-000"))
        .follow(
            EquipmentFields.certified_operators,
            filter=OperatorFields.full_name.prefix("Operator"),
            edge_filter=CertificationFields.level.in_(["expert", "advanced"]),
        )
    )
    operators = await run(query.list(limit=None))
    assert names(operators) == ["operator:0", "operator:1"]  # both certified on equipment:1
    assert all(isinstance(o, Operator) for o in operators)
    managed = await run(
        query.follow(OperatorFields.managed_facility, filter=FacilityFields.location.equals("Site 0")).list()
    )
    assert names(managed) == ["facility:0"]
    # outwards: operators -> certified equipment (basic only) -> its facility (a direct relation)
    basic = await run(
        sdk.operator.query(filter=OperatorFields.email.equals("op0@example.com"))
        .follow(OperatorFields.certifications, edge_filter=CertificationFields.level.equals("basic"))
        .follow(EquipmentFields.facility, filter=FacilityFields.name.equals("Plant 0"))
        .ids()
    )
    assert basic == [xid("facility:0")]
    # reverse through a list direct relation, with the last hop's connections included
    backups = await run(
        sdk.facility.query(filter=FacilityFields.external_id.equals("facility:2"))
        .follow(
            FacilityFields.backup_equipment,
            filter=EquipmentFields.is_active.equals(True),
            sort=EquipmentFields.priority.desc(),
        )
        .include({EquipmentFields.certified_operators: "ids"})
        .list()
    )
    # active (even numbers; pump:0 is equipment 100), highest priority first
    assert [e.external_id for e in backups] == ["pump:0", "equipment:4", "equipment:2", "equipment:0"]
    first_cert = next(e for e in backups if e.external_id == "equipment:0")
    assert first_cert.certified_operators == [xid("operator:0")]


async def test_paging_across_hops(sdk: Any) -> None:
    """1100 equipment on one facility, each supervised by one of two operators: more than one page at each
    hop, and more than 1000 parents for the second."""
    await run(sdk.upsert([facility(0), operator(0), operator(1)]))
    items = [
        EquipmentWrite(
            space=SPACE,
            external_id=f"bulk:{i:04d}",
            serial_number=f"B{i}",
            facility=xid("facility:0"),
            supervisor=xid(f"operator:{i % 2}"),
        )
        for i in range(1100)
    ]
    result = await run(sdk.equipment.upsert(items))
    assert len(result.created) == 2200  # the nodes, then their supervisedBy edges
    plant = await run(sdk.facility.retrieve(xid("facility:0"), include={FacilityFields.equipment: "ids"}))
    assert len(plant.equipment) == 1100
    supervisors = await run(
        sdk.facility.query().follow(FacilityFields.equipment).follow(EquipmentFields.supervisor).list()
    )
    assert names(supervisors) == ["operator:0", "operator:1"]
    op0 = await run(sdk.operator.retrieve(xid("operator:0"), include={OperatorFields.supervises: "ids"}))
    assert len(op0.supervises) == 550
    every = await run(sdk.operator.query().follow(OperatorFields.supervises).list(limit=None))
    assert len(every) == 1100


async def test_edges_of_a_connection(sdk: Any) -> None:
    await run(sdk.upsert(world()))
    expert = await run(
        sdk.operator.edges(
            OperatorFields.certifications,
            from_=[xid("operator:0"), xid("operator:1")],
            filter=CertificationFields.level.equals("expert"),
        )
    )
    assert [(c.start_node.external_id, c.end_node.external_id) for c in expert] == [
        ("operator:0", "equipment:1")
    ]
    on_one = await run(
        sdk.equipment.edges(EquipmentFields.certified_operators, from_=xid("equipment:1"), limit=None)
    )
    assert sorted(c.start_node.external_id for c in on_one) == ["operator:0", "operator:1"]
    assert all(isinstance(c, Certification) and c.type == CERTIFIED for c in on_one)


async def test_nested_writes_read_back_intact(sdk: Any) -> None:
    await run(sdk.upsert([facility(0)]))
    nested = OperatorWrite(
        space=SPACE,
        external_id="operator:n",
        full_name="Nested",
        certifications=[
            rt.ConnectionEdgeWrite(equipment(7), CertificationProperties(level="expert", score=99.5)),
            rt.ConnectionEdgeWrite(
                xid("equipment:7"), CertificationProperties(level="basic"), external_id="second"
            ),
        ],
        installations=[equipment(8)],
    )
    result = await run(sdk.operator.upsert(nested))
    # nodes depth first in field order (installations come before certifications), then the edges
    assert [(r.instance_type, r.external_id) for r in result] == [
        ("node", "operator:n"),
        ("node", "equipment:8"),
        ("node", "equipment:7"),
        ("edge", "operator:n:installed:equipment:8"),
        ("edge", "operator:n:certified:equipment:7"),
        ("edge", "second"),
    ]
    back = await run(
        sdk.operator.retrieve(
            xid("operator:n"),
            include={
                OperatorFields.certifications: True,
                OperatorFields.installations: rt.Include(include={EquipmentFields.facility: "ids"}),
            },
        )
    )
    assert back.full_name == "Nested"
    certs = sorted(
        (c.edge.external_id, c.edge.level, c.edge.score, c.node.serial_number) for c in back.certifications
    )
    assert certs == [
        ("operator:n:certified:equipment:7", "expert", 99.5, "SN-0007"),
        ("second", "basic", None, "SN-0007"),
    ]
    (installed,) = back.installations
    assert installed.external_id == "equipment:8"
    assert installed.specification == equipment(8).specification
    assert installed.facility == xid("facility:0")
    again = await run(sdk.operator.upsert(nested))
    assert {r.status for r in again} == {"unchanged"}


async def test_a_sync_feed_sees_creates_updates_and_deletes_and_resumes(sdk: Any) -> None:
    await run(sdk.upsert([facility(i) for i in range(3)]))
    feed = sdk.facility.sync(page_size=2)
    batches = await run(feed)
    assert names(f for b in batches for f in b.items) == ["facility:0", "facility:1", "facility:2"]
    saved = feed.cursor
    assert saved == batches[-1].cursor
    await run(sdk.facility.upsert(facility(1).model_copy(update={"location": "Moved"})))
    await run(sdk.facility.upsert(facility(3)))
    await run(sdk.facility.delete(xid("facility:0")))
    later = await run(sdk.facility.sync(cursor=saved))
    changed = {f.external_id: f.location for b in later for f in b.items}
    assert changed == {"facility:1": "Moved", "facility:3": "Site 3"}
    assert [d.id for b in later for d in b.deleted] == [xid("facility:0")]
    quiet = await run(sdk.facility.sync(cursor=later[-1].cursor))
    assert sum(len(b.items) + len(b.deleted) for b in quiet) == 0


def test_the_example_sdk_declares_its_connections() -> None:
    assert Operator._connection_names == {"managed_facility", "supervises", "installations", "certifications"}
    assert OperatorFields.certifications.type == CERTIFIED
    assert OperatorFields.supervises.direction == "inwards"
    assert FacilityFields.backup_equipment.through == "backup_facilities"
    assert EquipmentFields.facility.source is not None
    assert "certifications" in OperatorWrite._connection_names
    assert certification(0, 0).type == CERTIFIED
