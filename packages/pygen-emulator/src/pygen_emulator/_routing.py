"""One handler style for every DMS endpoint: pure handlers in route tables.

A handler is a plain function ``Call -> dict``: it gets the app context, a database connection (inside
the request's transaction when the endpoint writes), the parsed JSON body and the query parameters,
and returns the JSON response body. It knows nothing of Starlette, so it can be called directly (the
fuzz tests do) and it runs on a worker thread: one request's CPU work (decompressing, validating,
querying, serialising) never blocks the event loop that serves the others.
"""

from __future__ import annotations

import functools
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
    query_items: tuple[tuple[str, str], ...] = ()  # the query string, in order, repeated keys kept

    @functools.cached_property
    def query(self) -> Mapping[str, str]:
        """The query parameters (the last value of a repeated one)."""
        return dict(self.query_items)

    def query_list(self, name: str) -> list[str]:
        """Every value of a repeated query parameter (``usedFor=node&usedFor=edge``)."""
        return [value for key, value in self.query_items if key == name]


Handler = Callable[[Call], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """One row of a route table: ``writes`` endpoints run in one all-or-nothing transaction."""

    method: Literal["GET", "POST"]
    path: str
    handler: Handler
    writes: bool = False


def run(
    ctx: AppContext, endpoint: Endpoint, body: Any = None, query: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Call the endpoint's handler against the context's database (a transaction for writes)."""
    items = tuple(query)
    if endpoint.writes:
        with ctx.db.transaction() as conn:
            return endpoint.handler(Call(ctx, conn, body, items))
    with ctx.db.read() as conn:
        return endpoint.handler(Call(ctx, conn, body, items))


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
        query = request.query_params.multi_items()

        def work() -> bytes:
            body = None if raw is None else raw.parse()
            return orjson.dumps(run(ctx, endpoint, body, query))

        content = await run_in_threadpool(work)
        return Response(content, media_type=_JSON)

    asgi_endpoint.__name__ = (
        f"{endpoint.method.lower()}_{endpoint.path.strip('/').replace('/', '_') or 'root'}"
    )
    return asgi_endpoint
