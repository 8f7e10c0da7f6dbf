"""Spaces: create (upsert), list, byids, delete."""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

import orjson

from pygen_emulator._body import expect_keys
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator._http import query_bool
from pygen_emulator._ids import check_space, check_str
from pygen_emulator._routing import Call, Endpoint
from pygen_emulator.schema._checks import refuse_global_writes
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._handlers import byids_handler, delete_handler, list_page
from pygen_emulator.schema._store import space_read

__all__ = ["SPACE_ENDPOINTS", "normalise_space", "upsert_spaces"]


def normalise_space(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A space write spec, or a 400 naming what is wrong."""
    expect_keys(item, where, required=("space",), optional=("name", "description"))
    out: dict[str, Any] = {"space": check_space(item["space"], f"{where}.space", creating=True)}
    name = check_str(item.get("name"), f"{where}.name", max_len=255, optional=True)
    description = check_str(item.get("description"), f"{where}.description", max_len=1024, optional=True)
    if name is not None:
        out["name"] = name
    if description is not None:
        out["description"] = description
    return out


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


def _create(call: Call) -> dict[str, Any]:
    specs = [normalise_space(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
    refuse_global_writes(call.ctx.schema, (spec["space"] for spec in specs))
    return {"items": call.ctx.schema.mark_global(upsert_spaces(call.conn, specs))}


def _list(call: Call) -> dict[str, Any]:
    include_global = query_bool(call.query, "includeGlobal", False)
    rows = [SpaceRow(*r) for r in call.conn.execute(f"SELECT {SpaceRow.columns()} FROM dms_space")]
    is_global = call.ctx.schema.is_global
    if not include_global:
        rows = [r for r in rows if not is_global(r.space)]
    return list_page(
        call,
        rows,
        lambda r: (r.space,),
        lambda r: space_read(r.body, r.created_time, r.last_updated_time, is_global(r.space)),
    )


def _space_id(item: dict[str, Any], where: str) -> str:
    expect_keys(item, where, required=("space",))
    return check_space(item["space"], f"{where}.space")


def _get_space(call: Call, space: str) -> dict[str, Any] | None:
    return call.ctx.schema.get_space(space)


def _delete(call: Call, space: str) -> dict[str, Any] | None:
    refuse_global_writes(call.ctx.schema, [space])
    conn = call.conn
    if conn.execute("SELECT 1 FROM dms_space WHERE space = ?", (space,)).fetchone() is None:
        return None
    for table, kind in (
        ("dms_container", "containers"),
        ("dms_view", "views"),
        ("dms_datamodel", "data models"),
    ):
        if conn.execute(f"SELECT 1 FROM {table} WHERE space = ? LIMIT 1", (space,)).fetchone():
            raise DMSError(
                400, f"Space {space!r} is not empty: delete its {kind} (and instances) before the space."
            )
    if call.ctx.instances.space_has_instances(conn, space):
        raise DMSError(400, f"Space {space!r} is not empty: delete its instances before the space.")
    conn.execute("DELETE FROM dms_space WHERE space = ?", (space,))
    return {"space": space}


SPACE_ENDPOINTS = (
    Endpoint("POST", "/spaces", _create, writes=True),
    Endpoint("GET", "/spaces", _list),
    Endpoint("POST", "/spaces/byids", byids_handler(_space_id, _get_space)),
    Endpoint("POST", "/spaces/delete", delete_handler(_space_id, _delete), writes=True),
)


class SpaceRow(NamedTuple):
    space: str
    body: bytes
    created_time: int
    last_updated_time: int

    @classmethod
    def columns(cls) -> str:
        """The SELECT column list in field order."""
        return ", ".join(cls._fields)
