"""Spaces: create (upsert), list, byids, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator import instances
from pygen_emulator._body import expect_keys
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator._http import json_response, query_bool, query_int, read_json
from pygen_emulator._ids import check_space, check_str
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._handlers import byids_endpoint, delete_endpoint, page_response
from pygen_emulator.schema._store import space_read

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["normalise_space", "space_routes", "upsert_spaces"]


def _normalise(item: dict[str, Any], where: str) -> dict[str, Any]:
    expect_keys(item, where, required=("space",), optional=("name", "description"))
    out: dict[str, Any] = {"space": check_space(item["space"], f"{where}.space", creating=True)}
    name = check_str(item.get("name"), f"{where}.name", max_len=255, optional=True)
    description = check_str(item.get("description"), f"{where}.description", max_len=1024, optional=True)
    if name is not None:
        out["name"] = name
    if description is not None:
        out["description"] = description
    return out


def normalise_space(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A space write spec, or a 400 naming what is wrong."""
    return _normalise(item, where)


def upsert_spaces(conn: sqlite3.Connection, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Create or update normalised space specs inside the caller's transaction; read forms back."""
    check_no_duplicates([s["space"] for s in specs], lambda s: {"space": s})
    out = []
    for spec in specs:
        body = orjson.dumps(spec)
        row = conn.execute(
            "SELECT body, created_time, last_updated_time FROM dms_space WHERE space = ?", (spec["space"],)
        ).fetchone()
        if row is not None and orjson.loads(row[0]) == spec:
            out.append(space_read(row[0], row[1], row[2]))
            continue
        now = now_ms()
        created = row[1] if row is not None else now
        conn.execute(
            "INSERT OR REPLACE INTO dms_space (space, body, created_time, last_updated_time) VALUES (?, ?, ?, ?)",
            (spec["space"], body, created, now),
        )
        out.append(space_read(body, created, now))
    return out


def space_routes(get_ctx: Callable[[], AppContext]) -> list[Route]:
    async def create(request: Request) -> Response:
        items = parse_items(await read_json(request))
        specs = [_normalise(item, f"items[{i}]") for i, item in enumerate(items)]
        ctx = get_ctx()
        with ctx.db.transaction() as conn:
            out = upsert_spaces(conn, specs)
        ctx.schema.invalidate()
        return json_response({"items": ctx.schema.mark_global(out)})

    async def list_(request: Request) -> Response:
        limit = query_int(request, "limit", 10, minimum=1, maximum=1000)
        include_global = query_bool(request, "includeGlobal", False)
        ctx = get_ctx()
        with ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT space, body, created_time, last_updated_time FROM dms_space"
            ).fetchall()
        if not include_global:
            rows = [r for r in rows if not ctx.schema.is_global(r[0])]
        return page_response(
            request,
            rows,
            lambda r: (r[0],),
            limit,
            lambda r: space_read(r[1], r[2], r[3], ctx.schema.is_global(r[0])),
        )

    return [
        Route("/spaces", create, methods=["POST"]),
        Route("/spaces", list_, methods=["GET"]),
        Route("/spaces/byids", byids_endpoint(get_ctx, _space_id, _get_space), methods=["POST"]),
        Route(
            "/spaces/delete", delete_endpoint(get_ctx, _space_id, _delete, invalidate=True), methods=["POST"]
        ),
    ]


def _space_id(item: dict[str, Any], where: str) -> str:
    expect_keys(item, where, required=("space",))
    return check_space(item["space"], f"{where}.space")


def _get_space(ctx: AppContext, space: str) -> dict[str, Any] | None:
    return ctx.schema.get_space(space)


def _delete(conn: sqlite3.Connection, space: str) -> dict[str, Any] | None:
    if conn.execute("SELECT 1 FROM dms_space WHERE space = ?", (space,)).fetchone() is None:
        return None
    _ensure_empty(conn, space)
    conn.execute("DELETE FROM dms_space WHERE space = ?", (space,))
    return {"space": space}


def _ensure_empty(conn: sqlite3.Connection, space: str) -> None:
    for table, kind in (
        ("dms_container", "containers"),
        ("dms_view", "views"),
        ("dms_datamodel", "data models"),
    ):
        if conn.execute(f"SELECT 1 FROM {table} WHERE space = ? LIMIT 1", (space,)).fetchone():
            raise DMSError(
                400, f"Space {space!r} is not empty: delete its {kind} (and instances) before the space."
            )
    has_instances = getattr(instances, "space_has_instances", None)
    if has_instances is not None:
        in_use = bool(has_instances(conn, space))
    else:  # until the instance engine exposes space_has_instances: read its table directly
        try:
            row = conn.execute(
                "SELECT 1 FROM dms_instances WHERE space = ? AND deleted_time IS NULL LIMIT 1", (space,)
            ).fetchone()
        except sqlite3.OperationalError:
            row = None
        in_use = row is not None
    if in_use:
        raise DMSError(400, f"Space {space!r} is not empty: delete its instances before the space.")
