"""Property values checked against container property types (dms-api.md §2.1, §3.2).

Values are normalised to the read format on the way in (timestamps to UTC with milliseconds), so the
stored JSON can be returned as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import orjson

from pygen_emulator._errors import DMSError
from pygen_emulator._ids import SPACE_RE, is_instance_xid

MAX_TEXT_BYTES = 128_000
MAX_JSON_BYTES = 40_960
# dms-api.md gives no nesting limit for json values; orjson cannot write more than 254 levels, and the
# stored container data wraps each value in two more. 128 levels is far beyond any real document.
MAX_JSON_DEPTH = 128
DEFAULT_MAX_LIST = 1000
DEFAULT_MAX_DIRECT_LIST = 100
_INT_RANGE = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_FLOAT32_MAX = 3.4028234663852886e38

_TIMESTAMP_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class InvalidValueError(DMSError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def _fail(where: str, message: str) -> InvalidValueError:
    return InvalidValueError(f"Invalid value for property {where}: {message}")


def normalize_timestamp(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, f"expected a timestamp string, got {_short(value)}.")
    return _timestamp(value, where)


@functools.lru_cache(maxsize=4096)
def _timestamp(value: str, where: str) -> str:
    """Cached: bulk writes often repeat timestamps (a failure is not cached, it raises)."""
    match = _TIMESTAMP_RE.fullmatch(value)
    if not match:
        raise _fail(
            where, f"{_short(value)} is not an ISO 8601 timestamp like 2021-01-01T00:00:00.000+00:00."
        )
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    offset = dt.timedelta(0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    try:
        moment = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, dt.timezone(offset)
        )
        utc = moment.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        raise _fail(where, f"{_short(value)} is not a valid timestamp (year 0001-9999).") from None
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc:%H:%M:%S}.{utc.microsecond // 1000:03d}+00:00"


def normalize_date(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise _fail(where, f"expected a date like 2021-12-31, got {_short(value)}.")
    try:
        dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        raise _fail(where, f"{_short(value)} is not a valid date.") from None
    return value


def _scalar(kind: str, type_def: dict[str, Any], value: Any, where: str) -> Any:
    if kind == "text":
        if not isinstance(value, str):
            raise _fail(where, f"expected a string, got {_short(value)}.")
        if "\x00" in value:
            raise _fail(where, "text must not contain NUL characters.")
        limit = type_def.get("maxTextSize") or MAX_TEXT_BYTES
        if len(value) > limit // 4 and len(value.encode()) > limit:
            raise _fail(where, f"text is longer than {limit} bytes.")
        return value
    if kind in ("int32", "int64"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(where, f"expected an integer ({kind}), got {_short(value)}.")
        lo, hi = _INT_RANGE[kind]
        if not lo <= value <= hi:
            raise _fail(where, f"{value} is outside the {kind} range.")
        return value
    if kind in ("float32", "float64"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail(where, f"expected a number ({kind}), got {_short(value)}.")
        if kind == "float32" and abs(value) > _FLOAT32_MAX:
            raise _fail(where, f"{value} is outside the float32 range.")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            return float(value)  # beyond 64-bit integers: stored as the float it stands for
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _fail(where, f"expected true or false, got {_short(value)}.")
        return value
    if kind == "timestamp":
        return normalize_timestamp(value, where)
    if kind == "date":
        return normalize_date(value, where)
    if kind == "json":
        if not isinstance(value, dict):
            raise _fail(where, f"json values must be JSON objects, got {_short(value)}.")
        if _deeper_than(value, MAX_JSON_DEPTH):
            raise _fail(where, f"json values may be nested at most {MAX_JSON_DEPTH} levels deep.")
        return value
    if kind == "direct":
        return direct_value(value, where)
    if kind in ("timeseries", "file", "sequence"):
        if not isinstance(value, str) or not 1 <= len(value) <= 255:
            raise _fail(where, f"expected the external id of a {kind} (string), got {_short(value)}.")
        return value
    if kind == "enum":
        values = type_def.get("values") or {}
        if not isinstance(value, str) or value not in values:
            raise _fail(where, f"{_short(value)} is not one of the enum values {sorted(values)}.")
        if value == type_def.get("unknownValue"):
            raise _fail(where, f"{value!r} is the enum's unknownValue and cannot be written.")
        return value
    raise _fail(where, f"unsupported property type {kind!r}.")


def direct_value(value: Any, where: str) -> dict[str, str]:
    if (
        not isinstance(value, dict)
        or set(value) != {"space", "externalId"}
        or not isinstance(value["space"], str)
        or not isinstance(value["externalId"], str)
    ):
        raise _fail(where, f'expected {{"space": ..., "externalId": ...}}, got {_short(value)}.')
    if not SPACE_RE.fullmatch(value["space"]) or not is_instance_xid(value["externalId"]):
        raise _fail(where, f"{_short(value)} is not a valid node reference.")
    return {"space": value["space"], "externalId": value["externalId"]}


def normalize(type_def: dict[str, Any], value: Any, where: str) -> Any:
    """The value in stored/read form; ``None`` stays ``None`` (nullability is checked by the caller)."""
    if value is None:
        return None
    kind = type_def.get("type")
    if not type_def.get("list"):  # fast paths for the common scalar cases
        vtype = type(value)
        if kind == "text":
            if (
                vtype is str
                and len(value) <= 32_000
                and "\x00" not in value
                and "maxTextSize" not in type_def
            ):
                return value
        elif kind == "float64":
            if vtype is float or (vtype is int and -(2**63) <= value < 2**63):
                return value
        elif kind in ("int64", "int32"):
            if vtype is int and -(2**31) <= value < 2**31:
                return value
        elif kind == "boolean" and vtype is bool:
            return value
    if not isinstance(kind, str):
        raise _fail(where, "the container property has no type.")
    if type_def.get("list"):
        if not isinstance(value, list):
            raise _fail(where, f"expected a list, got {_short(value)}.")
        default_max = DEFAULT_MAX_DIRECT_LIST if kind == "direct" else DEFAULT_MAX_LIST
        limit = type_def.get("maxListSize") or default_max
        if len(value) > limit:
            raise _fail(where, f"the list has {len(value)} items, at most {limit} are allowed.")
        if any(item is None for item in value):
            raise _fail(where, "lists must not contain null.")
        out = [_scalar(kind, type_def, item, where) for item in value]
        if kind == "json" and _json_size(out, where) > MAX_JSON_BYTES:
            raise _fail(where, f"the json list is larger than {MAX_JSON_BYTES} bytes.")
        return out
    out = _scalar(kind, type_def, value, where)
    if kind == "json" and _json_size(out, where) > MAX_JSON_BYTES:
        raise _fail(where, f"the json value is larger than {MAX_JSON_BYTES} bytes.")
    return out


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether objects and arrays in ``value`` nest more than ``limit`` levels (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children = list(current.values())
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _json_size(value: Any, where: str) -> int:
    try:
        return len(orjson.dumps(value))
    except (TypeError, orjson.JSONEncodeError):
        raise _fail(where, "json values may only hold numbers within 64 bits.") from None


def filter_value(type_def: dict[str, Any] | None, value: Any) -> Any:
    """A filter operand in stored form (timestamps normalised); invalid ones are left for SQL to miss."""
    if type_def is None or not isinstance(value, str):
        return value
    kind = type_def.get("type")
    if kind == "timestamp":
        return normalize_timestamp(value, "in filter")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."
