"""Views: create (upsert), list, byids, delete."""

from __future__ import annotations

from typing import Any

from pygen_emulator._routing import Call, Endpoint
from pygen_emulator.schema._checks import refuse_global_writes
from pygen_emulator.schema._common import parse_items
from pygen_emulator.schema._handlers import versioned_endpoints
from pygen_emulator.schema._listing import VersionedKey
from pygen_emulator.schema._view_spec import normalise_view
from pygen_emulator.schema._view_write import write_views

__all__ = ["VIEW_ENDPOINTS"]


def _create(call: Call) -> dict[str, Any]:
    specs = [normalise_view(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
    refuse_global_writes(call.ctx.schema, (spec["space"] for spec in specs))
    written = write_views(call.conn, specs)
    out = [call.ctx.schema.get_view(*key) for key, _ in written]
    return {"items": [v for v in out if v is not None]}


def _read(call: Call, key: VersionedKey, include_inherited: bool) -> dict[str, Any] | None:
    return call.ctx.schema.get_view(*key, include_inherited=include_inherited)


VIEW_ENDPOINTS = (
    Endpoint("POST", "/views", _create, writes=True),
    *versioned_endpoints("/views", "dms_view", option=("includeInheritedProperties", True), read_one=_read),
)
