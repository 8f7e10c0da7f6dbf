"""Value types of view properties, shared by a view's read and write classes.

A generated ``<View>Properties`` class declares each property once with these types. Their checks run in
pydantic-core (no Python call per value on the read path): on write they validate on construction (with
the field's name in the error) and serialise to the DMS wire format; on read they parse the response.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, GetCoreSchemaHandler, JsonValue, PlainSerializer
from pydantic_core import core_schema

from pygen_runtime._ids import InstanceId, to_instance_id

__all__ = [
    "DirectRelation",
    "Float32",
    "Float64",
    "Int32",
    "Int64",
    "JsonObject",
    "Timestamp",
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


def _to_id(value: Any) -> Any:
    from pygen_runtime._instances import WriteBase  # a cycle at import time: _instances uses these types

    if isinstance(value, WriteBase):
        # A nested write (docs/connections.md §5): kept as it is; upsert writes it as a node of its own and
        # sends its id here.
        return value
    return to_instance_id(value, what="direct relation")


def _dump_id(value: Any) -> dict[str, str]:
    return value.dump() if isinstance(value, InstanceId) else to_instance_id(value).dump()


class _DirectRelationSchema:
    """An ``InstanceId`` parsed natively from the wire ``{"space", "externalId"}``; only other inputs (a
    ``(space, external_id)`` tuple, an instance) go through Python."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [handler(source), core_schema.no_info_plain_validator_function(_to_id)],
            mode="left_to_right",
            serialization=core_schema.plain_serializer_function_ser_schema(_dump_id, when_used="json"),
        )


# A timestamp must carry an offset (DMS stores instants): a naive datetime is rejected on write.
Timestamp = Annotated[AwareDatetime, PlainSerializer(format_timestamp, when_used="json")]
Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX, strict=True)]
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX, strict=True)]
# strict: ints are accepted, but not bools or numeric strings (as for Int32/Int64).
Float32 = Annotated[float, Field(ge=-FLOAT32_MAX, le=FLOAT32_MAX, allow_inf_nan=False, strict=True)]
Float64 = Annotated[float, Field(allow_inf_nan=False, strict=True)]
JsonObject = dict[str, JsonValue]
# A direct relation: an InstanceId; on write also a (space, external_id) tuple or any instance.
DirectRelation = Annotated[InstanceId, _DirectRelationSchema()]
