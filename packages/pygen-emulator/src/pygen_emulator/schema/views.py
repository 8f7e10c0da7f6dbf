"""Views: create (upsert), list, byids, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator._http import json_response, query_bool, query_int, read_json
from pygen_emulator.schema._common import paginate, parse_items
from pygen_emulator.schema._listing import matching_versions, newest_only, select_versioned, versioned_id
from pygen_emulator.schema._view_spec import normalise_view
from pygen_emulator.schema._view_write import write_views

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["view_routes"]


def view_routes(get_ctx: Callable[[], AppContext]) -> list[Route]:
    async def create(request: Request) -> Response:
        items = parse_items(await read_json(request))
        specs = [normalise_view(item, f"items[{i}]") for i, item in enumerate(items)]
        ctx = get_ctx()
        with ctx.db.transaction() as conn:
            written = write_views(conn, specs)
        ctx.schema.invalidate()
        out = [ctx.schema.get_view(*key) for key, _ in written]
        return json_response({"items": [v for v in out if v is not None]})

    async def list_(request: Request) -> Response:
        limit = query_int(request, "limit", 10, minimum=1, maximum=1000)
        inherited = query_bool(request, "includeInheritedProperties", True)
        all_versions = query_bool(request, "allVersions", False)
        include_global = query_bool(request, "includeGlobal", False)
        ctx = get_ctx()
        with ctx.db.read() as conn:
            rows = select_versioned(conn, "dms_view", request.query_params.get("space"))
        if not include_global:
            rows = [r for r in rows if not ctx.schema.is_global(r[0])]
        if not all_versions:
            rows = newest_only(rows)
        page, cursor = paginate(rows, lambda r: (r[0], r[1], r[2]), limit, request.query_params.get("cursor"))
        views = [ctx.schema.get_view(r[0], r[1], r[2], include_inherited=inherited) for r in page]
        result: dict[str, Any] = {"items": [v for v in views if v is not None]}
        if cursor:
            result["nextCursor"] = cursor
        return json_response(result)

    async def byids(request: Request) -> Response:
        items = parse_items(await read_json(request))
        inherited = query_bool(request, "includeInheritedProperties", True)
        ids = [versioned_id(item, f"items[{i}]", version_required=False) for i, item in enumerate(items)]
        ctx = get_ctx()
        out = []
        seen = set()
        for space, xid, version in ids:
            with ctx.db.read() as conn:
                keys = matching_versions(conn, "dms_view", space, xid, version)
            for key in keys:
                view = ctx.schema.get_view(*key, include_inherited=inherited)
                if view is not None and key not in seen:
                    seen.add(key)
                    out.append(view)
        return json_response({"items": out})

    async def delete(request: Request) -> Response:
        items = parse_items(await read_json(request))
        ids = [versioned_id(item, f"items[{i}]", version_required=True) for i, item in enumerate(items)]
        ctx = get_ctx()
        deleted = []
        with ctx.db.transaction() as conn:
            for space, xid, version in dict.fromkeys(ids):
                cur = conn.execute(
                    "DELETE FROM dms_view WHERE space = ? AND external_id = ? AND version = ?",
                    (space, xid, version),
                )
                if cur.rowcount:
                    deleted.append({"space": space, "externalId": xid, "version": version})
        ctx.schema.invalidate()
        return json_response({"items": deleted})

    return [
        Route("/views", create, methods=["POST"]),
        Route("/views", list_, methods=["GET"]),
        Route("/views/byids", byids, methods=["POST"]),
        Route("/views/delete", delete, methods=["POST"]),
    ]
