"""POST /models/instances/query: named result-set expressions chained with from/through/edges.

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

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any

from pygen_emulator import _cursor
from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._rows import Row, data_by_iid, rows_by_id
from pygen_emulator.instances._schema import PropMap, Schema, Source
from pygen_emulator.instances._select import Select

MAX_EXPRESSIONS = 50
_SET_OPS = ("union", "unionAll", "intersection")
Key = tuple[str, str]


@dataclass
class Result:
    kind: str  # "node" | "edge"
    rows: list[Row]  # the page, in order
    more: bool = False
    next_offset: int = 0
    outwards: bool = True  # for edges: followed outwards
    cursor: dict[str, Any] | None = None  # keyset state of the next page (else: next_offset)

    def keys(self) -> list[Key]:
        return [(r.space, r.external_id) for r in self.rows]


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
        between pages cannot shift instances past the cursor."""
        state = self._state(name)
        after: tuple[list[Any], int] | None = None
        if state is not None:
            values = state.get("k")
            if not isinstance(values, list):
                raise _cursor.invalid(f"cursors.{name}")
            after = (values, _cursor.int_field(state, "a", f"cursors.{name}"))
        raw = select.run(limit + 1, 0, after=after)
        rows = [selected.row for selected in raw[:limit]]
        result = Result(kind, rows, len(raw) > limit, outwards=outwards)
        if result.more:
            values, last_id = select.position(raw[limit - 1])
            result.cursor = {"k": values, "a": last_id}
        return result

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
        found = rows_by_id(self.conn, page_ids)
        rows = [found[i] for i in page_ids if i in found]
        more = len(ids) > offset + limit
        return Result(kind, rows, more, offset + limit)

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
                use_end = parent.outwards == destination
                keys = [r.end_key if use_end else r.start_key for r in parent.rows]
                select.keys_in(keys)
            elif through is None:
                select.keys_in(parent.keys())
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
            data = data_by_iid(self.conn, [r.id for r in parent.rows])
            keys: list[list[str]] = []
            for r in parent.rows:
                value = data.get(r.id, {}).get((prop.cspace, prop.cxid), {}).get(prop.cprop)
                refs = value if isinstance(value, list) else [value] if value else []
                keys.extend([ref["space"], ref["externalId"]] for ref in refs)
            select.keys_in(keys)
            return
        if prop.is_list:
            raise bad("Cannot traverse lists of direct relations inwards.")
        expr = select.scope.data_prop(source, identifier, f"{where}.identifier")
        assert expr.ref_sql is not None
        select.keys_in(parent.keys(), expr.ref_sql[0], expr.ref_sql[1])

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
            # continue from where the previous edges lead (destination) or from where they started
            destination = chain_to == "destination"
            frontier = [
                r.far_key(parent.outwards) if destination else r.near_key(parent.outwards)
                for r in parent.rows
            ]
        else:
            frontier = parent.keys()
        edges = self._traverse(
            frontier,
            outwards,
            max_distance,
            limit_each if max_distance == 1 else None,
            edge_filter,
            node_filter,
            termination,
            spec.path,
        )
        if sort or post_sort:
            select = Select(self.conn, self.schema, self.parameters)
            select.ids_in([r.id for r in edges])
            select.sort(post_sort or sort, f"{expr.path}.{'postSort' if post_sort else 'sort'}")
            return self._keyset_page(name, "edge", select, limit, outwards)
        # the traversal's rows in traversal order (not fetched again by id)
        more = len(edges) > offset + limit
        return Result("edge", edges[offset : offset + limit], more, offset + limit, outwards=outwards)

    def _traverse(
        self,
        frontier: list[Key],
        outwards: bool,
        max_distance: int | None,
        limit_each: int | None,
        edge_filter: Any,
        node_filter: Any,
        termination: Any,
        where: str,
    ) -> list[Row]:
        space_col, xid_col = ("i.start_space", "i.start_xid") if outwards else ("i.end_space", "i.end_xid")
        seen_edges: dict[int, Row] = {}
        visited: set[Key] = set(frontier)
        depth = 0
        while frontier and (max_distance is None or depth < max_distance):
            depth += 1
            select = Select(self.conn, self.schema, self.parameters)
            select.kind("edge")
            select.filter(edge_filter, f"{where}.filter")
            select.keys_in(frontier, space_col, xid_col)
            rows = [selected.row for selected in select.run(None)]
            if limit_each is not None:
                per_node: dict[Key, int] = {}
                kept = []
                for r in rows:
                    origin = r.near_key(outwards)
                    per_node[origin] = per_node.get(origin, 0) + 1
                    if per_node[origin] <= limit_each:
                        kept.append(r)
                rows = kept
            targets = {r.far_key(outwards): r for r in rows}
            allowed = self._matching_nodes(list(targets), node_filter, f"{where}.nodeFilter")
            stop = self._matching_nodes(list(targets), termination, f"{where}.terminationFilter") or set()
            next_frontier: list[Key] = []
            for r in rows:
                target = r.far_key(outwards)
                if allowed is not None and target not in allowed:
                    continue
                if r.id in seen_edges:
                    continue
                seen_edges[r.id] = r
                if target not in visited and target not in stop:
                    visited.add(target)
                    next_frontier.append(target)
            frontier = next_frontier
        return list(seen_edges.values())

    def _matching_nodes(self, keys: list[Key], node_filter: Any, where: str) -> set[Key] | None:
        if node_filter is None:
            return None
        select = Select(self.conn, self.schema, self.parameters)
        select.kind("node")
        select.filter(node_filter, where)
        select.keys_in(keys)
        return select.keys()

    # -- set operations -----------------------------------------------------------------------------
    def _set_op(self, data: Any, where: str) -> tuple[list[int], str]:
        if isinstance(data, str):
            result = self.result(data, where)
            return [r.id for r in result.rows], result.kind
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


@dataclass
class SelectSpec:
    """What to return of one result set: properties of sources, optional sort and limit of the page."""

    sources: list[tuple[Source, list[str] | None]]
    sort: list[Any] | None = None
    limit: int | None = None
    path: str = "select"


def _parse_select(obj: Obj, schema: Schema, with_names: set[str]) -> dict[str, SelectSpec]:
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
    selected = _parse_select(select_obj, schema, set(with_))
    run = QueryRun(conn, schema, with_, cursors, parameters)
    for name in with_:
        run.result(name, f"with.{name}")
    items: dict[str, Any] = {}
    typings: dict[str, Any] = {}
    next_cursor: dict[str, str] = {}
    for name, sources in selected.items():
        result = run.results[name]
        items[name], typings[name] = render_selected(conn, schema, result.rows, sources)
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
