"""Test data for the example model: one instance of every kind, every property set."""

from __future__ import annotations

import inspect
from datetime import date, datetime, timedelta, timezone
from typing import Any

from example_sdk import (
    CERTIFIED,
    CertificationWrite,
    EquipmentWrite,
    FacilityWrite,
    OperatorWrite,
    PumpWrite,
)
from pygen_runtime import InstanceIterator

SPACE = "pygen_example"
UTC = timezone.utc
CET = timezone(timedelta(hours=1))


def facility(i: int) -> FacilityWrite:
    return FacilityWrite(space=SPACE, external_id=f"facility:{i}", name=f"Plant {i}", location=f"Site {i}")


def operator(i: int) -> OperatorWrite:
    return OperatorWrite(
        space=SPACE,
        external_id=f"operator:{i}",
        full_name=f"Operator {i}",
        email=f"op{i}@example.com",
        hired_on=date(2020, 1, 1 + i),
    )


def equipment(i: int, **overrides: object) -> EquipmentWrite:
    values: dict[str, object] = {
        "space": SPACE,
        "external_id": f"equipment:{i}",
        "name": f"Compressor {i}",
        "description": f"Unit number {i}",
        "serial_number": f"SN-{i:04d}",
        "aliases": [f"C{i}", f"unit-{i}"],
        "priority": i,
        "maintenance_intervals": [30, 90 + i],
        "operating_hours": 10_000_000_000 + i,
        "counter_readings": [1, 2**40 + i],
        "weight_kg": 1.5 + i,
        "vibration_limits": [0.5, 1.25],
        "efficiency": 0.25 * i,
        "calibration_factors": [1.0, 0.1 + i],
        "is_active": i % 2 == 0,
        "alarm_flags": [True, False],
        "installed_at": datetime(2024, 1, 1 + i % 28, 12, 30, 15, 123000, tzinfo=UTC),
        "inspection_times": [datetime(2024, 2, 1, 8, 0, tzinfo=CET), datetime(2024, 3, 1, tzinfo=UTC)],
        "commissioned_on": date(2023, 6, 1 + i % 28),
        "service_dates": [date(2024, 1, 15), date(2024, 7, 15)],
        "specification": {"model": f"X{i}", "ratings": {"kw": 75 + i}, "tags": ["a", "b"]},
        "documents": [{"kind": "manual", "pages": 10}],
        "status": ("running", "stopped", "maintenance")[i % 3],
        "temperature_series": f"ts:temperature:{i}",
        "facility": (SPACE, "facility:0"),
        "backup_facilities": [(SPACE, "facility:1"), (SPACE, "facility:2")],
    }
    values.update(overrides)
    return EquipmentWrite.model_validate(values)


def pump(i: int) -> PumpWrite:
    base = equipment(100 + i).model_dump(exclude_unset=True)
    return PumpWrite.model_validate(
        {**base, "external_id": f"pump:{i}", "flow_rate": 10.0 * i, "max_pressure": 2.5}
    )


def certification(op: int, eq: int, level: str = "advanced") -> CertificationWrite:
    return CertificationWrite(
        space=SPACE,
        external_id=f"cert:{op}:{eq}",
        type=CERTIFIED,
        start_node=(SPACE, f"operator:{op}"),
        end_node=(SPACE, f"equipment:{eq}"),
        level=level,  # type: ignore[arg-type]
        certified_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        valid_until=date(2026, 5, 1),
        score=80.0 + eq,
    )


def world() -> list[object]:
    """3 facilities, 2 operators, 6 equipment, 2 pumps, 3 certifications."""
    return [
        *(facility(i) for i in range(3)),
        *(operator(i) for i in range(2)),
        *(equipment(i) for i in range(6)),
        *(pump(i) for i in range(2)),
        certification(0, 0, "basic"),
        certification(0, 1, "expert"),
        certification(1, 1),
    ]


async def resolve(value: Any) -> Any:
    """Await ``value`` if the async client returned an awaitable; drain iterators (``iterate()``, its
    ``.pages()``) into a list."""
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    if inspect.isgenerator(value) or isinstance(value, InstanceIterator):
        return list(value)
    if inspect.isawaitable(value):
        return await value
    return value
