"""POST /models/instances/query: named result-set expressions chained with from/through/edges (evaluated
by ``_result_sets.QueryRun``), the selected sets rendered, and the cursors of every set.

Paging (the emulator's answer to what dms-api.md §5.4 leaves open; chosen so that a client can page every
result set, selected or not, one level at a time):

* ``nextCursor`` has a key for every ``with`` expression that may have more rows, whether it is selected
  or not (a client paging a chain must be able to advance a set it does not read).
* A chained expression (``from``) is evaluated from the page of its ``from`` expression that this request
  produced, i.e. at that expression's cursor in this request (or its first page without one).
* A cursor on a chained expression continues within the same upstream page: it skips what earlier pages
  of it returned for that upstream page. The cursor remembers the cursors its upstream expressions had when
  it was made; sent with a different upstream page (say the roots advanced, and a stale edge cursor came
  along, as cognite-pygen v1 sends every cursor it holds) it has nothing to skip there, and the expression
  starts at its first page for the new upstream page.

So a client pages depth first: hold the upstream cursors, page the deepest set to exhaustion with its
cursor, then advance the next set up (and drop the cursors below it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from pygen_emulator import _cursor
from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._result_sets import MAX_EXPRESSIONS, QueryRun, Result
from pygen_emulator.instances._rows import Row
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._select import Select

__all__ = ["SelectSpec", "parse_common", "parse_select", "query", "render_selected"]


@dataclass
class SelectSpec:
    """What to return of one result set: properties of sources, optional sort and limit of the page."""

    sources: list[tuple[Source, list[str] | None]]
    sort: list[Any] | None = None
    limit: int | None = None
    path: str = "select"


def parse_select(obj: Obj, schema: Schema, with_names: set[str]) -> dict[str, SelectSpec]:
    out: dict[str, SelectSpec] = {}
    if len(obj.data) > MAX_EXPRESSIONS:
        raise bad(f"select has {len(obj.data)} entries, at most {MAX_EXPRESSIONS}.")
    for name, raw in obj.data.items():
        if name not in with_names:
            raise bad(f"select.{name}: {name!r} is not a result set expression in 'with'.")
        spec = Obj(raw, f"select.{name}")
        sources: list[tuple[Source, list[str] | None]] = []
        for item in spec.items("sources", hi=10):
            source = schema.source_ref(
                item.raw("source", required=True), f"{item.path}.source", allow_container=False
            )
            props = item.raw("properties")
            if props is None:
                raise bad(f"{item.path}.properties must not be null: list property ids or ['*'].")
            if not isinstance(props, list) or not all(isinstance(p, str) for p in props):
                raise bad(f"{item.path}.properties must be a list of property identifiers.")
            item.ignore("targetUnits")
            item.done()
            sources.append((source, None if "*" in props else props))
        sort = spec.list_("sort", hi=5)
        limit = spec.int_("limit", None, 1, 10_000)
        spec.done()
        out[name] = SelectSpec(sources, sort, limit, spec.path)
    obj.ignore(*obj.data)
    return out


def render_page(
    conn: sqlite3.Connection, schema: Schema, result: Result, spec: SelectSpec
) -> tuple[Any, dict[str, Any]]:
    """The items of a selected set's page: one statement over its ids, in page order or ``spec.sort``;
    SQLite writes the item JSON itself where it can (as list does)."""
    select = Select(conn, schema)  # a page holds live instances only
    for source, names in spec.sources:
        select.project(source, names)
    page_order = result.page_into(select)
    select.sort(spec.sort, f"{spec.path}.sort")
    if not spec.sort:
        select.order = [page_order]
    if select.can_render_in_sql():
        rendered = select.run_json(spec.limit)
        return orjson.Fragment("[" + ",".join(row.item_json for row in rendered) + "]"), select.typing()
    return [select.render(row) for row in select.run(spec.limit)], select.typing()


def render_selected(
    conn: sqlite3.Connection, schema: Schema, rows: list[Row], spec: SelectSpec
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    select = Select(conn, schema, include_deleted=True)
    for source, names in spec.sources:
        select.project(source, names)
    select.ids_in([r.id for r in rows])
    select.sort(spec.sort, f"{spec.path}.sort")
    fetched = select.run(None)
    by_id = {selected.row.id: selected for selected in fetched}
    if spec.sort:
        order = {selected.row.id: n for n, selected in enumerate(fetched)}
        rows = sorted(rows, key=lambda r: order.get(r.id, 0))
    if spec.limit is not None:
        rows = rows[: spec.limit]
    items = []
    for r in rows:
        raw = by_id.get(r.id)
        if raw is None:
            continue
        item = select.render(raw)
        if r.deleted_time is not None:
            item["properties"] = {}
        items.append(item)
    return items, select.typing()


def parse_common(body: Any) -> tuple[Obj, dict[str, Obj], dict[str, Any], dict[str, Any], bool]:
    obj = Obj(body, "")
    with_obj = obj.obj("with", required=True)
    assert with_obj is not None
    if not 1 <= len(with_obj.data) <= MAX_EXPRESSIONS:
        raise bad(f"with must have between 1 and {MAX_EXPRESSIONS} result set expressions.")
    with_ = {name: Obj(raw, f"with.{name}") for name, raw in with_obj.data.items()}
    with_obj.ignore(*with_obj.data)
    cursors_obj = obj.obj("cursors")
    cursors = dict(cursors_obj.data) if cursors_obj else {}
    if len(cursors) > MAX_EXPRESSIONS:
        raise bad(f"cursors has more than {MAX_EXPRESSIONS} entries.")
    params_obj = obj.obj("parameters")
    parameters = dict(params_obj.data) if params_obj else {}
    typing = obj.bool_("includeTyping", False)
    obj.ignore("debug")
    return obj, with_, cursors, parameters, typing


def query(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj, with_, cursors, parameters, typing = parse_common(body)
    select_obj = obj.obj("select", required=True)
    assert select_obj is not None
    obj.done()
    selected = parse_select(select_obj, schema, set(with_))
    run = QueryRun(conn, schema, with_, cursors, parameters)
    items: dict[str, Any] = {}
    typings: dict[str, Any] = {}
    next_cursor: dict[str, str] = {}
    try:
        for name in with_:
            run.result(name, f"with.{name}")
        for name, sources in selected.items():
            items[name], typings[name] = render_page(conn, schema, run.results[name], sources)
    finally:
        run.clear()
    for name, result in run.results.items():  # every expression, selected or not (see the module doc)
        if result.more:
            state: dict[str, Any] = dict(result.cursor) if result.cursor else {"o": result.next_offset}
            upstream = run.upstream_key(name)
            if upstream is not None:
                state["u"] = upstream
            next_cursor[name] = _cursor.encode(state)
    out: dict[str, Any] = {"items": items, "nextCursor": next_cursor}
    if typing:
        out["typing"] = typings
    return out
