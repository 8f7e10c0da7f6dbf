"""Starlette routes of the instance endpoints; each handler is one transaction or one read."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pygen_emulator._http import json_response, read_json
from pygen_emulator.instances._aggregate import aggregate
from pygen_emulator.instances._apply import apply
from pygen_emulator.instances._delete import delete
from pygen_emulator.instances._query import query
from pygen_emulator.instances._read import by_ids, list_instances
from pygen_emulator.instances._schema import Schema
from pygen_emulator.instances._search import search
from pygen_emulator.instances._sync import sync

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

Handler = Callable[[sqlite3.Connection, Schema, Any], dict[str, Any]]

# path -> (handler, writes?)
_ENDPOINTS: dict[str, tuple[Handler, bool]] = {
    "/": (apply, True),
    "/list": (list_instances, False),
    "/byids": (by_ids, False),
    "/search": (search, False),
    "/aggregate": (aggregate, False),
    "/delete": (delete, True),
    "/query": (query, False),
    "/sync": (sync, False),
}


def run(ctx: AppContext, handler: Handler, body: Any, writes: bool) -> dict[str, Any]:
    """Run one handler against the context's database: all-or-nothing for writes."""
    schema = Schema(ctx)
    if writes:
        with ctx.db.transaction() as conn:
            return handler(conn, schema, body)
    with ctx.db.read() as conn:
        return handler(conn, schema, body)


def _endpoint(
    ctx_getter: Callable[[], AppContext], handler: Handler, writes: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        body = await read_json(request)
        return json_response(run(ctx_getter(), handler, body, writes))

    endpoint.__name__ = f"instances_{handler.__name__}"
    return endpoint


def build_routes(ctx_getter: Callable[[], AppContext]) -> list[BaseRoute]:
    return [
        Route(path, _endpoint(ctx_getter, handler, writes), methods=["POST"])
        for path, (handler, writes) in _ENDPOINTS.items()
    ]
