"""Validation and normalisation of container specifications (dms-api.md §3.1-3.3)."""

from __future__ import annotations

import re
from typing import Any

from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._errors import DMSError
from pygen_emulator._ids import (
    check_bool,
    check_prop_id,
    check_space,
    check_str,
    check_xid,
    container_ref,
)

__all__ = ["normalise_container", "normalise_type", "update_conflict"]

PRIMITIVES = ("boolean", "int32", "int64", "float32", "float64", "timestamp", "date", "json")
CDF_REFS = ("timeseries", "file", "sequence")
ALL_TYPES = ("text", *PRIMITIVES, *CDF_REFS, "direct", "enum")
_ENUM_VALUE = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,127}")
_MAX_PROPERTIES = 100


def normalise_type(value: Any, where: str) -> dict[str, Any]:
    """A property ``type`` object with its defaults filled in."""
    obj = expect_object(value, where)
    kind = obj.get("type")
    if kind not in ALL_TYPES:
        raise DMSError(400, f"{where}.type must be one of {', '.join(ALL_TYPES)}, got {kind!r}.")
    if kind == "enum":
        return _enum_type(obj, where)
    optional: tuple[str, ...] = ("list", "maxListSize")
    if kind == "text":
        optional += ("maxTextSize", "collation")
    elif kind in ("int32", "int64", "float32", "float64"):
        optional += ("unit",)
    elif kind == "direct":
        optional += ("container", "source")
    expect_keys(obj, where, required=("type",), optional=optional)
    out: dict[str, Any] = {"type": kind, "list": check_bool(obj.get("list", False), f"{where}.list")}
    if obj.get("maxListSize") is not None:
        if not out["list"]:
            raise DMSError(400, f"{where}.maxListSize can only be set on list properties.")
        out["maxListSize"] = _int(obj["maxListSize"], f"{where}.maxListSize", 1, 2000)
    if kind == "text":
        if obj.get("maxTextSize") is not None:
            out["maxTextSize"] = _int(obj["maxTextSize"], f"{where}.maxTextSize", 1, 128_000)
        out["collation"] = check_str(obj.get("collation", "ucs_basic"), f"{where}.collation", max_len=64)
    elif kind == "direct" and obj.get("container") is not None:
        out["container"] = container_ref(obj["container"], f"{where}.container")
    elif obj.get("unit") is not None:
        unit = expect_object(obj["unit"], f"{where}.unit")
        expect_keys(unit, f"{where}.unit", required=("externalId",), optional=("sourceUnit",))
        out["unit"] = {
            k: check_str(v, f"{where}.unit.{k}", max_len=256) for k, v in unit.items() if v is not None
        }
    return out


def _enum_type(obj: dict[str, Any], where: str) -> dict[str, Any]:
    expect_keys(obj, where, required=("type", "values"), optional=("unknownValue",))
    values = expect_object(obj["values"], f"{where}.values")
    if not 1 <= len(values) <= 32:
        raise DMSError(400, f"{where}.values must hold between 1 and 32 enum values, got {len(values)}.")
    out_values: dict[str, Any] = {}
    for key, spec in values.items():
        if not _ENUM_VALUE.fullmatch(key) or key in ("true", "false", "null"):
            raise DMSError(400, f"{where}.values: {key!r} is not a valid enum value identifier.")
        spec_obj = expect_object(spec if spec is not None else {}, f"{where}.values.{key}")
        expect_keys(spec_obj, f"{where}.values.{key}", optional=("name", "description"))
        out_values[key] = {k: v for k, v in spec_obj.items() if v is not None}
    out: dict[str, Any] = {"type": "enum", "values": out_values}
    if obj.get("unknownValue") is not None:
        if obj["unknownValue"] not in out_values:
            raise DMSError(
                400, f"{where}.unknownValue {obj['unknownValue']!r} must be one of the enum values."
            )
        out["unknownValue"] = obj["unknownValue"]
    return out


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DMSError(400, f"{where} must be an integer between {low} and {high}, got {value!r}.")
    return value


def _property(value: Any, where: str) -> dict[str, Any]:
    obj = expect_object(value, where)
    expect_keys(
        obj,
        where,
        required=("type",),
        # constraintState is read-only; cognite-sdk sends it back (as {}) in its write objects: ignored.
        optional=(
            "nullable",
            "immutable",
            "autoIncrement",
            "defaultValue",
            "name",
            "description",
            "constraintState",
        ),
    )
    out: dict[str, Any] = {}
    for field, max_len in (("name", 255), ("description", 1024)):
        text = check_str(obj.get(field), f"{where}.{field}", max_len=max_len, optional=True)
        if text is not None:
            out[field] = text
    type_ = normalise_type(obj["type"], f"{where}.type")
    out["type"] = type_
    out["nullable"] = check_bool(obj.get("nullable", True), f"{where}.nullable")
    out["immutable"] = check_bool(obj.get("immutable", False), f"{where}.immutable")
    out["autoIncrement"] = check_bool(obj.get("autoIncrement", False), f"{where}.autoIncrement")
    if out["autoIncrement"] and (type_["type"] not in ("int32", "int64") or type_.get("list")):
        raise DMSError(400, f"{where}.autoIncrement is only allowed on single int32/int64 properties.")
    if obj.get("defaultValue") is not None:
        out["defaultValue"] = _default(obj["defaultValue"], type_, f"{where}.defaultValue")
    return out


def _default(value: Any, type_: dict[str, Any], where: str) -> Any:
    kind = type_["type"]
    if type_.get("list"):
        raise DMSError(400, f"{where}: default values are not supported for list properties.")
    ok = {
        "text": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "int32": isinstance(value, int) and not isinstance(value, bool),
        "int64": isinstance(value, int) and not isinstance(value, bool),
        "float32": isinstance(value, (int, float)) and not isinstance(value, bool),
        "float64": isinstance(value, (int, float)) and not isinstance(value, bool),
        "timestamp": isinstance(value, str),
        "date": isinstance(value, str),
        "json": isinstance(value, dict),
        "direct": isinstance(value, dict),
        "enum": isinstance(value, str) and value in type_.get("values", {}),
    }.get(kind, isinstance(value, str))
    if not ok:
        raise DMSError(400, f"{where} {value!r} does not match the property type {kind!r}.")
    return value


def normalise_container(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A container write spec with defaults filled in, or a 400 naming what is wrong."""
    expect_keys(
        item,
        where,
        required=("space", "externalId", "properties"),
        optional=("name", "description", "usedFor", "constraints", "indexes"),
    )
    out: dict[str, Any] = {
        "space": check_space(item["space"], f"{where}.space"),
        "externalId": check_xid(item["externalId"], f"{where}.externalId", creating=True),
    }
    for field, max_len in (("name", 255), ("description", 1024)):
        text = check_str(item.get(field), f"{where}.{field}", max_len=max_len, optional=True)
        if text is not None:
            out[field] = text
    used_for = item.get("usedFor", "node")
    if used_for not in ("node", "edge", "all", "record"):
        raise DMSError(400, f"{where}.usedFor must be node, edge, all or record, got {used_for!r}.")
    out["usedFor"] = used_for
    props = expect_object(item["properties"], f"{where}.properties")
    if not 1 <= len(props) <= _MAX_PROPERTIES:
        raise DMSError(400, f"{where}.properties must hold between 1 and {_MAX_PROPERTIES} properties.")
    out["properties"] = {
        check_prop_id(k, f"{where}.properties key"): _property(v, f"{where}.properties.{k}")
        for k, v in props.items()
    }
    out["constraints"] = _constraints(
        item.get("constraints") or {}, out["properties"], f"{where}.constraints"
    )
    out["indexes"] = _indexes(item.get("indexes") or {}, out["properties"], f"{where}.indexes")
    return out


def _identifier(key: str, where: str) -> str:
    if not 1 <= len(key) <= 43:
        raise DMSError(400, f"{where}: identifier {key!r} must be 1-43 characters.")
    return key


def _prop_list(value: Any, props: dict[str, Any], where: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) for p in value):
        raise DMSError(400, f"{where} must be a non-empty array of property identifiers.")
    for prop in value:
        if prop not in props:
            raise DMSError(400, f"{where}: property {prop!r} is not a property of this container.")
    return list(value)


def _constraints(value: Any, props: dict[str, Any], where: str) -> dict[str, Any]:
    obj = expect_object(value, where)
    out: dict[str, Any] = {}
    for key, raw in obj.items():
        at = f"{where}.{_identifier(key, where)}"
        spec = expect_object(raw, at)
        kind = spec.get("constraintType")
        if kind == "uniqueness":
            expect_keys(spec, at, required=("constraintType", "properties"), optional=("bySpace",))
            out[key] = {
                "constraintType": kind,
                "properties": _prop_list(spec["properties"], props, f"{at}.properties"),
                "bySpace": check_bool(spec.get("bySpace", False), f"{at}.bySpace"),
            }
        elif kind == "requires":
            expect_keys(spec, at, required=("constraintType", "require"))
            out[key] = {"constraintType": kind, "require": container_ref(spec["require"], f"{at}.require")}
        else:
            raise DMSError(400, f"{at}.constraintType must be 'uniqueness' or 'requires', got {kind!r}.")
    if sum(1 for c in out.values() if c["constraintType"] == "uniqueness") > 10:
        raise DMSError(400, f"{where}: at most 10 uniqueness constraints per container.")
    if sum(1 for c in out.values() if c["constraintType"] == "requires") > 25:
        raise DMSError(400, f"{where}: at most 25 requires constraints per container.")
    return out


def _indexes(value: Any, props: dict[str, Any], where: str) -> dict[str, Any]:
    obj = expect_object(value, where)
    if len(obj) > 10:
        raise DMSError(400, f"{where}: at most 10 indexes per container, got {len(obj)}.")
    out: dict[str, Any] = {}
    for key, raw in obj.items():
        at = f"{where}.{_identifier(key, where)}"
        spec = expect_object(raw, at)
        kind = spec.get("indexType", "btree")
        if kind == "btree":
            expect_keys(spec, at, required=("properties",), optional=("indexType", "cursorable", "bySpace"))
            out[key] = {
                "indexType": kind,
                "properties": _prop_list(spec["properties"], props, f"{at}.properties"),
                "cursorable": check_bool(spec.get("cursorable", False), f"{at}.cursorable"),
                "bySpace": check_bool(spec.get("bySpace", False), f"{at}.bySpace"),
            }
        elif kind == "inverted":
            expect_keys(spec, at, required=("indexType", "properties"))
            out[key] = {
                "indexType": kind,
                "properties": _prop_list(spec["properties"], props, f"{at}.properties"),
            }
        else:
            raise DMSError(400, f"{at}.indexType must be 'btree' or 'inverted', got {kind!r}.")
    return out


def update_conflict(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Why ``new`` cannot replace the stored ``old`` spec (a 409), or None."""
    name = f"{new['space']}:{new['externalId']}"
    if old["usedFor"] != new["usedFor"]:
        return f"Cannot change usedFor of container {name} from {old['usedFor']!r} to {new['usedFor']!r}."
    for prop_id, old_prop in old["properties"].items():
        new_prop = new["properties"].get(prop_id)
        if new_prop is None:
            continue
        old_t, new_t = old_prop["type"], new_prop["type"]
        if old_t["type"] != new_t["type"] or old_t.get("list") != new_t.get("list"):
            return (
                f"Cannot change the type of property {prop_id!r} of container {name}: "
                "delete and recreate the container (its data is lost) or add a new property."
            )
    for key, old_index in old["indexes"].items():
        new_index = new["indexes"].get(key)
        if new_index is not None and new_index["properties"] != old_index["properties"]:
            return f"Cannot change the properties of index {key!r} of container {name}: recreate the index."
    return None
