"""The IR of the example model: names for both languages, kinds, inheritance, JSON round trip."""

from __future__ import annotations

import json

import pytest

from pygen_generator import generate_ir
from pygen_generator.ir import SdkIR, ViewIR
from pygen_generator.validation import GenerateOptions

from .conftest import EXAMPLE_MODEL


@pytest.fixture(scope="module")
def ir() -> SdkIR:
    return generate_ir(
        [EXAMPLE_MODEL], options=GenerateOptions(package="example_sdk", client_name="ExampleClient")
    )


def _view(ir: SdkIR, xid: str) -> ViewIR:
    return next(v for v in ir.views if v.ref.external_id == xid)


def test_ir_is_json(ir: SdkIR) -> None:
    data = json.loads(ir.to_json())
    assert data["python"]["package"] == "example_sdk"
    assert [v["python"]["module"] for v in data["views"]] == sorted(
        v["python"]["module"] for v in data["views"]
    )


def test_views_kinds_and_inheritance(ir: SdkIR) -> None:
    assert _view(ir, "Certification").used_for == "edge"
    pump = _view(ir, "Pump")
    assert [p.external_id for p in pump.implements] == ["Equipment"]
    assert pump.python.classes[0].read_header == "class Pump(Equipment, PumpProperties, view=VIEW_ID):"
    inherited = {p.id for p in pump.properties if p.inherited}
    assert {"name", "serialNumber", "status"} <= inherited
    assert {p.id for p in pump.properties if not p.inherited} == {"flowRate", "maxPressure"}


def test_property_facts(ir: SdkIR) -> None:
    props = {p.id: p for p in _view(ir, "Equipment").properties}
    serial = props["serialNumber"]
    assert (serial.type, serial.nullable, serial.required_on_write) == ("text", False, True)
    assert serial.python is not None
    assert serial.python.name == "serial_number"
    assert serial.typescript.name == "serialNumber"
    status = props["status"]
    assert status.enum is not None
    assert (status.enum.python_alias, status.enum.typescript_type) == ("Status", "EquipmentStatus")
    assert [v.value for v in status.enum.values] == ["running", "stopped", "maintenance"]
    facility = props["facility"]
    assert facility.direct_target is not None
    assert facility.direct_target.external_id == "Facility"
    certified = props["certifiedOperators"]
    assert certified.edge is not None
    assert certified.edge.direction == "inwards"
    assert certified.edge.edge_source is not None
    assert certified.edge.edge_source.external_id == "Certification"
    assert certified.python is None


def test_reverse_relations_and_edge_types(ir: SdkIR) -> None:
    facility = {p.id: p for p in _view(ir, "Facility").properties}
    reverse = facility["backupEquipment"].reverse
    assert reverse is not None
    assert (reverse.through_property, reverse.through_python_field, reverse.targets_list) == (
        "backupFacilities",
        "backup_facilities",
        True,
    )
    assert [(e.python_const, e.declared_in.external_id) for e in ir.edge_types] == [
        ("CERTIFIED", "Operator"),
        ("INSTALLED", "Operator"),
        ("SUPERVISED_BY", "Operator"),
    ]
