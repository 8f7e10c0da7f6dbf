"""Selecting instances: one SQL statement per page (filter, sort, cursor) plus projection of properties."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson

from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._filters import FilterCompiler, Scope
from pygen_emulator.instances._rows import Row, header
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._storage import ROW_COLUMNS

_NCOLS = len(Row._fields)


class Selected(NamedTuple):
    """One row of a :class:`Select`: the instance, its joined container data, its sort key values."""

    row: Row
    data: tuple[str | None, ...]  # container props JSON per joined container (see Projection.columns)
    sort_values: tuple[Any, ...]


class SelectedJson(NamedTuple):
    """One row of :meth:`Select.run_json`: the instance id, its item JSON text and its sort key values."""

    id: int
    item_json: str
    sort_values: tuple[Any, ...]


@dataclass
class Projection:
    """How to render one source's properties from the container data columns of a row."""

    source: Source
    names: list[str] | None  # None = all properties
    columns: list[int] = field(default_factory=list)  # index in Selected.data of each container's props
    keys: list[tuple[str, str]] = field(default_factory=list)  # the containers, in column order
    mapping: list[tuple[int, str, str]] = field(default_factory=list)  # (container position, name, cprop)
    identity: bool = False
    # positions of the containers an instance needs data in to have data in the view (default view filter)
    required: list[int] = field(default_factory=list)

    def render(self, data: tuple[str | None, ...]) -> Any:
        if self.identity:
            text = data[self.columns[0]]
            return None if text is None else orjson.Fragment(text)
        blobs = [data[c] for c in self.columns]
        if all(b is None for b in blobs) or any(blobs[p] is None for p in self.required):
            return None
        parsed = [orjson.loads(b) if b is not None else {} for b in blobs]
        out = {}
        for pos, name, cprop in self.mapping:
            value = parsed[pos].get(cprop)
            if value is not None:
                out[name] = value
        return out

    def typing(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, prop in self.source.props.items():
            if self.names is not None and name not in self.names:
                continue
            base = prop.view_prop or prop.definition
            entry = {
                "type": prop.type,
                "nullable": prop.definition.get("nullable", True),
                "immutable": prop.definition.get("immutable", False),
                "autoIncrement": prop.definition.get("autoIncrement", False),
            }
            for key in ("name", "description", "defaultValue"):
                if base.get(key) is not None:
                    entry[key] = base[key]
            out[name] = entry
        return out


@dataclass
class Select:
    """A SELECT over dms_instances in one scope, collecting joins, conditions and parameters."""

    conn: sqlite3.Connection
    schema: Schema
    parameters: dict[str, Any] | None = None
    scope: Scope = field(init=False)
    where: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)
    projections: list[Projection] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    custom_sort: bool = False
    include_deleted: bool = False
    sort_keys: list[tuple[str, bool]] = field(default_factory=list)  # (sql, descending), in order
    rank: str | None = None  # without a custom sort: order by this SQL, highest first (search relevance)
    # what the statement selects from: ``i`` must be dms_instances (a query joins its page table before it)
    from_sql: str = "dms_instances i"
    from_args: list[Any] = field(default_factory=list)  # bound in from_sql, before every other argument
    _data_columns: int = 0  # how many container props columns follow the Row columns (set by sql())

    def __post_init__(self) -> None:
        self.scope = Scope(self.conn, self.schema, "i", self.parameters)
        if not self.include_deleted:
            self.where.append("i.deleted_time IS NULL")

    def kind(self, kind: str | None) -> None:
        if kind is not None:
            self.where.append("i.kind = ?")
            self.args.append(kind)

    def filter(self, f: Any, where: str = "filter") -> None:
        if f is not None:
            self.where.append(FilterCompiler(self.scope, self.args).compile(f, where))

    def has_data(self, source: Source, where: str) -> None:
        self.where.append(FilterCompiler(self.scope, self.args).has_data(source, where))

    def ids_in(self, ids: list[int]) -> None:
        self.where.append("i.id IN (SELECT value FROM json_each(?))")
        self.args.append(orjson.dumps(ids).decode())

    def project(self, source: Source, names: list[str] | None = None, *, splice: bool = True) -> None:
        if names is not None:
            unknown = [n for n in names if n not in source.props and n not in source.connections]
            if unknown:
                raise bad(f"Unknown property {unknown[0]!r} in {source.label}.")
        proj = Projection(source, names)
        positions: dict[tuple[str, str], int] = {}
        for name, prop in source.props.items():
            if names is not None and name not in names:
                continue
            ckey = (prop.cspace, prop.cxid)
            if ckey not in positions:
                positions[ckey] = len(positions)
                self.scope.data_alias(*ckey)
            proj.mapping.append((positions[ckey], name, prop.cprop))
        if (
            source.kind == "view"
            and not source.filter
            and self.schema.ctx.settings.default_view_filter == "hasData"
        ):
            # like list's sources: no properties of a view the instance has no data in (all its containers)
            for ckey in source.containers:
                if ckey not in positions:
                    positions[ckey] = len(positions)
                    self.scope.data_alias(*ckey)
            proj.required = [positions[ckey] for ckey in source.containers]
        proj.columns = [-1] * len(positions)
        proj.identity = (
            splice
            and len(positions) == 1
            and all(name == cprop for _, name, cprop in proj.mapping)
            and {cprop for _, _, cprop in proj.mapping}
            == set(self.schema.container_props(*next(iter(positions))))
        )
        proj.keys = list(positions)
        self.projections.append(proj)

    def sort(self, specs: list[Any] | None, where: str = "sort", *, nulls: bool = True) -> None:
        for i, raw in enumerate(specs or []):
            obj = Obj(raw, f"{where}[{i}]")
            expr = self.scope.prop(obj.raw("property", required=True), f"{where}[{i}].property")
            direction = obj.enum("direction", ("ascending", "descending"), "ascending")
            nulls_first = obj.bool_("nullsFirst", False) if nulls else False
            obj.done()
            self.sort_keys.append((f"({expr.sql} IS NULL)", nulls_first))
            keys = expr.ref_sql or (expr.sql,)  # references sort by space, then externalId
            self.sort_keys.extend((key, direction == "descending") for key in keys)
            self.custom_sort = True
        self.order = [f"{sql} {'DESC' if desc else 'ASC'}" for sql, desc in self.sort_keys]

    def _after_sql(self, after: tuple[list[Any], int]) -> tuple[str, list[Any]]:
        """Rows strictly after the position (sort key values, id) in the sort order (keyset paging)."""
        values, last_id = after
        keys = [*self.sort_keys, ("i.id", False)]
        if len(values) != len(self.sort_keys):
            raise bad("cursor does not belong to this sort: pass back a nextCursor value unchanged.")
        points = [*values, last_id]
        branches: list[str] = []
        args: list[Any] = []
        for j, (sql, desc) in enumerate(keys):
            if points[j] is None:  # nothing sorts strictly after NULL within its null group
                continue
            parts = [f"{keys[k][0]} IS ?" for k in range(j)]
            parts.append(f"{sql} {'<' if desc else '>'} ?")
            branches.append("(" + " AND ".join(parts) + ")")
            args.extend(points[: j + 1])
        return "(" + (" OR ".join(branches) or "0") + ")", args

    def can_render_in_sql(self) -> bool:
        """True when SQLite can build each item's JSON itself (at most one spliced projection)."""
        if self.include_deleted or len(self.projections) > 1:
            return False
        return all(proj.identity for proj in self.projections)

    def _json_item_sql(self) -> tuple[str, list[Any]]:
        core = (
            "'instanceType', i.kind, 'space', i.space, 'externalId', i.external_id, 'version', i.version, "
            "'createdTime', i.created_time, 'lastUpdatedTime', i.last_updated_time"
        )
        props, props_args = "json_object()", []
        if self.projections:
            proj = self.projections[0]
            alias = self.scope.data_alias(*proj.keys[0])
            props = (
                f"CASE WHEN {alias}.props IS NULL THEN json_object() "
                f"ELSE json_object(?, json_object(?, json({alias}.props))) END"
            )
            props_args = [proj.source.space, proj.source.key]
        node_type = "'type', json_object('space', i.type_space, 'externalId', i.type_xid)"
        ends = (
            "'startNode', json_object('space', i.start_space, 'externalId', i.start_xid), "
            "'endNode', json_object('space', i.end_space, 'externalId', i.end_xid)"
        )
        text = (
            f"CASE WHEN i.kind = 'edge' THEN json_object({core}, {node_type}, {ends}, 'properties', {props}) "
            f"WHEN i.type_space IS NULL THEN json_object({core}, 'properties', {props}) "
            f"ELSE json_object({core}, {node_type}, 'properties', {props}) END"
        )
        return text, props_args * 3

    def run_json(
        self, limit: int | None, after_id: int | None = None, after: tuple[list[Any], int] | None = None
    ) -> list[SelectedJson]:
        """Rows whose item JSON SQLite rendered itself (see :meth:`can_render_in_sql`)."""
        expr, expr_args = self._json_item_sql()
        text, args = self.sql(limit, 0, after_id, columns=["i.id", expr], after=after)
        return [SelectedJson(raw[0], raw[1], tuple(raw[2:])) for raw in self._execute(text, expr_args + args)]

    def position(self, selected: Selected | SelectedJson) -> tuple[list[Any], int]:
        """The keyset position of a row fetched by :meth:`run`/:meth:`run_json` (sort values, id)."""
        row_id = selected.row.id if isinstance(selected, Selected) else selected.id
        return list(selected.sort_values), row_id

    def sql(
        self,
        limit: int | None,
        offset: int = 0,
        after_id: int | None = None,
        columns: list[str] | None = None,
        after: tuple[list[Any], int] | None = None,
        *,
        ordered: bool = True,
    ) -> tuple[str, list[Any]]:
        """The SELECT; ``after`` = keyset position (sort key values, id); the sort key values are
        appended as the last columns whenever there is a custom sort."""
        plain = columns is None
        columns = columns or [f"i.{c.strip()}" for c in ROW_COLUMNS.split(",")]
        extra: list[str] = []
        alias_pos: dict[str, int] = {}
        for proj in self.projections if plain else []:
            for n, ckey in enumerate(proj.keys):
                alias = self.scope.data_alias(*ckey)
                if alias not in alias_pos:
                    alias_pos[alias] = len(extra)
                    extra.append(f"{alias}.props")
                proj.columns[n] = alias_pos[alias]
        self._data_columns = len(extra)
        where = list(self.where)
        args = [*self.from_args, *self.args]
        if after_id is not None:
            where.append("i.id > ?")
            args.append(after_id)
        if after is not None:
            condition, condition_args = self._after_sql(after)
            where.append(condition)
            args.extend(condition_args)
        extra += [sql for sql, _ in self.sort_keys]
        text = (
            f"SELECT {', '.join(columns + extra)} FROM {self.from_sql} {self.scope.join_sql()} "
            f"WHERE {' AND '.join(where)}"
        )
        if ordered:
            text += f" ORDER BY {self.order_sql()}"
        if limit is not None:
            text += " LIMIT ? OFFSET ?"
            args.extend((limit, offset))
        return text, args

    def order_sql(self) -> str:
        """The ORDER BY terms of :meth:`sql` (always ending with the id: a total order)."""
        return ", ".join([*self._order(), "i.id"])

    def sort_values(self, row_id: int) -> list[Any]:
        """The sort key values of one instance (the keyset position of a cursor; [] without a sort)."""
        if not self.sort_keys:
            return []
        text = (
            f"SELECT {', '.join(sql for sql, _ in self.sort_keys)} FROM dms_instances i "
            f"{self.scope.join_sql()} WHERE i.id = ?"
        )
        found = self._execute(text, [row_id])
        return list(found[0]) if found else []

    def _order(self) -> list[str]:
        if self.order or self.rank is None:
            return self.order
        return [f"{self.rank} DESC"]

    def run(
        self,
        limit: int | None,
        offset: int = 0,
        after_id: int | None = None,
        after: tuple[list[Any], int] | None = None,
    ) -> list[Selected]:
        text, args = self.sql(limit, offset, after_id, after=after)
        data_end = _NCOLS + self._data_columns
        return [
            Selected(Row(*raw[:_NCOLS]), tuple(raw[_NCOLS:data_end]), tuple(raw[data_end:]))
            for raw in self._execute(text, args)
        ]

    def keys(self) -> set[tuple[str, str]]:
        """The (space, externalId) of every match: no rows built (filters on the ends of edges)."""
        text, args = self.sql(None, columns=["i.space", "i.external_id"])
        return {(space, xid) for space, xid in self._execute(text, args)}

    def _execute(self, text: str, args: list[Any]) -> list[Any]:
        try:
            return self.conn.execute(text, args).fetchall()
        except sqlite3.OperationalError as exc:  # e.g. malformed JSON path from odd input
            raise bad(f"The filter or sort cannot be evaluated: {exc}.") from None
        except OverflowError:
            raise bad("A number in the filter is too large.") from None

    def render(self, selected: Selected) -> dict[str, Any]:
        item = header(selected.row)
        props: dict[str, dict[str, Any]] = {}
        for proj in self.projections:
            value = proj.render(selected.data)
            if value is not None:
                props.setdefault(proj.source.space, {})[proj.source.key] = value
        item["properties"] = props
        return item

    def typing(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for proj in self.projections:
            out.setdefault(proj.source.space, {})[proj.source.key] = proj.typing()
        return out
