"""Value types of view properties, as used by generated read and write classes.

Read classes use plain ``datetime``/``date``/``int``/``float`` (parsed straight from the response bytes;
timestamps arrive with an offset, so they are timezone-aware). Write classes use the annotated types below:
they validate on construction (with the field's name in the error) and serialise to the DMS wire format.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, JsonValue, PlainSerializer

from pygen_runtime._ids import InstanceId, to_instance_id

__all__ = [
    "DirectRelation",
    "Float32",
    "Float64",
    "Int32",
    "Int64",
    "JsonObject",
    "TimestampWrite",
    "format_date",
    "format_timestamp",
]

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
FLOAT32_MAX = 3.4028234663852886e38


def format_timestamp(value: datetime) -> str:
    """The DMS wire form of a timestamp: ISO 8601 with milliseconds and an offset."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            f"timestamp {value!r} is naive: pass a timezone-aware datetime, e.g. datetime(..., tzinfo=timezone.utc)"
        )
    if offset % timedelta(minutes=1):  # e.g. a historical local mean time (+00:19:32): not valid ISO 8601
        value = value.astimezone(timezone.utc)
    return value.isoformat(timespec="milliseconds")


def format_date(value: date) -> str:
    """The DMS wire form of a date: ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware, e.g. datetime(2024, 1, 1, tzinfo=timezone.utc)")
    return value


def _to_id(value: Any) -> Any:
    if isinstance(value, (tuple, InstanceId)) or hasattr(value, "external_id"):
        return to_instance_id(value, what="direct relation")
    return value


def _dump_id(value: InstanceId) -> dict[str, str]:
    return value.dump()


# Write-side value types.
TimestampWrite = Annotated[
    datetime, AfterValidator(_require_aware), PlainSerializer(format_timestamp, when_used="json")
]
Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX, strict=True)]
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX, strict=True)]
# strict: ints are accepted, but not bools or numeric strings (as for Int32/Int64).
Float32 = Annotated[float, Field(ge=-FLOAT32_MAX, le=FLOAT32_MAX, allow_inf_nan=False, strict=True)]
Float64 = Annotated[float, Field(allow_inf_nan=False, strict=True)]
JsonObject = dict[str, JsonValue]
# A direct relation on write: an InstanceId, a (space, external_id) tuple, or any instance.
DirectRelation = Annotated[InstanceId, BeforeValidator(_to_id), PlainSerializer(_dump_id, when_used="json")]
