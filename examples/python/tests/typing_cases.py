"""Type-checked by test_types.py with mypy --strict: each line marked ``# E:`` must be an error with that
code, and no other line may be. Never imported at run time."""

from __future__ import annotations

from typing_extensions import assert_type

from example_sdk import CertificationFields, Equipment, EquipmentFields, EquipmentList, ExampleClient
from pygen_runtime import AggregateResult, Filter, Page, count


def cases(client: ExampleClient) -> None:
    assert_type(client.equipment.retrieve(("s", "x")), Equipment | None)
    assert_type(client.equipment.retrieve([("s", "x")]), EquipmentList)
    assert_type(client.equipment.list(EquipmentFields.priority.range(gte=1)), EquipmentList)
    assert_type(client.equipment.aggregate(count()), AggregateResult)
    for page in client.equipment.iterate():
        assert_type(page, Page[Equipment, EquipmentList])
        for item in page:
            assert_type(item, Equipment)
    assert_type(EquipmentFields.status.equals("running") & ~EquipmentFields.name.exists(), Filter)
    EquipmentFields.status.equals("bogus")  # E: arg-type
    EquipmentFields.priority.range(gte="high")  # E: arg-type
    EquipmentFields.name.prefix(3)  # E: arg-type
    CertificationFields.level.in_(["basic", "guru"])  # E: list-item
    client.equipment.list(limit="all")  # E: arg-type
    client.equipment.search("x", operator="XOR")  # E: arg-type


def context_managers() -> None:
    from pygen_client import ClientConfig, Token

    config = ClientConfig(base_url="http://127.0.0.1:1", project="p", credentials=Token("t"))
    with ExampleClient(config) as client:
        assert_type(client, ExampleClient)
        client.upsert("not a write")  # E: arg-type
