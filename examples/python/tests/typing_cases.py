"""Type-checked by test_types.py with mypy --strict: each line marked ``# E:`` must be an error with that
code, and no other line may be. Never imported at run time."""

from __future__ import annotations

from datetime import date

from typing_extensions import assert_type

from example_sdk import (
    AsyncExampleClient,
    CertificationFields,
    DescribableFields,
    Equipment,
    EquipmentFields,
    EquipmentWrite,
    ExampleClient,
    FacilityFields,
    FacilityWrite,
    Pump,
    PumpFields,
)
from pygen_runtime import (
    AggregateResult,
    DeleteResult,
    Filter,
    InstanceList,
    NodeFields,
    Page,
    UpsertResult,
    and_,
    count,
    raw_filter,
)


def reads(client: ExampleClient) -> None:
    assert_type(client.equipment.retrieve(("s", "x")), Equipment | None)
    assert_type(client.equipment.retrieve([("s", "x")]), InstanceList[Equipment])
    assert_type(client.equipment.list(EquipmentFields.priority.range(gte=1)), InstanceList[Equipment])
    assert_type(client.equipment.aggregate(count()), AggregateResult)
    for item in client.equipment.iterate():
        assert_type(item, Equipment)
    for page in client.pump.iterate(page_size=10).pages():
        assert_type(page, Page[Pump])
        assert_type(page.next_cursor, str | None)
    assert_type(client.equipment.fields, type[EquipmentFields])
    found = client.equipment.retrieve(("s", "x"))
    if found is not None:
        assert_type(found.serial_number, str)  # a required property is never None on a read
        assert_type(found.priority, int | None)


def writes(client: ExampleClient) -> None:
    write = EquipmentWrite(space="s", external_id="x", serial_number="S", status="running")
    assert_type(client.equipment.upsert(write), UpsertResult)
    assert_type(client.equipment.delete(("s", "x")), DeleteResult)
    EquipmentWrite(space="s", external_id="x")  # E: call-arg
    EquipmentWrite(space="s", external_id="x", serial_number="S", status="bogus")  # E: arg-type
    client.equipment.upsert(FacilityWrite(space="s", external_id="f"))  # E: arg-type
    client.upsert("not a write")  # E: arg-type


def filters_are_tied_to_their_view(client: ExampleClient) -> None:
    client.equipment.list(EquipmentFields.serial_number.equals("S"))
    client.equipment.list(DescribableFields.name.prefix("P"))  # a view Equipment implements
    client.equipment.list(EquipmentFields.space.equals("s") & NodeFields.external_id.prefix("eq-"))
    client.equipment.list(raw_filter({"matchAll": {}}))
    client.equipment.list(client.equipment.fields.priority.gt(1) | ~DescribableFields.name.exists())
    client.equipment.list(and_(DescribableFields.name.exists(), EquipmentFields.priority.lte(3)))
    client.pump.list(EquipmentFields.priority.lt(2) & PumpFields.flow_rate.gte(1.0))
    assert_type(DescribableFields.name.exists() & EquipmentFields.priority.gt(1), Filter[EquipmentFields])
    client.equipment.list(FacilityFields.location.equals("x"))  # E: arg-type
    client.equipment.list(FacilityFields.name.equals("x"))  # E: arg-type
    client.equipment.list(PumpFields.flow_rate.gt(1.0))  # E: arg-type
    EquipmentFields.priority.gt(1) & FacilityFields.location.equals("x")  # E: operator
    client.equipment.list({"matchAll": {}})  # E: arg-type


def builders() -> None:
    EquipmentFields.status.equals("bogus")  # E: arg-type
    EquipmentFields.priority.range(gte="high")  # E: arg-type
    EquipmentFields.commissioned_on.gte(date(2024, 1, 1))
    EquipmentFields.commissioned_on.gte("2024-01-01")  # E: arg-type
    EquipmentFields.name.prefix(3)  # E: arg-type
    CertificationFields.level.in_(["basic", "guru"])  # E: list-item


def arguments(client: ExampleClient) -> None:
    client.equipment.list(limit="all")  # E: arg-type
    client.equipment.search("x", operator="XOR")  # E: arg-type
    client.equipment.iterate(chunk_size=10)  # E: call-arg


async def async_client(client: AsyncExampleClient) -> None:
    assert_type(await client.equipment.retrieve(("s", "x")), Equipment | None)
    async for item in client.equipment.iterate():
        assert_type(item, Equipment)
    async for page in client.equipment.iterate().pages():
        assert_type(page, Page[Equipment])
    await client.equipment.list(FacilityFields.location.equals("x"))  # E: arg-type


def context_managers() -> None:
    from pygen_client import ClientConfig, Token

    config = ClientConfig(base_url="http://127.0.0.1:1", project="p", credentials=Token("t"))
    with ExampleClient(config) as client:
        assert_type(client, ExampleClient)
