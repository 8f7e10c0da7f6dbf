"""Containers: create (upsert), list, byids, delete, and index/constraint deletion."""

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
from pygen_emulator._ids import check_space, check_xid
from pygen_emulator.schema._checks import raise_missing_spaces
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._container_spec import normalise_container, update_conflict
from pygen_emulator.schema._handlers import byids_endpoint, delete_endpoint, page_response
from pygen_emulator.schema._store import container_read

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["container_routes", "upsert_containers"]

_USED_FOR = ("node", "edge", "all", "record")


def upsert_containers(conn: sqlite3.Connection, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Create or update normalised container specs inside the caller's transaction; read forms back."""
    check_no_duplicates(
        [(s["space"], s["externalId"]) for s in specs], lambda k: {"space": k[0], "externalId": k[1]}
    )
    raise_missing_spaces(conn, [s["space"] for s in specs])
    out = []
    for spec in specs:
        key = (spec["space"], spec["externalId"])
        row = conn.execute(
            "SELECT body, created_time, last_updated_time FROM dms_container WHERE space = ? AND external_id = ?",
            key,
        ).fetchone()
        if row is not None:
            old = orjson.loads(row[0])
            conflict = update_conflict(old, spec)
            if conflict:
                raise DMSError(409, conflict)
            # Properties cannot be dropped from a container through an upsert: they are kept.
            spec["properties"] = {**old["properties"], **spec["properties"]}
            if old == spec:
                out.append(container_read(row[0], row[1], row[2]))
                continue
        now = now_ms()
        created = row[1] if row is not None else now
        body = orjson.dumps(spec)
        conn.execute(
            "INSERT OR REPLACE INTO dms_container VALUES (?, ?, ?, ?, ?)", (*key, body, created, now)
        )
        out.append(container_read(body, created, now))
    return out


def container_routes(get_ctx: Callable[[], AppContext]) -> list[Route]:
    async def create(request: Request) -> Response:
        items = parse_items(await read_json(request))
        specs = [normalise_container(item, f"items[{i}]") for i, item in enumerate(items)]
        ctx = get_ctx()
        with ctx.db.transaction() as conn:
            out = upsert_containers(conn, specs)
        ctx.schema.invalidate()
        return json_response({"items": ctx.schema.mark_global(out)})

    async def list_(request: Request) -> Response:
        limit = query_int(request, "limit", 10, minimum=1, maximum=1000)
        include_global = query_bool(request, "includeGlobal", False)
        space = request.query_params.get("space")
        used_for = request.query_params.getlist("usedFor") or ["node", "edge", "all"]
        for value in used_for:
            if value not in _USED_FOR:
                raise DMSError(
                    400, f"Query parameter usedFor must be one of {', '.join(_USED_FOR)}, got {value!r}."
                )
        ctx = get_ctx()
        with ctx.db.read() as conn:
            sql = "SELECT space, external_id, body, created_time, last_updated_time FROM dms_container"
            rows = (
                conn.execute(sql + " WHERE space = ?", (space,)).fetchall()
                if space
                else conn.execute(sql).fetchall()
            )
        if not include_global:
            rows = [r for r in rows if not ctx.schema.is_global(r[0])]
        reads = [(r[0], r[1], container_read(r[2], r[3], r[4], ctx.schema.is_global(r[0]))) for r in rows]
        reads = [r for r in reads if r[2]["usedFor"] in used_for]
        return page_response(request, reads, lambda r: (r[0], r[1]), limit, lambda r: r[2])

    def sub_delete(field: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            items = parse_items(await read_json(request), max_items=10)
            ctx = get_ctx()
            deleted = []
            with ctx.db.transaction() as conn:
                for i, item in enumerate(items):
                    where = f"items[{i}]"
                    expect_keys(item, where, required=("space", "containerExternalId", "identifier"))
                    space = check_space(item["space"], f"{where}.space")
                    xid = check_xid(item["containerExternalId"], f"{where}.containerExternalId")
                    row = conn.execute(
                        "SELECT body FROM dms_container WHERE space = ? AND external_id = ?", (space, xid)
                    ).fetchone()
                    if row is None:
                        continue
                    spec = orjson.loads(row[0])
                    if spec[field].pop(item["identifier"], None) is None:
                        continue
                    conn.execute(
                        "UPDATE dms_container SET body = ?, last_updated_time = ? WHERE space = ? AND external_id = ?",
                        (orjson.dumps(spec), now_ms(), space, xid),
                    )
                    deleted.append(
                        {"space": space, "containerExternalId": xid, "identifier": item["identifier"]}
                    )
            ctx.schema.invalidate()
            return json_response({"items": deleted})

        return endpoint

    return [
        Route("/containers", create, methods=["POST"]),
        Route("/containers", list_, methods=["GET"]),
        Route("/containers/byids", byids_endpoint(get_ctx, _container_id, _get_container), methods=["POST"]),
        Route(
            "/containers/delete",
            delete_endpoint(get_ctx, _container_id, _delete, invalidate=True),
            methods=["POST"],
        ),
        Route("/containers/indexes/delete", sub_delete("indexes"), methods=["POST"]),
        Route("/containers/constraints/delete", sub_delete("constraints"), methods=["POST"]),
    ]


def _container_id(item: dict[str, Any], where: str) -> tuple[str, str]:
    expect_keys(item, where, required=("space", "externalId"), optional=("type",))
    return check_space(item["space"], f"{where}.space"), check_xid(item["externalId"], f"{where}.externalId")


def _get_container(ctx: AppContext, key: tuple[str, str]) -> dict[str, Any] | None:
    return ctx.schema.get_container(*key)


def _delete(conn: sqlite3.Connection, key: tuple[str, str]) -> dict[str, Any] | None:
    cur = conn.execute("DELETE FROM dms_container WHERE space = ? AND external_id = ?", key)
    if not cur.rowcount:
        return None
    instances.drop_container_data(conn, *key)
    return {"space": key[0], "externalId": key[1]}
