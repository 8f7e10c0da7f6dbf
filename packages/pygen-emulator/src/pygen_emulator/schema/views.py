"""Views: create (upsert), list, byids, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pygen_emulator._http import json_response, read_json
from pygen_emulator.schema._common import parse_items
from pygen_emulator.schema._handlers import versioned_routes
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

    return [
        Route("/views", create, methods=["POST"]),
        *versioned_routes(
            "/views",
            "dms_view",
            get_ctx,
            option=("includeInheritedProperties", True),
            read_one=_read,
            invalidate_on_delete=True,
        ),
    ]


def _read(ctx: AppContext, key: tuple[str, str, str], include_inherited: bool) -> dict[str, Any] | None:
    return ctx.schema.get_view(*key, include_inherited=include_inherited)
