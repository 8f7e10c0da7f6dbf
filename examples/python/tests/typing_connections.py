"""Type-checked by test_connection_types.py with mypy --strict: each line marked ``# E:`` must be an error
with that code, and no other line may be. Never imported at run time."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

import pygen_runtime as rt
from example_sdk import (
    AsyncExampleClient,
    Certification,
    CertificationFields,
    CertificationProperties,
    Equipment,
    EquipmentFields,
    EquipmentWrite,
    ExampleClient,
    Facility,
    FacilityFields,
    Operator,
    OperatorFields,
    OperatorWrite,
)


def traversals(client: ExampleClient) -> None:
    q = client.facility.query(filter=FacilityFields.name.prefix("Plant"))
    assert_type(q, rt.Query[Facility, FacilityFields])
    hop = q.follow(FacilityFields.equipment, filter=EquipmentFields.is_active.equals(True))
    assert_type(hop, rt.Query[Equipment, EquipmentFields])
    ops = hop.follow(
        EquipmentFields.certified_operators, edge_filter=CertificationFields.level.equals("expert")
    )
    assert_type(ops.list(), rt.InstanceList[Operator])
    q.follow(FacilityFields.equipment, filter=OperatorFields.email.equals("x"))  # E: misc
    client.operator.query().follow(
        FacilityFields.equipment
    )  # ok for mypy: the runtime says which view has it
    assert_type(client.operator.query().follow(OperatorFields.managed_facility).ids(), list[rt.InstanceId])
    edges = client.operator.edges(OperatorFields.certifications, from_=("s", "op"))
    assert_type(edges, rt.InstanceList[Certification])
    assert_type(client.equipment.query().follow(EquipmentFields.facility), rt.Query[Any, Any])


def reads(client: ExampleClient) -> None:
    op = client.operator.retrieve(("s", "op"), include={OperatorFields.certifications: True})
    if op is not None and op.certifications:
        for cert in op.certifications:
            if isinstance(cert, rt.ConnectionEdge):
                assert_type(cert.edge, Certification)
                assert_type(cert.node, Equipment)
            else:
                assert_type(cert, rt.InstanceId)
    if op is not None:
        assert_type(op.managed_facility, Facility | rt.InstanceId | rt.NotFetched | None)
        op.certifications[0]  # E: index
    for batch in client.equipment.sync(cursor=None):
        assert_type(batch.items, rt.InstanceList[Equipment])
        assert_type(batch.cursor, str)


async def async_reads(client: AsyncExampleClient) -> None:
    q = client.facility.query().follow(FacilityFields.backup_equipment)
    assert_type(await q.list(), rt.InstanceList[Equipment])
    async for batch in client.facility.sync():
        assert_type(batch.deleted, list[rt.DeletedInstance])


def writes(client: ExampleClient) -> None:
    nested = OperatorWrite(
        space="s",
        external_id="op",
        certifications=[
            rt.ConnectionEdgeWrite(
                EquipmentWrite(space="s", external_id="e", serial_number="1"), CertificationProperties()
            ),
            ("s", "e2"),  # E: list-item
            rt.InstanceId("s", "e3"),
        ],
        installations=[EquipmentWrite(space="s", external_id="e", serial_number="1")],
        supervises=[OperatorWrite(space="s", external_id="x")],  # E: list-item
    )
    client.operator.upsert(
        nested, edge_external_id=lambda start, type, end: f"{start.external_id}-{end.external_id}"
    )
