"""POST /models/instances/sync: change streams over the global change counter ``seq``.

A cursor remembers the last change number returned (``s``) and the change number at which the first
call happened (``b``, end of the backfill). Every write or delete gives the instance a new change
number, so following a cursor yields exactly the instances created, updated or soft-deleted since.
A sorted two-phase backfill also keeps the keyset position of its last row (``k`` sort values, ``a`` id).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from pygen_emulator import _cursor
from pygen_emulator._body import Obj, bad
from pygen_emulator._clock import now_ms
from pygen_emulator.instances._query import parse_common, parse_select, render_selected
from pygen_emulator.instances._result_sets import QueryRun
from pygen_emulator.instances._rows import Row
from pygen_emulator.instances._select import Select
from pygen_emulator.instances._storage import current_seq

CURSOR_TTL_MS = 3 * 24 * 3600 * 1000


_SYNC_ONLY = ("limit", "skipAlreadyDeleted", "mode", "backfillSort")


def _chains(
    conn: sqlite3.Connection, schema: Any, with_: dict[str, Obj], parameters: dict[str, Any]
) -> QueryRun:
    """Chained sync expressions are evaluated like query expressions over the current state, unpaged."""
    plain = {
        name: Obj({k: v for k, v in expr.data.items() if k not in _SYNC_ONLY}, expr.path)
        for name, expr in with_.items()
    }
    return QueryRun(conn, schema, plain, {}, parameters, unbounded=True)


def _expression(
    conn: sqlite3.Connection,
    schema: Any,
    name: str,
    expr: Obj,
    cursor: Any,
    parameters: dict[str, Any],
    allow_expired: bool,
    chains: QueryRun,
) -> tuple[list[Row], str, bool]:
    limit = expr.limit("limit", 100, 2000)
    skip_deleted = expr.bool_("skipAlreadyDeleted", True)
    mode = expr.enum("mode", ("onePhase", "twoPhase", "noBackfill"), "onePhase")
    backfill_sort = expr.list_("backfillSort", hi=5)
    if backfill_sort and mode != "twoPhase":
        raise bad("Backfill sort can only be used with two-phase sync.")
    kinds = [k for k in ("nodes", "edges") if expr.has(k)]
    if len(kinds) != 1:
        raise bad(f"{expr.path} must have exactly one of nodes or edges.")
    spec = expr.obj(kinds[0], required=True)
    assert spec is not None
    expr.done()
    select = Select(conn, schema, parameters, include_deleted=True)
    select.kind("node" if kinds[0] == "nodes" else "edge")
    select.filter(spec.raw("filter"), f"{spec.path}.filter")
    if spec.has("from"):
        # A chained expression: the changes among the instances the chain reaches now. Deletions of
        # chained instances are not reported (they are no longer reachable).
        select.ids_in([row.id for row in chains.result(name, f"with.{name}").rows])
        spec.ignore(*spec.data)
    else:
        if spec.has("through"):
            raise bad(f"{spec.path}.through needs 'from' (the node expression to start from).")
        # clients send these always; without 'from' they change nothing
        spec.ignore("chainTo", "direction", "maxDistance", "nodeFilter", "terminationFilter", "limitEach")
    spec.done()
    now = now_ms()
    sorted_backfill = False  # set while a sorted two-phase backfill is running
    after: tuple[list[Any], int] | None = None  # keyset position in the sorted backfill
    if cursor is None:
        head = current_seq(conn)
        if mode == "noBackfill":
            return [], _cursor.encode({"s": head, "b": head, "t": now}), False
        last, backfill_end = 0, head
        sorted_backfill = bool(backfill_sort)
    else:
        state = _cursor.decode(cursor, f"cursors.{name}")
        last = _cursor.int_field(state, "s", f"cursors.{name}")
        backfill_end = _cursor.int_field(state, "b", f"cursors.{name}")
        issued = _cursor.int_field(state, "t", f"cursors.{name}")
        if "a" in state:
            values = state.get("k")
            if not isinstance(values, list):
                raise _cursor.invalid(f"cursors.{name}")
            sorted_backfill = True
            after = (values, _cursor.int_field(state, "a", f"cursors.{name}"))
        if now - issued > CURSOR_TTL_MS and not allow_expired:
            raise bad(
                f"cursors.{name} has expired (older than 3 days); restart the sync or set "
                "allowExpiredCursorsAndAcceptMissedDeletes."
            )
    if sorted_backfill:
        # Two-phase backfill in backfillSort order over the instances unchanged since the first call
        # (changed ones follow in the live phase); keyset paging, so writes and deletes during the
        # backfill cannot shift an instance past the cursor. The backfill ends with a page shorter
        # than the limit, then changes follow by change number.
        select.where.append("i.seq <= ? AND i.deleted_time IS NULL")
        select.args.append(backfill_end)
        select.sort(backfill_sort, f"{expr.path}.backfillSort")
        raw_rows = select.run(limit, 0, after=after)
        rows = [selected.row for selected in raw_rows]
        if len(rows) == limit:
            values, last_id = select.position(raw_rows[-1])
            state = {"s": 0, "b": backfill_end, "t": now, "k": values, "a": last_id}
        else:
            state = {"s": backfill_end, "b": backfill_end, "t": now}
        return rows, _cursor.encode(state), len(rows) == limit
    select.where.append("i.seq > ?")
    select.args.append(last)
    if skip_deleted and mode != "noBackfill":
        select.where.append("NOT (i.deleted_time IS NOT NULL AND i.seq <= ?)")
        select.args.append(backfill_end)
    select.order.append("i.seq")
    raw = select.run(limit)
    rows = [selected.row for selected in raw]
    new_last = rows[-1].seq if rows else last
    return rows, _cursor.encode({"s": new_last, "b": backfill_end, "t": now}), len(rows) == limit


def sync(conn: sqlite3.Connection, schema: Any, body: Any) -> dict[str, Any]:
    obj, with_, cursors, parameters, typing = parse_common(body)
    allow_expired = obj.bool_("allowExpiredCursorsAndAcceptMissedDeletes", False)
    select_obj = obj.obj("select", required=True)
    assert select_obj is not None
    obj.done()
    selected = parse_select(select_obj, schema, set(with_))
    chains = _chains(conn, schema, with_, parameters)
    items: dict[str, Any] = {}
    typings: dict[str, Any] = {}
    next_cursor: dict[str, str] = {}
    try:
        for name, expr in with_.items():
            rows, cursor, _full = _expression(
                conn, schema, name, expr, cursors.get(name), parameters, allow_expired, chains
            )
            next_cursor[name] = cursor
            if name in selected:
                items[name], typings[name] = render_selected(conn, schema, rows, selected[name])
    finally:
        chains.clear()  # the chained sets' ids are in the connection's temporary table (see _query)
    out: dict[str, Any] = {"items": items, "nextCursor": next_cursor}
    if typing:
        out["typing"] = typings
    return out
