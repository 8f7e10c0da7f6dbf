"""One handler style for every DMS endpoint: pure handlers in route tables.

A handler is a plain function ``Call -> dict``: it gets the app context, a database connection (inside
the request's transaction when the endpoint writes), the parsed JSON body and the query parameters,
and returns the JSON response body. It knows nothing of Starlette, so it can be called directly (the
fuzz tests do) and it runs on a worker thread: one request's CPU work (decompressing, validating,
querying, serialising) never blocks the event loop that serves the others.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator._http import read_json_body

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["Call", "Endpoint", "Handler", "build_routes", "run"]

_JSON = "application/json"


@dataclass(frozen=True)
class Call:
    """What a handler is called with."""

    ctx: AppContext
    conn: sqlite3.Connection
    body: Any  # the parsed JSON body; None for GET
    query: Mapping[str, str]  # query parameters (repeated keys: see ``query_list``)
    query_list: Callable[[str], list[str]] = lambda name: []


Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """One row of a route table: ``writes`` endpoints run in one all-or-nothing transaction."""

    method: Literal["GET", "POST"]
    path: str
    handler: Handler
    writes: bool = False


def run(
    ctx: AppContext,
    endpoint: Endpoint,
    body: Any = None,
    query: Mapping[str, str] | None = None,
    query_list: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Call the endpoint's handler against the context's database (a transaction for writes)."""

    def call(conn: sqlite3.Connection) -> dict[str, Any]:
        params = query or {}
        getlist = query_list or (lambda name: [params[name]] if name in params else [])
        return endpoint.handler(Call(ctx, conn, body, params, getlist))

    if endpoint.writes:
        with ctx.db.transaction() as conn:
            return call(conn)
    with ctx.db.read() as conn:
        return call(conn)


def build_routes(
    get_ctx: Callable[[], AppContext], endpoints: Iterable[Endpoint], prefix: str
) -> list[Route]:
    """Starlette routes for a route table, mounted under ``prefix``."""
    return [
        Route(
            prefix if e.path in ("", "/") else prefix + e.path, _asgi_endpoint(get_ctx, e), methods=[e.method]
        )
        for e in endpoints
    ]


def _asgi_endpoint(get_ctx: Callable[[], AppContext], endpoint: Endpoint) -> Callable[[Request], Any]:
    async def asgi_endpoint(request: Request) -> Response:
        ctx = get_ctx()
        raw = (
            await read_json_body(request, ctx.settings.max_body_bytes) if endpoint.method == "POST" else None
        )
        params = request.query_params

        def work() -> bytes:
            body = None if raw is None else raw.parse()
            return orjson.dumps(run(ctx, endpoint, body, params, params.getlist))

        content = await run_in_threadpool(work)
        return Response(content, media_type=_JSON)

    asgi_endpoint.__name__ = (
        f"{endpoint.method.lower()}_{endpoint.path.strip('/').replace('/', '_') or 'root'}"
    )
    return asgi_endpoint
