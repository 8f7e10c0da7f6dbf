"""Identifier rules of dms-api.md §0.2: patterns, lengths and reserved names.

The one place where spaces, externalIds, versions, property ids and instance externalIds are checked;
the schema and the instance endpoints both use it, so a bad identifier gets the same message everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from pygen_emulator._errors import DMSError

__all__ = [
    "SCHEMA_XID_RE",
    "SPACE_RE",
    "VERSION_RE",
    "check_bool",
    "check_instance_xid",
    "check_prop_id",
    "check_space",
    "check_str",
    "check_version",
    "check_xid",
    "container_ref",
    "is_instance_xid",
    "show",
    "view_ref",
]

SPACE_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?")
SCHEMA_XID_RE = re.compile(r"[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?")
VERSION_RE = re.compile(r"[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?")
_PROP = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?")

_MAX_INSTANCE_XID = 256
_MAX_SHOWN = 80  # identifiers quoted in messages are cut here, so a huge bad input gives a short message

RESERVED_SPACES = frozenset({"space", "cdf", "dms", "pg3", "shared", "system", "node", "edge"})
RESERVED_XIDS = frozenset(
    {
        "Query", "Mutation", "Subscription", "String", "Int32", "Int64", "Int", "Float32", "Float64",
        "Float", "Timestamp", "JSONObject", "Date", "Numeric", "Boolean", "PageInfo", "File", "Sequence",
        "TimeSeries",
    }
)  # fmt: skip
RESERVED_PROPS = frozenset(
    {
        "space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "edge_id", "node_id",
        "project_id", "property_group", "seq", "tg_table_name", "extensions",
    }
)  # fmt: skip


def check_str(value: Any, where: str, *, max_len: int | None = None, optional: bool = False) -> str | None:
    """A string (or None when ``optional``), at most ``max_len`` characters."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise DMSError(400, f"{where} must be a string, got {type(value).__name__}.")
    if max_len is not None and len(value) > max_len:
        raise DMSError(400, f"{where} must be at most {max_len} characters, got {len(value)}.")
    return value


def check_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise DMSError(400, f"{where} must be true or false, got {value!r}.")
    return value


def _check_identifier(
    value: Any,
    where: str,
    pattern: re.Pattern[str],
    what: str,
    sizes: str,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """A string matching ``pattern`` (the message quotes it, with ``sizes``) and not in ``reserved``."""
    text = check_str(value, where)
    assert text is not None
    if not pattern.fullmatch(text):
        raise DMSError(
            400, f"{where} {show(text)} is not a valid {what}: it must match ^{pattern.pattern}$ ({sizes})."
        )
    if text in reserved:
        raise DMSError(400, f"{where} {text!r} is a reserved {what}: choose another name.")
    return text


def check_space(value: Any, where: str, *, creating: bool = False) -> str:
    reserved = RESERVED_SPACES if creating else frozenset()
    return _check_identifier(value, where, SPACE_RE, "space identifier", "1-43 characters", reserved)


def check_xid(value: Any, where: str, *, creating: bool = False) -> str:
    reserved = RESERVED_XIDS if creating else frozenset()
    return _check_identifier(value, where, SCHEMA_XID_RE, "externalId", "1-255 characters", reserved)


def check_version(value: Any, where: str) -> str:
    return _check_identifier(value, where, VERSION_RE, "version", "1-43 characters")


def check_instance_xid(value: Any, where: str) -> str:
    """A node or edge externalId: any string of 1-256 characters without NUL (OAS ``NodeOrEdgeExternalId``)."""
    text = check_str(value, where)
    assert text is not None
    if not is_instance_xid(text):
        raise DMSError(
            400,
            f"{where} {show(text)} is not a valid instance externalId: it must be 1-256 characters without NUL.",
        )
    return text


def is_instance_xid(text: str) -> bool:
    return 1 <= len(text) <= _MAX_INSTANCE_XID and "\x00" not in text


def check_prop_id(value: Any, where: str) -> str:
    return _check_identifier(value, where, _PROP, "property identifier", "1-255 characters", RESERVED_PROPS)


def container_ref(value: Any, where: str) -> dict[str, str]:
    """A normalised ``{"type": "container", "space", "externalId"}``."""
    if not isinstance(value, dict):
        raise DMSError(400, f"{where} must be a container reference object.")
    for key in value:
        if key not in ("type", "space", "externalId"):
            raise DMSError(400, f"Unexpected field - {where}.{key}")
    if value.get("type", "container") != "container":
        raise DMSError(400, f"{where}.type must be 'container', got {value.get('type')!r}.")
    return {
        "type": "container",
        "space": check_space(value.get("space"), f"{where}.space"),
        "externalId": check_xid(value.get("externalId"), f"{where}.externalId"),
    }


def view_ref(value: Any, where: str, *, version_required: bool = True) -> dict[str, str]:
    """A normalised ``{"type": "view", "space", "externalId", "version"}`` (version may be absent)."""
    if not isinstance(value, dict):
        raise DMSError(400, f"{where} must be a view reference object.")
    for key in value:
        if key not in ("type", "space", "externalId", "version"):
            raise DMSError(400, f"Unexpected field - {where}.{key}")
    if value.get("type", "view") != "view":
        raise DMSError(400, f"{where}.type must be 'view', got {value.get('type')!r}.")
    out = {
        "type": "view",
        "space": check_space(value.get("space"), f"{where}.space"),
        "externalId": check_xid(value.get("externalId"), f"{where}.externalId"),
    }
    if value.get("version") is not None:
        out["version"] = check_version(value["version"], f"{where}.version")
    elif version_required:
        raise DMSError(400, f"{where}.version is required.")
    return out


def show(value: Any) -> str:
    """``repr(value)`` cut to a length fit for an error message."""
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "..."
