"""The DMS filter language (dms-api.md §4) compiled to SQLite expressions over ``dms_instances``."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from pygen_emulator._body import bad
from pygen_emulator._filter_language import MAX_FILTER_DEPTH
from pygen_emulator.instances._schema import PropMap, Schema, Source
from pygen_emulator.instances._storage import container_id
from pygen_emulator.instances._values import filter_value

_BASE_TEXT = {"space": "space", "externalId": "external_id", "instanceType": "kind"}
_BASE_INT = {
    "version": "version",
    "createdTime": "created_time",
    "lastUpdatedTime": "last_updated_time",
    "deletedTime": "deleted_time",
}
_BASE_REF = {
    "type": ("type_space", "type_xid"),
    "startNode": ("start_space", "start_xid"),
    "endNode": ("end_space", "end_xid"),
}
_SAFE_PROP = re.compile(r"[A-Za-z0-9_-]{1,255}")
# SQLite's parser has a fixed stack (100 entries); one level of `nested` takes about ten of them. Every
# this many levels the subtree below is run as its own statement and used as a set of instance ids.
_LEVELS_PER_STATEMENT = 5
_OPS = (("gt", ">"), ("gte", ">="), ("lt", "<"), ("lte", "<="))


@dataclass
class PropExpr:
    sql: str
    kind: str  # "text" | "int" | "ref" | "data"
    prop: PropMap | None = None
    ref_sql: tuple[str, str] | None = None  # for single references: (space sql, externalId sql)
    each_sql: str | None = None  # for list data properties: json_each(...) source

    @property
    def type_name(self) -> str | None:
        return None if self.prop is None else str(self.prop.type.get("type"))

    @property
    def is_list(self) -> bool:
        return self.prop is not None and self.prop.is_list


@dataclass
class Scope:
    """One instance alias in a SQL statement and the container data joined to it."""

    conn: sqlite3.Connection
    schema: Schema
    alias: str = "i"
    parameters: dict[str, Any] | None = None
    counter: list[int] = field(default_factory=lambda: [0])
    joins: dict[int, str] = field(default_factory=dict)

    def fresh(self, prefix: str) -> str:
        self.counter[0] += 1
        return f"{prefix}{self.counter[0]}"

    def child(self) -> Scope:
        return Scope(self.conn, self.schema, self.fresh("n"), self.parameters, self.counter)

    def data_alias(self, cspace: str, cxid: str) -> str:
        cid = container_id(self.conn, cspace, cxid, create=False)
        cid = -1 if cid is None else cid
        if cid not in self.joins:
            self.joins[cid] = self.fresh("d")
        return self.joins[cid]

    def join_sql(self) -> str:
        return " ".join(
            f"LEFT JOIN dms_instance_data {a} ON {a}.iid = {self.alias}.id AND {a}.cid = {cid}"
            for cid, a in self.joins.items()
        )

    # -- property references ------------------------------------------------------------------------
    def prop(self, ref: Any, where: str = "property") -> PropExpr:
        if not isinstance(ref, list) or not 2 <= len(ref) <= 3 or not all(isinstance(p, str) for p in ref):
            raise bad(
                f'{where} must be a list of 2 or 3 strings like ["node", "externalId"] or '
                f'[space, "View/version", property], got {_short(ref)}.'
            )
        if len(ref) == 2:
            scope_name, name = ref
            if scope_name not in ("node", "edge"):
                raise bad(
                    f"{where} {ref}: the first element of a 2-element property must be 'node' or 'edge'."
                )
            a = self.alias
            if name in _BASE_TEXT:
                return PropExpr(f"{a}.{_BASE_TEXT[name]}", "text")
            if name in _BASE_INT:
                return PropExpr(f"{a}.{_BASE_INT[name]}", "int")
            if name in _BASE_REF and (name == "type" or scope_name == "edge"):
                s, x = _BASE_REF[name]
                return PropExpr(f"{a}.{s}", "ref", ref_sql=(f"{a}.{s}", f"{a}.{x}"))
            raise bad(f"{where} {ref}: unknown {scope_name} property {name!r}.")
        return self.data_prop(self.source_of(ref[0], ref[1], where), ref[2], where)

    def source_of(self, space: str, name: str, where: str) -> Source:
        if "/" in name:
            external_id, version = name.split("/", 1)
            return self.schema.view(space, external_id, version)
        return self.schema.container(space, name)

    def data_prop(self, source: Source, name: str, where: str) -> PropExpr:
        prop = source.props.get(name)
        if prop is None:
            raise bad(f"{where}: Unknown property {name!r} in {source.label}.")
        if not _SAFE_PROP.fullmatch(prop.cprop):
            raise bad(f"{where}: property {prop.cprop!r} cannot be used in filters.")
        a = self.data_alias(prop.cspace, prop.cxid)
        path = f'$."{prop.cprop}"'
        expr = PropExpr(f"json_extract({a}.props, '{path}')", "data", prop)
        if prop.is_list:
            expr.each_sql = f"json_each({a}.props, '{path}')"
        elif prop.type.get("type") == "direct":
            expr.ref_sql = (
                f"json_extract({a}.props, '{path}.space')",
                f"json_extract({a}.props, '{path}.externalId')",
            )
        return expr


class FilterCompiler:
    """Compiles one filter tree; ``args`` collects the bound parameters in order."""

    def __init__(self, scope: Scope, args: list[Any], depth: int = 0, sql_depth: int = 0) -> None:
        self.scope = scope
        self.args = args
        self.depth = depth  # levels of the filter document(s) above this one: the user-facing limit
        self.sql_depth = sql_depth  # levels above this one in the SQL statement being built

    def _deeper(self, scope: Scope | None = None, args: list[Any] | None = None) -> FilterCompiler:
        return FilterCompiler(
            scope or self.scope, self.args if args is None else args, self.depth + 1, self.sql_depth + 1
        )

    def compile(self, f: Any, where: str = "filter") -> str:
        if self.depth >= MAX_FILTER_DEPTH:
            raise bad(f"{where} is nested too deeply (more than {MAX_FILTER_DEPTH} levels).")
        if not isinstance(f, dict) or len(f) != 1:
            raise bad(f"{where} must be an object with exactly one filter key, got {_short(f)}.")
        if self.sql_depth >= _LEVELS_PER_STATEMENT:
            return self._materialized(f, where)
        ((name, body),) = f.items()
        sub = self._deeper()
        if name in ("and", "or"):
            if not isinstance(body, list) or not body:
                raise bad(f"{where}.{name} must be a non-empty list of filters.")
            parts = [sub.compile(item, f"{where}.{name}[{i}]") for i, item in enumerate(body)]
            return "(" + f" {name.upper()} ".join(parts) + ")"
        if name == "not":
            return f"(NOT coalesce({sub.compile(body, f'{where}.not')}, 0))"
        leaf = _LEAF_COMPILERS.get(name)
        if leaf is None:
            raise bad(
                f"{where}: unknown filter {name!r}. Supported: and, or, not, {', '.join(_LEAF_COMPILERS)}."
            )
        return leaf(self, body, f"{where}.{name}")

    def _materialized(self, f: Any, where: str) -> str:
        """The subtree ``f`` run as its own statement: ``alias.id IN (the ids it matches)``.

        A filter is a predicate over one instance (``nested`` opens its own subquery), so the subtree
        needs nothing from the statement around it; this keeps each statement within SQLite's parser.
        """
        scope = Scope(self.scope.conn, self.scope.schema, "m", self.scope.parameters)
        args: list[Any] = []
        predicate = FilterCompiler(scope, args, self.depth, 0).compile(f, where)
        sql = f"SELECT m.id FROM dms_instances m {scope.join_sql()} WHERE {predicate}"
        try:
            ids = [row[0] for row in self.scope.conn.execute(sql, args)]
        except sqlite3.OperationalError as exc:
            raise bad(f"The filter cannot be evaluated: {exc}.") from None
        except OverflowError:
            raise bad("A number in the filter is too large.") from None
        self.args.append(orjson.dumps(ids).decode())
        return f"({self.scope.alias}.id IN (SELECT value FROM json_each(?)))"

    # -- helpers ------------------------------------------------------------------------------------
    def _obj(
        self, body: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise bad(f"{where} must be an object, got {_short(body)}.")
        for key in body:
            if key not in required and key not in optional:
                raise bad(f"Unexpected field - {where}.{key}")
        for key in required:
            if key not in body:
                raise bad(f"Missing required field - {where}.{key}")
        return body

    def _param(self, value: Any, where: str) -> Any:
        if isinstance(value, dict) and set(value) == {"parameter"}:
            name = value["parameter"]
            params = self.scope.parameters
            if params is None:
                raise bad(f"{where}: parameters are only allowed in query and sync filters.")
            if not isinstance(name, str) or name not in params:
                raise bad(f"{where}: unknown parameter {_short(name)}; add it to 'parameters'.")
            return params[name]
        return value

    def _operand(self, expr: PropExpr, value: Any, where: str) -> str:
        """SQL for the right-hand side of a comparison (binds the value)."""
        if isinstance(value, dict) and set(value) == {"property"}:
            other = self.scope.prop(value["property"], f"{where}.property")
            return other.sql
        value = self._param(value, where)
        if expr.kind == "data" and expr.is_list and isinstance(value, list):
            self.args.append(_dumps([self._scalar(expr, v, where) for v in value], where))
            return "json(?)"
        self.args.append(self._scalar(expr, value, where))
        return "?"

    def _scalar(self, expr: PropExpr, value: Any, where: str) -> Any:
        if expr.kind == "text" and not isinstance(value, str):
            raise bad(f"{where}: expected a string value, got {_short(value)}.")
        if expr.kind == "int" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise bad(f"{where}: expected a number, got {_short(value)}.")
        if expr.kind == "data":
            tname = expr.type_name
            if tname == "json":
                return _dumps(value, where) if isinstance(value, (dict, list)) else value
            if isinstance(value, (dict, list)):
                raise bad(f"{where}: a {tname} property cannot be compared with {_short(value)}.")
            try:
                return filter_value(expr.prop.type if expr.prop else None, value)
            except Exception:
                raise bad(f"{where}: {_short(value)} is not a valid {tname} value.") from None
        return value

    def _ref_value(self, value: Any, where: str) -> tuple[str, str]:
        value = self._param(value, where)
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("space"), str)
            or not isinstance(value.get("externalId"), str)
            or set(value) != {"space", "externalId"}
        ):
            raise bad(f'{where}: expected {{"space": ..., "externalId": ...}}, got {_short(value)}.')
        return value["space"], value["externalId"]

    def _is_ref(self, expr: PropExpr) -> bool:
        return expr.kind == "ref" or (expr.kind == "data" and expr.type_name == "direct")

    def _ref_equals(self, expr: PropExpr, value: Any, where: str) -> str:
        space, xid = self._ref_value(value, where)
        if expr.ref_sql is None:  # list of direct relations: equals the whole list is not supported
            raise bad(f"{where}: use containsAny/containsAll for lists of direct relations.")
        self.args.extend((space, xid))
        return f"({expr.ref_sql[0]} = ? AND {expr.ref_sql[1]} = ?)"

    # -- leaves -------------------------------------------------------------------------------------
    def _equals(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("property", "value"))
        expr = self.scope.prop(b["property"], f"{where}.property")
        if self._is_ref(expr) and not expr.is_list and not _is_property_value(b["value"]):
            return self._ref_equals(expr, b["value"], where + ".value")
        if b["value"] is None:
            raise bad(f"{where}.value must not be null; use exists to test for missing values.")
        return f"({expr.sql} = {self._operand(expr, b['value'], where + '.value')})"

    def _in(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("property", "values"))
        expr = self.scope.prop(b["property"], f"{where}.property")
        values = self._param(b["values"], where + ".values")
        if not isinstance(values, list) or not 1 <= len(values) <= 1000:
            raise bad(f"{where}.values must be a list of 1-1000 values.")
        if self._is_ref(expr):
            if expr.is_list:
                raise bad(f"{where}: use containsAny for lists of direct relations.")
            return (
                "("
                + " OR ".join(self._ref_equals(expr, v, f"{where}.values[{i}]") for i, v in enumerate(values))
                + ")"
            )
        operands = [self._operand(expr, v, f"{where}.values[{i}]") for i, v in enumerate(values)]
        return f"({expr.sql} IN ({', '.join(operands)}))"

    def _bound(self, b: dict[str, Any], key: str, where: str) -> Any:
        value = b[key]
        if _is_property_value(value):
            return value
        value = self._param(value, f"{where}.{key}")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise bad(f"{where}.{key} must be a string or a number, got {_short(value)}.")
        return value

    def _check_bounds(self, b: dict[str, Any], where: str) -> None:
        if ("gt" in b and "gte" in b) or ("lt" in b and "lte" in b):
            raise bad(f"{where}: use at most one of gt/gte and one of lt/lte.")
        if not any(key in b for key in ("gt", "gte", "lt", "lte")):
            raise bad(f"{where} needs at least one of gt, gte, lt, lte.")

    def _range(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("property",), ("gt", "gte", "lt", "lte"))
        expr = self.scope.prop(b["property"], f"{where}.property")
        if self._is_ref(expr) or expr.is_list:
            raise bad(f"{where}: range needs a single-valued primitive property.")
        self._check_bounds(b, where)
        parts = [
            f"{expr.sql} {op} {self._operand(expr, self._bound(b, key, where), f'{where}.{key}')}"
            for key, op in _OPS
            if key in b
        ]
        return "(" + " AND ".join(parts) + ")"

    def _overlaps(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("startProperty", "endProperty"), ("gt", "gte", "lt", "lte"))
        start = self.scope.prop(b["startProperty"], f"{where}.startProperty")
        end = self.scope.prop(b["endProperty"], f"{where}.endProperty")
        self._check_bounds(b, where)
        # [start, end] (end missing = open) overlaps the range: end above the lower bound, start below the upper.
        parts = [f"{start.sql} IS NOT NULL"]
        for key, op in _OPS:
            if key not in b:
                continue
            value = self._bound(b, key, where)
            if key in ("gt", "gte"):
                parts.append(f"({end.sql} IS NULL OR {end.sql} {op} {self._operand(end, value, where)})")
            else:
                parts.append(f"{start.sql} {op} {self._operand(start, value, where)}")
        return "(" + " AND ".join(parts) + ")"

    def _prefix(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("property", "value"))
        expr = self.scope.prop(b["property"], f"{where}.property")
        value = self._param(b["value"], where + ".value")
        if not isinstance(value, str):
            raise bad(f"{where}.value must be a string, got {_short(value)}.")
        if expr.kind not in ("text", "data") or expr.is_list or self._is_ref(expr):
            raise bad(f"{where}: prefix needs a single-valued text property.")
        self.args.extend((len(value), value))
        return f"(substr({expr.sql}, 1, ?) = ?)"

    def _exists(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("property",))
        expr = self.scope.prop(b["property"], f"{where}.property")
        return f"({expr.sql} IS NOT NULL)"

    def _contains(self, body: Any, where: str, every: bool) -> str:
        b = self._obj(body, where, ("property", "values"))
        expr = self.scope.prop(b["property"], f"{where}.property")
        values = self._param(b["values"], where + ".values")
        if not isinstance(values, list) or not 1 <= len(values) <= 1000:
            raise bad(f"{where}.values must be a list of 1-1000 values.")
        if expr.each_sql is None:
            raise bad(f"{where}: {b['property']} is not a list property.")
        parts = []
        for i, value in enumerate(values):
            if expr.type_name == "direct":
                space, xid = self._ref_value(value, f"{where}.values[{i}]")
                self.args.extend((space, xid))
                cond = "json_extract(je.value, '$.space') = ? AND json_extract(je.value, '$.externalId') = ?"
            else:
                self.args.append(self._scalar(expr, value, f"{where}.values[{i}]"))
                cond = "je.value = ?"
            parts.append(f"EXISTS (SELECT 1 FROM {expr.each_sql} je WHERE {cond})")
        return "(" + (" AND " if every else " OR ").join(parts) + ")"

    def _contains_any(self, body: Any, where: str) -> str:
        return self._contains(body, where, every=False)

    def _contains_all(self, body: Any, where: str) -> str:
        return self._contains(body, where, every=True)

    def _match_all(self, body: Any, where: str) -> str:
        if body != {}:
            raise bad(f"{where} must be an empty object.")
        return "1"

    def _nested(self, body: Any, where: str) -> str:
        b = self._obj(body, where, ("scope", "filter"))
        scope_ref = b["scope"]
        expr = self.scope.prop(scope_ref, f"{where}.scope")
        if not self._is_ref(expr):
            raise bad(f"{where}.scope must be a direct relation property, got {scope_ref}.")
        child = self.scope.child()
        inner_args: list[Any] = []
        inner = self._deeper(child, inner_args).compile(b["filter"], f"{where}.filter")
        n = child.alias
        if expr.each_sql is not None:
            source = (
                f"{expr.each_sql} je JOIN dms_instances {n} ON {n}.space = json_extract(je.value, '$.space') "
                f"AND {n}.external_id = json_extract(je.value, '$.externalId')"
            )
        else:
            assert expr.ref_sql is not None
            source = f"dms_instances {n}"
            inner = f"{n}.space = {expr.ref_sql[0]} AND {n}.external_id = {expr.ref_sql[1]} AND {inner}"
        self.args.extend(inner_args)
        return (
            f"EXISTS (SELECT 1 FROM {source} {child.join_sql()} WHERE {n}.deleted_time IS NULL AND {inner})"
        )

    def _has_data(self, body: Any, where: str) -> str:
        if not isinstance(body, list) or not body:
            raise bad(f"{where} must be a non-empty list of view or container references.")
        parts = [
            self.has_data(self.scope.schema.source_ref(ref, f"{where}[{i}]"), where)
            for i, ref in enumerate(body)
        ]
        return "(" + " AND ".join(parts) + ")"

    def has_data(self, source: Source, where: str) -> str:
        """The instance belongs to the view (its filter, or data in all its containers) or container."""
        if source.kind == "view" and source.filter:
            return self._deeper().compile(source.filter, f"{where} (filter of {source.label})")
        if source.kind == "view" and self.scope.schema.ctx.settings.default_view_filter == "none":
            return "1"
        parts = []
        for cspace, cxid in source.containers:
            cid = container_id(self.scope.conn, cspace, cxid, create=False)
            parts.append(
                f"EXISTS (SELECT 1 FROM dms_instance_data WHERE iid = {self.scope.alias}.id AND cid = {cid if cid is not None else -1})"
            )
        return "(" + " AND ".join(parts) + ")" if parts else "1"

    def _instance_references(self, body: Any, where: str) -> str:
        if not isinstance(body, list) or not 1 <= len(body) <= 1000:
            raise bad(f"{where} must be a list of 1-1000 {{space, externalId}} references.")
        pairs = [list(self._ref_value(ref, f"{where}[{i}]")) for i, ref in enumerate(body)]
        self.args.append(orjson.dumps(pairs).decode())
        a = self.scope.alias
        return (
            f"(({a}.space, {a}.external_id) IN "
            "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)))"
        )


# The leaf filters of dms-api.md §4, each with the method that compiles it (and/or/not are in compile()).
_LEAF_COMPILERS: dict[str, Callable[[FilterCompiler, Any, str], str]] = {
    "equals": FilterCompiler._equals,
    "in": FilterCompiler._in,
    "range": FilterCompiler._range,
    "prefix": FilterCompiler._prefix,
    "exists": FilterCompiler._exists,
    "containsAny": FilterCompiler._contains_any,
    "containsAll": FilterCompiler._contains_all,
    "matchAll": FilterCompiler._match_all,
    "nested": FilterCompiler._nested,
    "overlaps": FilterCompiler._overlaps,
    "hasData": FilterCompiler._has_data,
    "instanceReferences": FilterCompiler._instance_references,
}


def _dumps(value: Any, where: str) -> str:
    try:
        return orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        raise bad(f"{where}: numbers in filter values must fit in 64 bits.") from None


def _is_property_value(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"property"}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "..."
