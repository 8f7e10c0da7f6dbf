"""Data models: create (upsert, with inline view definitions), list, byids, delete."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator._ids import check_space, check_str, check_version, check_xid, view_ref
from pygen_emulator._routing import Call, Endpoint
from pygen_emulator.schema._checks import raise_missing_spaces, refuse_global_writes
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._handlers import versioned_endpoints
from pygen_emulator.schema._listing import VersionedKey, matching_versions
from pygen_emulator.schema._view_spec import normalise_view
from pygen_emulator.schema._view_write import latest_version, write_views

if TYPE_CHECKING:
    from pygen_emulator.schema._store import SchemaStore

__all__ = [
    "DATAMODEL_ENDPOINTS",
    "DataModelRow",
    "datamodel_read",
    "normalise_datamodel",
    "upsert_datamodels",
]

_REF_KEYS = {"type", "space", "externalId", "version"}
_MAX_VIEWS = 100


def normalise_datamodel(item: dict[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The data model spec and the inline view specs it carries, or a 400."""
    expect_keys(
        item, where, required=("space", "externalId", "version"), optional=("name", "description", "views")
    )
    out: dict[str, Any] = {
        "space": check_space(item["space"], f"{where}.space"),
        "externalId": check_xid(item["externalId"], f"{where}.externalId", creating=True),
        "version": check_version(item["version"], f"{where}.version"),
    }
    for field, max_len in (("name", 255), ("description", 1024)):
        text = check_str(item.get(field), f"{where}.{field}", max_len=max_len, optional=True)
        if text is not None:
            out[field] = text
    views = item.get("views") or []
    if not isinstance(views, list) or len(views) > _MAX_VIEWS:
        raise DMSError(400, f"{where}.views must be an array of at most {_MAX_VIEWS} views.")
    refs: list[dict[str, Any]] = []
    inline: list[dict[str, Any]] = []
    for i, raw in enumerate(views):
        view = expect_object(raw, f"{where}.views[{i}]")
        if set(view) - _REF_KEYS:
            spec = normalise_view({k: v for k, v in view.items() if k != "type"}, f"{where}.views[{i}]")
            inline.append(spec)
            refs.append(
                {
                    "type": "view",
                    "space": spec["space"],
                    "externalId": spec["externalId"],
                    "version": spec["version"],
                }
            )
        else:
            refs.append(view_ref(view, f"{where}.views[{i}]", version_required=False))
    out["views"] = refs
    return out, inline


def _resolve_refs(conn: sqlite3.Connection, spec: dict[str, Any]) -> None:
    missing = []
    for ref in spec["views"]:
        if "version" not in ref:
            version = latest_version(conn, ref["space"], ref["externalId"])
            if version is None:
                missing.append(dict(ref))
                continue
            ref["version"] = version
        elif not matching_versions(conn, "dms_view", ref["space"], ref["externalId"], ref["version"]):
            missing.append(dict(ref))
    if missing:
        names = ", ".join(f"{m['space']}:{m['externalId']}/{m.get('version', '?')}" for m in missing)
        raise DMSError(
            400, f"One or more views do not exist: {names}. Create the views first.", missing=missing
        )


class DataModelRow(NamedTuple):
    body: bytes
    created_time: int
    last_updated_time: int

    @classmethod
    def columns(cls) -> str:
        """The SELECT column list in field order."""
        return ", ".join(cls._fields)


def datamodel_read(schema: SchemaStore, row: DataModelRow, inline_views: bool) -> dict[str, Any]:
    """The read form of a stored data model (views as references, or inline)."""
    out: dict[str, Any] = orjson.loads(row.body)
    if inline_views:
        views = [schema.get_view(r["space"], r["externalId"], r["version"]) for r in out["views"]]
        out["views"] = [v for v in views if v is not None]
    out["isGlobal"] = schema.is_global(out["space"])
    out["createdTime"] = row.created_time
    out["lastUpdatedTime"] = row.last_updated_time
    return out


def upsert_datamodels(
    conn: sqlite3.Connection, parsed: list[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> list[DataModelRow]:
    """Create or update data models (and their inline views) inside the caller's transaction."""
    keys = [(s["space"], s["externalId"], s["version"]) for s, _ in parsed]
    check_no_duplicates(keys, lambda k: {"space": k[0], "externalId": k[1], "version": k[2]})
    raise_missing_spaces(conn, [s["space"] for s, _ in parsed])
    inline = [view for _, views in parsed for view in views]
    if inline:
        write_views(conn, inline)
    rows = []
    for spec, _ in parsed:
        _resolve_refs(conn, spec)
        key = (spec["space"], spec["externalId"], spec["version"])
        found = conn.execute(
            f"SELECT {DataModelRow.columns()} FROM dms_datamodel WHERE space = ? AND external_id = ? AND version = ?",
            key,
        ).fetchone()
        old = None if found is None else DataModelRow(*found)
        if old is not None and orjson.loads(old.body) == spec:
            rows.append(old)
            continue
        now = now_ms()
        created = old.created_time if old is not None else now
        body = orjson.dumps(spec)
        conn.execute(
            "INSERT OR REPLACE INTO dms_datamodel VALUES (?, ?, ?, ?, ?, ?)", (*key, body, created, now)
        )
        rows.append(DataModelRow(body, created, now))
    return rows


def _create(call: Call) -> dict[str, Any]:
    parsed = [normalise_datamodel(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
    spaces = [spec["space"] for spec, inline in parsed] + [
        view["space"] for _, inline in parsed for view in inline
    ]
    refuse_global_writes(call.ctx.schema, spaces)
    rows = upsert_datamodels(call.conn, parsed)
    return {"items": [datamodel_read(call.ctx.schema, row, False) for row in rows]}


def _read(call: Call, key: VersionedKey, inline: bool) -> dict[str, Any]:
    row = call.conn.execute(
        f"SELECT {DataModelRow.columns()} FROM dms_datamodel WHERE space = ? AND external_id = ? AND version = ?",
        key,
    ).fetchone()
    return datamodel_read(call.ctx.schema, DataModelRow(*row), inline)


DATAMODEL_ENDPOINTS = (
    Endpoint("POST", "/datamodels", _create, writes=True),
    *versioned_endpoints("/datamodels", "dms_datamodel", option=("inlineViews", False), read_one=_read),
)
