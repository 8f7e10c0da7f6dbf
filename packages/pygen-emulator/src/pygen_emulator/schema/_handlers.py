"""Endpoint handlers shared by the schema resources: list pages, byids and delete.

Views and data models (versioned) get their list/byids/delete routes from :func:`versioned_routes`;
spaces and containers (unversioned) build theirs from :func:`byids_endpoint`,
:func:`delete_endpoint` and :func:`page_response`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator._http import json_response, query_bool, query_int, read_json
from pygen_emulator.schema._common import paginate, parse_items
from pygen_emulator.schema._listing import matching_versions, newest_only, select_versioned, versioned_id

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["byids_endpoint", "delete_endpoint", "page_response", "versioned_routes"]

K = TypeVar("K")
T = TypeVar("T")
Endpoint = Callable[[Request], Awaitable[Response]]
Item = dict[str, Any]
VersionedKey = tuple[str, str, str]


def page_response(
    request: Request,
    rows: list[T],
    key: Callable[[T], tuple[Any, ...]],
    limit: int,
    render: Callable[[T], Item | None],
) -> Response:
    """One page of ``rows`` (after the request's ``cursor``) rendered, with ``nextCursor`` when more follow."""
    page, cursor = paginate(rows, key, limit, request.query_params.get("cursor"))
    rendered = (render(row) for row in page)
    result: dict[str, Any] = {"items": [item for item in rendered if item is not None]}
    if cursor:
        result["nextCursor"] = cursor
    return json_response(result)


def byids_endpoint(
    get_ctx: Callable[[], AppContext],
    parse_id: Callable[[Item, str], K],
    read_one: Callable[[AppContext, K], Item | None],
) -> Endpoint:
    """``byids`` of an unversioned resource: found items in request order, unknown ids left out."""

    async def byids(request: Request) -> Response:
        items = parse_items(await read_json(request))
        ctx = get_ctx()
        out = []
        for i, item in enumerate(items):
            found = read_one(ctx, parse_id(item, f"items[{i}]"))
            if found is not None:
                out.append(found)
        return json_response({"items": out})

    return byids


def delete_endpoint(
    get_ctx: Callable[[], AppContext],
    parse_id: Callable[[Item, str], K],
    delete_one: Callable[[sqlite3.Connection, K], Item | None],
    *,
    invalidate: bool,
) -> Endpoint:
    """``delete``: ``delete_one`` answers the id of what it deleted, or None when nothing was there.

    Items are checked and deleted one by one in one transaction: a bad item rolls the request back.
    """

    async def delete(request: Request) -> Response:
        items = parse_items(await read_json(request))
        ctx = get_ctx()
        deleted = []
        with ctx.db.transaction() as conn:
            for i, item in enumerate(items):
                gone = delete_one(conn, parse_id(item, f"items[{i}]"))
                if gone is not None:
                    deleted.append(gone)
        if invalidate:
            ctx.schema.invalidate()
        return json_response({"items": deleted})

    return delete


def versioned_routes(
    path: str,
    table: str,
    get_ctx: Callable[[], AppContext],
    *,
    option: tuple[str, bool],
    read_one: Callable[[AppContext, VersionedKey, bool], Item | None],
    invalidate_on_delete: bool,
) -> list[Route]:
    """``GET path``, ``POST path/byids`` and ``POST path/delete`` of a versioned resource in ``table``.

    ``option`` is the resource's boolean query parameter (name, default); its value is passed to
    ``read_one``, which renders one stored item.
    """
    option_name, option_default = option

    async def list_(request: Request) -> Response:
        limit = query_int(request, "limit", 10, minimum=1, maximum=1000)
        flag = query_bool(request, option_name, option_default)
        all_versions = query_bool(request, "allVersions", False)
        include_global = query_bool(request, "includeGlobal", False)
        ctx = get_ctx()
        with ctx.db.read() as conn:
            rows = select_versioned(conn, table, request.query_params.get("space"))
        if not include_global:
            rows = [r for r in rows if not ctx.schema.is_global(r[0])]
        if not all_versions:
            rows = newest_only(rows)
        return page_response(
            request,
            rows,
            lambda r: (r[0], r[1], r[2]),
            limit,
            lambda r: read_one(ctx, (r[0], r[1], r[2]), flag),
        )

    async def byids(request: Request) -> Response:
        items = parse_items(await read_json(request))
        flag = query_bool(request, option_name, option_default)
        ids = [versioned_id(item, f"items[{i}]", version_required=False) for i, item in enumerate(items)]
        ctx = get_ctx()
        out = []
        seen: set[VersionedKey] = set()
        for space, xid, version in ids:
            with ctx.db.read() as conn:
                keys = matching_versions(conn, table, space, xid, version)
            for key in keys:
                found = None if key in seen else read_one(ctx, key, flag)
                if found is not None:
                    seen.add(key)
                    out.append(found)
        return json_response({"items": out})

    def delete_one(conn: sqlite3.Connection, key: tuple[str, str, str | None]) -> Item | None:
        cur = conn.execute(f"DELETE FROM {table} WHERE space = ? AND external_id = ? AND version = ?", key)
        return {"space": key[0], "externalId": key[1], "version": key[2]} if cur.rowcount else None

    delete = delete_endpoint(
        get_ctx,
        lambda item, where: versioned_id(item, where, version_required=True),
        delete_one,
        invalidate=invalidate_on_delete,
    )
    return [
        Route(path, list_, methods=["GET"]),
        Route(f"{path}/byids", byids, methods=["POST"]),
        Route(f"{path}/delete", delete, methods=["POST"]),
    ]
