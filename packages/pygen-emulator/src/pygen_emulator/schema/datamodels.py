"""Data models: create (upsert, with inline view definitions), list, byids, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator._http import json_response, read_json
from pygen_emulator._ids import check_space, check_str, check_version, check_xid, view_ref
from pygen_emulator.schema._checks import raise_missing_spaces
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._handlers import versioned_routes
from pygen_emulator.schema._listing import matching_versions
from pygen_emulator.schema._view_spec import normalise_view
from pygen_emulator.schema._view_write import latest_version, write_views

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext, SchemaStore

__all__ = ["datamodel_routes", "normalise_datamodel", "upsert_datamodels"]

_REF_KEYS = {"type", "space", "externalId", "version"}
_MAX_VIEWS = 100


def _normalise(item: dict[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The data model spec and the inline view specs it carries."""
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


def datamodel_read(
    schema: SchemaStore, body: bytes, created: int, updated: int, inline_views: bool
) -> dict[str, Any]:
    out: dict[str, Any] = orjson.loads(body)
    if inline_views:
        views = [schema.get_view(r["space"], r["externalId"], r["version"]) for r in out["views"]]
        out["views"] = [v for v in views if v is not None]
    out["isGlobal"] = schema.is_global(out["space"])
    out["createdTime"] = created
    out["lastUpdatedTime"] = updated
    return out


def normalise_datamodel(item: dict[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The data model spec and the inline view specs it carries, or a 400."""
    return _normalise(item, where)


def upsert_datamodels(
    conn: sqlite3.Connection, parsed: list[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> list[tuple[bytes, int, int]]:
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
        row = conn.execute(
            "SELECT body, created_time, last_updated_time FROM dms_datamodel "
            "WHERE space = ? AND external_id = ? AND version = ?",
            key,
        ).fetchone()
        if row is not None and orjson.loads(row[0]) == spec:
            rows.append((row[0], row[1], row[2]))
            continue
        now = now_ms()
        created = row[1] if row is not None else now
        body = orjson.dumps(spec)
        conn.execute(
            "INSERT OR REPLACE INTO dms_datamodel VALUES (?, ?, ?, ?, ?, ?)", (*key, body, created, now)
        )
        rows.append((body, created, now))
    return rows


def datamodel_routes(get_ctx: Callable[[], AppContext]) -> list[Route]:
    async def create(request: Request) -> Response:
        items = parse_items(await read_json(request))
        parsed = [_normalise(item, f"items[{i}]") for i, item in enumerate(items)]
        ctx = get_ctx()
        with ctx.db.transaction() as conn:
            rows = upsert_datamodels(conn, parsed)
        ctx.schema.invalidate()
        return json_response({"items": [datamodel_read(ctx.schema, *r, False) for r in rows]})

    return [
        Route("/datamodels", create, methods=["POST"]),
        *versioned_routes(
            "/datamodels",
            "dms_datamodel",
            get_ctx,
            option=("inlineViews", False),
            read_one=_read,
            invalidate_on_delete=False,
        ),
    ]


def _read(ctx: AppContext, key: tuple[str, str, str], inline: bool) -> dict[str, Any]:
    with ctx.db.read() as conn:
        row = conn.execute(
            "SELECT body, created_time, last_updated_time FROM dms_datamodel "
            "WHERE space = ? AND external_id = ? AND version = ?",
            key,
        ).fetchone()
    return datamodel_read(ctx.schema, row[0], row[1], row[2], inline)
