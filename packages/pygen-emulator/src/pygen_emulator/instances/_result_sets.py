"""The result sets of a ``/query`` or ``/sync`` request, evaluated in SQL (``QueryRun``).

Each set's page is a list of instance ids in a temporary table; a chained set (``from``, ``through``,
edge traversal) reads its upstream page from there with joins over indexed columns, so a middle set is
never built as rows in Python. The cursor semantics these pages follow are in ``_query``'s docstring.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import orjson

from pygen_emulator import _cursor
from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._filters import FilterCompiler, Scope
from pygen_emulator.instances._rows import Row
from pygen_emulator.instances._schema import PropMap, Schema, Source
from pygen_emulator.instances._select import Select
from pygen_emulator.instances._storage import ROW_COLUMNS, container_id

__all__ = ["MAX_EXPRESSIONS", "QueryRun", "Result"]

MAX_EXPRESSIONS = 50
_SET_OPS = ("union", "unionAll", "intersection")

# Result sets are evaluated in SQL: each set's rows are instance ids in a temporary table (one per
# connection, and a connection serves one request at a time), and a chained set reads its upstream page
# from there with joins over indexed columns. So a middle set is never built as rows in Python: Python
# sees ids only for set operations, and rows only of the selected sets (rendered by one statement).
SETS = "temp.pygen_query_sets"
KEYS = "temp.pygen_query_keys"  # node keys of a traversal of more than one step: frontier and visited
_TEMP_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS pygen_query_sets (sid INTEGER NOT NULL, pos INTEGER NOT NULL, "
    "id INTEGER NOT NULL, PRIMARY KEY (sid, pos)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS pygen_query_keys (sid INTEGER NOT NULL, space TEXT NOT NULL, "
    "xid TEXT NOT NULL, PRIMARY KEY (sid, space, xid)) WITHOUT ROWID",
)
_PAGE = "p.sid = ? AND p.pos > ? AND p.pos <= ?"  # the rows of a Result in SETS p (args: Result.window)
# A set's positions only increase in its order (they need not be 1..n: a set in id order uses the id,
# which saves numbering it); these bound a page that starts at the first row or ends at the last.
_BEFORE_ALL = -(2**63)
_AFTER_ALL = 2**63 - 1


@dataclass
class Frontier:
    """The nodes a traversal step leaves from: a SELECT of ``space, xid`` columns and its args."""

    sql: str
    args: list[Any]
    distinct: bool  # no key twice: the step can join it (else it tests membership, slower)


_ROW_SELECT = ", ".join(f"i.{c.strip()}" for c in ROW_COLUMNS.split(","))


@dataclass
class Result:
    """One result set: its page is the ``size`` rows ``lo < pos <= hi`` of set ``sid`` in :data:`SETS`."""

    kind: str  # "node" | "edge"
    conn: sqlite3.Connection = field(repr=False)
    sid: int
    lo: int
    hi: int
    size: int
    more: bool = False
    next_offset: int = 0
    outwards: bool = True  # for edges: followed outwards
    cursor: dict[str, Any] | None = None  # keyset state of the next page (else: next_offset)
    distinct: bool = True  # no id twice in the page (only unionAll repeats one)

    @property
    def window(self) -> list[int]:
        return [self.sid, self.lo, self.hi]

    def ids(self) -> list[int]:
        sql = f"SELECT p.id FROM {SETS} p WHERE {_PAGE} ORDER BY p.pos"
        return [row[0] for row in self.conn.execute(sql, self.window)]

    @property
    def rows(self) -> list[Row]:
        """The page as rows, in order (read from the database: only for a caller that needs them)."""
        sql = f"SELECT {_ROW_SELECT} FROM {SETS} p JOIN dms_instances i ON i.id = p.id WHERE {_PAGE} ORDER BY p.pos"
        return [Row(*raw) for raw in self.conn.execute(sql, self.window)]

    def keys_sql(self, space_col: str = "space", xid_col: str = "external_id") -> str:
        """SELECT of a (space, externalId) per row of the page, from two columns of its instances
        (args: :attr:`window`)."""
        return (
            f"SELECT e.{space_col} AS space, e.{xid_col} AS xid FROM {SETS} p "
            f"JOIN dms_instances e ON e.id = p.id WHERE {_PAGE}"
        )

    def page_into(self, select: Select) -> str:
        """Point ``select`` at this page (its instances joined as ``i``); returns the page-order column."""
        select.from_sql = f"{SETS} p JOIN dms_instances i ON i.id = p.id"
        select.where.append(_PAGE)
        select.args.extend(self.window)
        return "p.pos"


class QueryRun:
    def __init__(
        self,
        conn: sqlite3.Connection,
        schema: Schema,
        with_: dict[str, Obj],
        cursors: dict[str, Any],
        parameters: dict[str, Any],
        *,
        unbounded: bool = False,
    ) -> None:
        self.conn = conn
        self.schema = schema
        self.unbounded = unbounded  # every match, no paging (sync evaluates chains this way)
        self.with_ = with_
        self.cursors = cursors
        self.parameters = parameters
        self.results: dict[str, Result] = {}
        self._active: set[str] = set()
        self._sids = itertools.count(1)
        for ddl in _TEMP_TABLES:
            conn.execute(ddl)
        self.clear()  # whatever a run that failed half-way on this connection left

    def clear(self) -> None:
        """Forget the rows of every result set (the temporary tables are the connection's)."""
        self.conn.execute(f"DELETE FROM {SETS}")
        self.conn.execute(f"DELETE FROM {KEYS}")

    def _exec(self, text: str, args: list[Any]) -> sqlite3.Cursor:
        try:
            return self.conn.execute(text, args)
        except sqlite3.OperationalError as exc:  # e.g. malformed JSON path from odd input
            raise bad(f"The filter or sort cannot be evaluated: {exc}.") from None
        except OverflowError:
            raise bad("A number in the filter is too large.") from None

    def result(self, name: str, where: str) -> Result:
        if name in self.results:
            return self.results[name]
        if name not in self.with_:
            raise bad(f"{where}: {name!r} is not a result set expression in 'with'.")
        if name in self._active:
            raise bad(f"{where}: result set expressions form a cycle through {name!r}.")
        self._active.add(name)
        self.results[name] = self._evaluate(name, self.with_[name])
        self._active.discard(name)
        return self.results[name]

    def _state(self, name: str) -> dict[str, Any] | None:
        cursor = None if self.unbounded else self.cursors.get(name)
        if cursor is None:
            return None
        state = _cursor.decode(cursor, f"cursors.{name}")
        if state.get("u") != self.upstream_key(name):
            return None  # made under another page of its upstream sets: nothing of this page to skip
        return state

    def upstream_key(self, name: str) -> str | None:
        """Which upstream page a chained expression's cursor belongs to: a digest of the cursors its
        ``from`` expressions (transitively) have in this request; ``None`` for an expression without ``from``."""
        chain: list[Any] = []
        seen = {name}
        current = name
        while True:
            raw = self.with_.get(current)
            spec = raw.data.get("nodes", raw.data.get("edges")) if raw is not None else None
            source = spec.get("from") if isinstance(spec, dict) else None
            if not isinstance(source, str) or source in seen:
                break
            seen.add(source)
            chain.append([source, self.cursors.get(source)])
            current = source
        if not chain:
            return None
        return hashlib.sha256(repr(chain).encode()).hexdigest()[:16]

    def _keyset_page(self, name: str, kind: str, select: Select, limit: int, outwards: bool = True) -> Result:
        """A page of ``select`` after the cursor's keyset position (sort values, id): writes and deletes
        between pages cannot shift instances past the cursor. Stored as ids, in the select's order."""
        state = self._state(name)
        after: tuple[list[Any], int] | None = None
        if state is not None:
            values = state.get("k")
            if not isinstance(values, list):
                raise _cursor.invalid(f"cursors.{name}")
            after = (values, _cursor.int_field(state, "a", f"cursors.{name}"))
        # positions follow the select's own (total) order, so they do not rest on the order SQLite
        # happens to insert rows in: in id order the id itself, else the row number in that order
        order = select.order_sql()
        position = "i.id" if order == "i.id" else f"row_number() OVER (ORDER BY {order})"
        text, args = select.sql(limit + 1, 0, columns=[f"{position} AS pos", "i.id AS id"], after=after)
        sid = next(self._sids)
        count = self._exec(
            f"INSERT INTO {SETS}(sid, pos, id) SELECT ?, q.pos, q.id FROM ({text}) q", [sid, *args]
        ).rowcount
        result = self._paged(kind, sid, count, 0, limit, outwards)
        if result.more:
            (last_id,) = self.conn.execute(
                f"SELECT id FROM {SETS} WHERE sid = ? AND pos = ?", (sid, result.hi)
            ).fetchone()
            result.cursor = {"k": select.sort_values(last_id), "a": last_id}
        return result

    def _paged(self, kind: str, sid: int, total: int, offset: int, limit: int, outwards: bool) -> Result:
        """The page ``offset < rank <= offset + limit`` of set ``sid`` of ``total`` rows."""
        size = max(0, min(total, offset + limit) - offset)
        lo = _BEFORE_ALL if offset == 0 else self._pos_at(sid, offset)
        hi = _AFTER_ALL if total <= offset + limit else self._pos_at(sid, offset + limit)
        if size == 0:
            lo = hi = _AFTER_ALL
        more = total > offset + limit
        return Result(kind, self.conn, sid, lo, hi, size, more, offset + limit, outwards=outwards)

    def _pos_at(self, sid: int, rank: int) -> int:
        found = self.conn.execute(
            f"SELECT pos FROM {SETS} WHERE sid = ? ORDER BY pos LIMIT 1 OFFSET ?", (sid, rank - 1)
        ).fetchone()
        return int(found[0]) if found else _AFTER_ALL

    def _evaluate(self, name: str, expr: Obj) -> Result:
        limit = expr.limit("limit", 100, 10_000)
        state = self._state(name)
        offset = _cursor.int_field(state, "o", f"cursors.{name}") if state and "o" in state else 0
        if self.unbounded:
            limit, offset = 10**9, 0
        if expr.has("nodes"):
            return self._nodes(name, expr, limit)
        if expr.has("edges"):
            return self._edges(name, expr, limit, offset)
        ops = [op for op in (*_SET_OPS, "except") if expr.has(op)]
        if not ops:
            raise bad(f"{expr.path} must have one of nodes, edges, union, unionAll, intersection.")
        ids, kind = self._set_op(expr.data, expr.path)
        expr.ignore(*_SET_OPS, "except")
        expr.done()
        return self._page(kind, ids, limit, offset)

    def _page(self, kind: str, ids: list[int], limit: int, offset: int) -> Result:
        page_ids = ids[offset : offset + limit]
        sid = next(self._sids)
        self.conn.execute(
            f"INSERT INTO {SETS}(sid, pos, id) SELECT ?, key + 1, value FROM json_each(?)",
            (sid, orjson.dumps(page_ids).decode()),
        )
        more = len(ids) > offset + limit
        distinct = len(set(page_ids)) == len(page_ids)
        size = len(page_ids)
        return Result(
            kind, self.conn, sid, _BEFORE_ALL, _AFTER_ALL, size, more, offset + limit, distinct=distinct
        )

    # -- nodes ----------------------------------------------------------------------------------------
    def _nodes(self, name: str, expr: Obj, limit: int) -> Result:
        spec = expr.obj("nodes", required=True)
        assert spec is not None
        select = Select(self.conn, self.schema, self.parameters)
        select.kind("node")
        select.filter(spec.raw("filter"), f"{spec.path}.filter")
        source_name = spec.str_("from")
        through = spec.obj("through")
        # OAS default for node expressions is inwards (only matters with ``through``).
        direction = spec.enum("direction", ("outwards", "inwards"), "inwards")
        chain_to = spec.enum("chainTo", ("source", "destination"), "destination")
        spec.done()
        if source_name is not None:
            parent = self.result(source_name, f"{spec.path}.from")
            if parent.kind == "edge":
                destination = chain_to == "destination"
                end = "end" if parent.outwards == destination else "start"
                # the nodes at that end of the page's edges: a rowid lookup per edge, through the xid index
                select.where.append(
                    f"i.id IN (SELECT n.id FROM {SETS} p JOIN dms_instances e ON e.id = p.id "
                    f"JOIN dms_instances n ON n.space = e.{end}_space AND n.external_id = e.{end}_xid "
                    f"WHERE {_PAGE})"
                )
                select.args.extend(parent.window)
            elif through is None:
                select.where.append(f"i.id IN (SELECT p.id FROM {SETS} p WHERE {_PAGE})")
                select.args.extend(parent.window)
            else:
                self._through(select, parent, through, direction)
        elif through is not None:
            raise bad(f"{spec.path}.through needs 'from' (the node expression to start from).")
        select.sort(expr.list_("sort", hi=5), f"{expr.path}.sort")
        expr.done()
        return self._keyset_page(name, "node", select, limit)

    def _through(self, select: Select, parent: Result, through: Obj, direction: str) -> None:
        raw_source = through.raw("source") if through.has("source") else through.raw("view", required=True)
        where = through.path
        source: Source = self.schema.source_ref(raw_source, f"{where}.source")
        identifier = through.req_str("identifier")
        through.done()
        prop: PropMap | None = source.props.get(identifier)
        if prop is None or prop.type.get("type") != "direct":
            raise bad(
                f"{where}.identifier {identifier!r} is not a direct relation property of {source.label}."
            )
        if direction == "outwards":
            # the references the page's nodes hold (one, or a list: decided by the stored value)
            cid = container_id(self.conn, prop.cspace, prop.cxid, create=False)
            path = f'$."{prop.cprop}"'
            select.where.append(
                "(i.space, i.external_id) IN (SELECT json_extract(r.value, '$.space'), "
                f"json_extract(r.value, '$.externalId') FROM {SETS} p "
                "JOIN dms_instance_data d ON d.iid = p.id AND d.cid = ? "
                "JOIN json_each(CASE json_type(d.props, ?) WHEN 'array' THEN json_extract(d.props, ?) "
                "WHEN 'object' THEN json_array(json_extract(d.props, ?)) END) r "
                f"WHERE {_PAGE} AND json_type(r.value) = 'object')"
            )
            select.args.extend([-1 if cid is None else cid, path, path, path, *parent.window])
            return
        if prop.is_list:
            raise bad("Cannot traverse lists of direct relations inwards.")
        expr = select.scope.data_prop(source, identifier, f"{where}.identifier")
        assert expr.ref_sql is not None
        select.where.append(f"({expr.ref_sql[0]}, {expr.ref_sql[1]}) IN ({parent.keys_sql()})")
        select.args.extend(parent.window)

    # -- edges ----------------------------------------------------------------------------------------
    def _edges(self, name: str, expr: Obj, limit: int, offset: int) -> Result:
        spec = expr.obj("edges", required=True)
        assert spec is not None
        source_name = spec.str_("from")
        direction = spec.enum("direction", ("outwards", "inwards"), "outwards")
        chain_to = spec.enum("chainTo", ("source", "destination"), "destination")
        max_distance = spec.int_("maxDistance", None, 1, 1_000_000)
        limit_each = spec.int_("limitEach", None, 1, 2000)
        edge_filter = spec.raw("filter")
        node_filter = spec.raw("nodeFilter")
        termination = spec.raw("terminationFilter")
        spec.done()
        sort = expr.list_("sort", hi=5)
        post_sort = expr.list_("postSort", hi=5)
        expr.done()
        outwards = direction == "outwards"
        if source_name is None:
            select = Select(self.conn, self.schema, self.parameters)
            select.kind("edge")
            select.filter(edge_filter, f"{spec.path}.filter")
            select.sort(sort, f"{expr.path}.sort")
            return self._keyset_page(name, "edge", select, limit, outwards)
        parent = self.result(source_name, f"{spec.path}.from")
        if parent.kind == "edge":
            # continue from where the previous edges lead (destination) or from where they started;
            # edges may share an end, so those keys may repeat
            leads_to = "end" if parent.outwards else "start"
            end = leads_to if chain_to == "destination" else ("start" if leads_to == "end" else "end")
            frontier = Frontier(parent.keys_sql(f"{end}_space", f"{end}_xid"), parent.window, False)
        else:
            frontier = Frontier(parent.keys_sql(), parent.window, parent.distinct)
        sorted_ = bool(sort or post_sort)
        # unsorted, the page is the traversal's rows offset..offset+limit in traversal order, and one
        # more tells whether there are more: the traversal can stop there
        cap = 10**12 if sorted_ else offset + limit + 1
        sid, total = self._traverse(
            frontier if parent.size else None,
            outwards,
            max_distance,
            limit_each if max_distance == 1 else None,
            (edge_filter, node_filter, termination),
            spec.path,
            cap,
        )
        if sorted_:
            select = Select(self.conn, self.schema, self.parameters)
            select.where.append(f"i.id IN (SELECT p.id FROM {SETS} p WHERE p.sid = ?)")
            select.args.append(sid)
            select.sort(post_sort or sort, f"{expr.path}.{'postSort' if post_sort else 'sort'}")
            return self._keyset_page(name, "edge", select, limit, outwards)
        return self._paged("edge", sid, total, offset, limit, outwards)

    def _traverse(
        self,
        frontier: Frontier | None,
        outwards: bool,
        max_distance: int | None,
        limit_each: int | None,
        filters: tuple[Any, Any, Any],
        where: str,
        cap: int,
    ) -> tuple[int, int]:
        """Breadth first from the ``frontier`` (None: no node) into a new set: its edges in traversal order (by step, then by edge id), at most ``cap``.
        Returns the set's id and its size.

        Each step is one statement. An edge is taken once: its near node is in one frontier only (a
        node is expanded at most once), so the steps never repeat an edge."""
        edge_filter, node_filter, termination = filters
        near, far = ("start", "end") if outwards else ("end", "start")
        out = next(self._sids)
        total = 0
        if frontier is None:
            return out, total
        multi = max_distance is None or max_distance > 1
        visited = front = 0
        if multi:  # the frontier and the visited nodes as keys in KEYS (the start nodes are visited)
            visited, front = next(self._sids), next(self._sids)
            added = self._exec(
                f"INSERT OR IGNORE INTO {KEYS}(sid, space, xid) SELECT ?, f.space, f.xid FROM ({frontier.sql}) f "
                "WHERE f.space IS NOT NULL AND f.xid IS NOT NULL",
                [visited, *frontier.args],
            ).rowcount
            if not added:
                return out, total
            self.conn.execute(
                f"INSERT INTO {KEYS}(sid, space, xid) SELECT ?, space, xid FROM {KEYS} WHERE sid = ?",
                (front, visited),
            )
            frontier = Frontier(f"SELECT space, xid FROM {KEYS} WHERE sid = ?", [front], True)
        if termination is not None:  # a bad one is an error even where it stops nothing (one step)
            FilterCompiler(Scope(self.conn, self.schema, "t", self.parameters), []).compile(
                termination, f"{where}.terminationFilter"
            )
        depth = 0
        while max_distance is None or depth < max_distance:
            depth += 1
            step, step_args = self._step_sql(frontier, near, far, limit_each, edge_filter, node_filter, where)
            first = total
            # positions: one step in id order is numbered by the id; later steps must come after it
            position, position_args = (
                ("? + row_number() OVER (ORDER BY s.id)", [first]) if multi else ("s.id", [])
            )
            total += self._exec(
                f"INSERT INTO {SETS}(sid, pos, id) SELECT ?, {position}, s.id FROM ({step}) s "
                "ORDER BY s.id LIMIT ?",
                [out, *position_args, *step_args, cap - first],
            ).rowcount
            if not multi:
                break
            if total >= cap:
                break  # later steps only add after the page and its one more
            # the next frontier: targets of this step's edges not visited yet and not terminating
            conditions = [
                f"NOT EXISTS (SELECT 1 FROM {KEYS} v WHERE v.sid = ? AND v.space = e.{far}_space "
                f"AND v.xid = e.{far}_xid)"
            ]
            args = [visited]
            if termination is not None:
                stop, stop_args = self._node_match(
                    termination,
                    f"{where}.terminationFilter",
                    f"e.{far}_space",
                    f"e.{far}_xid",
                    Scope(self.conn, self.schema, "e", self.parameters),
                )
                conditions.append(f"NOT {stop}")
                args.extend(stop_args)
            following = next(self._sids)
            added = self._exec(
                f"INSERT OR IGNORE INTO {KEYS}(sid, space, xid) SELECT ?, e.{far}_space, e.{far}_xid "
                f"FROM {SETS} p JOIN dms_instances e ON e.id = p.id WHERE p.sid = ? AND p.pos > ? AND "
                + " AND ".join(conditions),
                [following, out, first, *args],
            ).rowcount
            self.conn.execute(f"DELETE FROM {KEYS} WHERE sid = ?", (front,))
            if not added:
                break
            self.conn.execute(
                f"INSERT INTO {KEYS}(sid, space, xid) SELECT ?, space, xid FROM {KEYS} WHERE sid = ?",
                (visited, following),
            )
            front = following
            frontier = Frontier(f"SELECT space, xid FROM {KEYS} WHERE sid = ?", [front], True)
        return out, total

    def _step_sql(
        self,
        frontier: Frontier,
        near: str,
        far: str,
        limit_each: int | None,
        edge_filter: Any,
        node_filter: Any,
        where: str,
    ) -> tuple[str, list[Any]]:
        """SELECT of the ids of one step's edges: leaving the frontier at their ``near`` end, matching
        the edge filter, the first ``limit_each`` of each frontier node (by id), then only those whose
        ``far`` node matches the node filter (a node filter does not give a node more edges)."""
        select = Select(self.conn, self.schema, self.parameters)
        select.kind("edge")
        select.filter(edge_filter, f"{where}.filter")
        if frontier.distinct:  # an index lookup per frontier node (each edge comes once: its near key is one)
            select.from_sql = f"({frontier.sql}) f JOIN dms_instances i ON i.{near}_space = f.space AND i.{near}_xid = f.xid"
            select.from_args = frontier.args
        else:
            select.where.append(
                f"(i.{near}_space, i.{near}_xid) IN (SELECT f.space, f.xid FROM ({frontier.sql}) f)"
            )
            select.args.extend(frontier.args)
        columns = ["i.id AS id", f"i.{far}_space AS ts", f"i.{far}_xid AS tx"]
        if limit_each is not None:
            columns.append(
                f"row_number() OVER (PARTITION BY i.{near}_space, i.{near}_xid ORDER BY i.id) AS rn"
            )
        text, select_args = select.sql(None, columns=columns, ordered=False)  # ordered where it is taken
        conditions: list[str] = []
        condition_args: list[Any] = []
        if limit_each is not None:
            conditions.append("c.rn <= ?")
            condition_args.append(limit_each)
        if node_filter is not None:
            match, match_args = self._node_match(
                node_filter, f"{where}.nodeFilter", "c.ts", "c.tx", select.scope
            )
            conditions.append(match)
            condition_args.extend(match_args)
        text = f"SELECT c.id FROM ({text}) c" + (f" WHERE {' AND '.join(conditions)}" if conditions else "")
        return text, select_args + condition_args

    def _node_match(
        self, node_filter: Any, where: str, space_sql: str, xid_sql: str, outer: Scope
    ) -> tuple[str, list[Any]]:
        """EXISTS: a live node with that key matches ``node_filter`` (its own aliases: ``outer``'s counter)."""
        scope = Scope(self.conn, self.schema, outer.fresh("t"), self.parameters, outer.counter)
        args: list[Any] = []
        predicate = FilterCompiler(scope, args).compile(node_filter, where)
        a = scope.alias
        return (
            f"EXISTS (SELECT 1 FROM dms_instances {a} {scope.join_sql()} WHERE {a}.space = {space_sql} "
            f"AND {a}.external_id = {xid_sql} AND {a}.kind = 'node' AND {a}.deleted_time IS NULL "
            f"AND {predicate})",
            args,
        )

    # -- set operations -----------------------------------------------------------------------------
    def _set_op(self, data: Any, where: str) -> tuple[list[int], str]:
        if isinstance(data, str):
            result = self.result(data, where)
            return result.ids(), result.kind
        obj = Obj(data, where)
        ops = [op for op in _SET_OPS if obj.has(op)]
        if len(ops) != 1:
            raise bad(f"{where} must have exactly one of union, unionAll, intersection.")
        op = ops[0]
        operands = obj.list_(op, required=True, lo=1, hi=MAX_EXPRESSIONS) or []
        except_names = obj.list_("except", hi=MAX_EXPRESSIONS) or []
        obj.ignore("limit")
        obj.done()
        parts = [self._set_op(item, f"{where}.{op}[{i}]") for i, item in enumerate(operands)]
        kinds = {kind for _, kind in parts}
        if len(kinds) != 1:
            raise bad(f"{where}: a set operation cannot mix node and edge result sets.")
        if op == "intersection":
            common = set(parts[0][0]).intersection(*(set(ids) for ids, _ in parts[1:]))
            ids = [i for i in parts[0][0] if i in common]
        elif op == "union":
            ids = list(dict.fromkeys(i for part, _ in parts for i in part))
        else:
            ids = [i for part, _ in parts for i in part]
        excluded: set[int] = set()
        for i, name in enumerate(except_names):
            excluded.update(self._set_op(name, f"{where}.except[{i}]")[0])
        return [i for i in ids if i not in excluded], kinds.pop()
