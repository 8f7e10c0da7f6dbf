"""Validation and normalisation of view specifications (dms-api.md §3.4)."""

from __future__ import annotations

from typing import Any

from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._errors import DMSError
from pygen_emulator._filter_language import BOOLEAN_FILTERS, LEAF_FILTERS, MAX_FILTER_DEPTH
from pygen_emulator._ids import (
    check_prop_id,
    check_space,
    check_str,
    check_version,
    check_xid,
    container_ref,
    view_ref,
)

__all__ = ["EDGE_KINDS", "REVERSE_KINDS", "normalise_view"]

EDGE_KINDS = ("single_edge_connection", "multi_edge_connection")
REVERSE_KINDS = ("single_reverse_direct_relation", "multi_reverse_direct_relation")
_MAX_PROPERTIES = 300


def normalise_view(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A view write spec with defaults filled in (implemented versions may still be missing)."""
    expect_keys(
        item,
        where,
        required=("space", "externalId", "version"),
        optional=("name", "description", "filter", "implements", "properties"),
    )
    out: dict[str, Any] = {
        "space": check_space(item["space"], f"{where}.space"),
        "externalId": check_xid(item["externalId"], f"{where}.externalId", creating=True),
        "version": check_version(item["version"], f"{where}.version"),
    }
    _texts(item, out, where)
    if item.get("filter") is not None:
        out["filter"] = _check_filter(item["filter"], f"{where}.filter", 0)
    implements = item.get("implements") or []
    if not isinstance(implements, list):
        raise DMSError(400, f"{where}.implements must be an array of view references.")
    out["implements"] = [
        view_ref(ref, f"{where}.implements[{i}]", version_required=False) for i, ref in enumerate(implements)
    ]
    props = expect_object(item.get("properties") or {}, f"{where}.properties")
    if len(props) > _MAX_PROPERTIES:
        raise DMSError(
            400, f"{where}.properties: at most {_MAX_PROPERTIES} properties per view, got {len(props)}."
        )
    out["properties"] = {
        check_prop_id(k, f"{where}.properties key"): _property(v, f"{where}.properties.{k}")
        for k, v in props.items()
    }
    return out


def _check_filter(value: Any, where: str, depth: int) -> dict[str, Any]:
    """Shallow structural check of a view filter (one known filter name per object, boolean nesting)."""
    obj = expect_object(value, where)
    if depth >= MAX_FILTER_DEPTH:
        raise DMSError(
            400, f"{where}: the filter is nested too deeply (more than {MAX_FILTER_DEPTH} levels)."
        )
    if len(obj) != 1:
        raise DMSError(400, f"{where} must hold exactly one filter, got {len(obj)} keys.")
    ((name, body),) = obj.items()
    if name in ("and", "or"):
        if not isinstance(body, list) or not body:
            raise DMSError(400, f"{where}.{name} must be a non-empty array of filters.")
        for i, sub in enumerate(body):
            _check_filter(sub, f"{where}.{name}[{i}]", depth + 1)
    elif name == "not":
        _check_filter(body, f"{where}.not", depth + 1)
    elif name not in LEAF_FILTERS:
        known = ", ".join(sorted({*LEAF_FILTERS, *BOOLEAN_FILTERS}))
        raise DMSError(400, f"{where}: unknown filter {name!r}; use one of {known}.")
    elif name in ("hasData", "instanceReferences"):
        if not isinstance(body, list):
            raise DMSError(400, f"{where}.{name} must be an array.")
    elif not isinstance(body, dict):
        raise DMSError(400, f"{where}.{name} must be an object.")
    return obj


def _texts(item: dict[str, Any], out: dict[str, Any], where: str) -> None:
    for field, max_len in (("name", 255), ("description", 1024)):
        text = check_str(item.get(field), f"{where}.{field}", max_len=max_len, optional=True)
        if text is not None:
            out[field] = text


def _property(value: Any, where: str) -> dict[str, Any]:
    obj = expect_object(value, where)
    kind = obj.get("connectionType")
    if "container" in obj:
        return _mapped(obj, where)
    if kind in REVERSE_KINDS or (kind is None and "through" in obj):
        return _reverse(obj, where)
    if kind in EDGE_KINDS or kind is None:
        return _edge(obj, where)
    raise DMSError(
        400,
        f"{where}.connectionType must be one of {', '.join(EDGE_KINDS + REVERSE_KINDS)}, got {kind!r} "
        "(or give container + containerPropertyIdentifier for a mapped property).",
    )


def _mapped(obj: dict[str, Any], where: str) -> dict[str, Any]:
    expect_keys(
        obj,
        where,
        required=("container", "containerPropertyIdentifier"),
        optional=("name", "description", "source"),
    )
    out: dict[str, Any] = {
        "container": container_ref(obj["container"], f"{where}.container"),
        "containerPropertyIdentifier": check_prop_id(
            obj["containerPropertyIdentifier"], f"{where}.containerPropertyIdentifier"
        ),
    }
    _texts(obj, out, where)
    if obj.get("source") is not None:
        out["source"] = view_ref(obj["source"], f"{where}.source")
    return out


def _edge(obj: dict[str, Any], where: str) -> dict[str, Any]:
    expect_keys(
        obj,
        where,
        required=("type", "source"),
        optional=("connectionType", "edgeSource", "direction", "name", "description"),
    )
    type_ = expect_object(obj["type"], f"{where}.type")
    expect_keys(type_, f"{where}.type", required=("space", "externalId"))
    out: dict[str, Any] = {"connectionType": obj.get("connectionType") or "multi_edge_connection"}
    _texts(obj, out, where)
    out["type"] = {
        "space": check_space(type_["space"], f"{where}.type.space"),
        "externalId": check_str(type_["externalId"], f"{where}.type.externalId", max_len=255),
    }
    out["source"] = view_ref(obj["source"], f"{where}.source")
    if obj.get("edgeSource") is not None:
        out["edgeSource"] = view_ref(obj["edgeSource"], f"{where}.edgeSource")
    direction = obj.get("direction") or "outwards"
    if direction not in ("outwards", "inwards"):
        raise DMSError(400, f"{where}.direction must be 'outwards' or 'inwards', got {direction!r}.")
    out["direction"] = direction
    return out


def _reverse(obj: dict[str, Any], where: str) -> dict[str, Any]:
    expect_keys(
        obj, where, required=("connectionType", "source", "through"), optional=("name", "description")
    )
    out: dict[str, Any] = {"connectionType": obj["connectionType"]}
    _texts(obj, out, where)
    out["source"] = view_ref(obj["source"], f"{where}.source")
    through = expect_object(obj["through"], f"{where}.through")
    expect_keys(through, f"{where}.through", required=("source", "identifier"))
    source = expect_object(through["source"], f"{where}.through.source")
    if source.get("type") == "container":
        through_source = container_ref(source, f"{where}.through.source")
    else:
        through_source = view_ref(source, f"{where}.through.source")
    out["through"] = {
        "source": through_source,
        "identifier": check_prop_id(through["identifier"], f"{where}.through.identifier"),
    }
    return out
