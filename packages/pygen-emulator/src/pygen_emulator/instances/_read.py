"""POST /models/instances/list and /byids."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from pygen_emulator import _cursor
from pygen_emulator._body import Obj, instance_id
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._select import Select, Selected, SelectedJson


def parse_sources(obj: Obj, schema: Schema, key: str = "sources") -> list[Source]:
    out = []
    for item in obj.items(key, hi=10):
        source = schema.source_ref(
            item.raw("source", required=True), f"{item.path}.source", allow_container=False
        )
        item.ignore("targetUnits")
        item.done()
        out.append(source)
    return out


def list_instances(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    kind = obj.enum("instanceType", ("node", "edge"), "node")
    sources = parse_sources(obj, schema)
    limit = obj.limit("limit", 1000, 1000)
    cursor = obj.raw("cursor")
    typing = obj.bool_("includeTyping", False)
    select = Select(conn, schema)
    select.kind(kind)
    for n, source in enumerate(sources):
        select.has_data(source, f"sources[{n}]")
        select.project(source)
    select.filter(obj.raw("filter"))
    select.sort(obj.list_("sort", hi=5))
    obj.ignore("debug")
    obj.done()
    after_id: int | None = None
    after: tuple[list[Any], int] | None = None
    if cursor is not None:  # keyset paging: by row id, or by the sort values of the last row
        state = _cursor.decode(cursor)
        last_id = _cursor.int_field(state, "a", "cursor")
        if select.custom_sort:
            values = state.get("k")
            if not isinstance(values, list):
                raise _cursor.invalid("cursor")
            after = (values, last_id)
        else:
            after_id = last_id
    result: dict[str, Any] = {}
    rows: list[SelectedJson] | list[Selected]
    if select.can_render_in_sql():  # fast path: SQLite writes the item JSON, we splice it
        rows = select.run_json(limit + 1, after_id, after)
        result["items"] = orjson.Fragment("[" + ",".join(row.item_json for row in rows[:limit]) + "]")
    else:
        rows = select.run(limit + 1, 0, after_id, after)
        result["items"] = [select.render(row) for row in rows[:limit]]
    if typing:
        result["typing"] = select.typing()
    if len(rows) > limit:
        values, last = select.position(rows[limit - 1])
        state_out: dict[str, Any] = {"a": last}
        if select.custom_sort:
            state_out["k"] = values
        result["nextCursor"] = _cursor.encode(state_out)
    return result


def by_ids(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    wanted = []
    for item in obj.items("items", required=True, lo=1, hi=1000):
        wanted.append(instance_id(item))
        item.done()
    sources = parse_sources(obj, schema)
    typing = obj.bool_("includeTyping", False)
    obj.done()
    select = Select(conn, schema)
    for source in sources:
        select.project(source)
    keys = [[space, xid] for _, space, xid in wanted]
    select.where.append(
        "(i.space, i.external_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
    )
    select.args.append(orjson.dumps(keys).decode())
    found = {selected.row.key: selected for selected in select.run(None)}
    items = []
    for kind, space, xid in wanted:
        selected = found.get((space, xid))
        if selected is not None and selected.row.kind == kind:
            items.append(select.render(selected))
    result: dict[str, Any] = {"items": items}
    if typing:
        result["typing"] = select.typing()
    return result
