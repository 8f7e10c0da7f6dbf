"""POST /models/instances/aggregate: count/sum/avg/min/max/histogram, optionally grouped."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from typing import Any

import orjson

from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._search import add_text_match, terms_of, text_fields
from pygen_emulator.instances._select import Select

_NUMERIC = ("int32", "int64", "float32", "float64")
_GROUPABLE = ("text", "direct", "int32", "int64", "float32", "float64", "boolean", "enum")
_KINDS = ("avg", "min", "max", "sum", "count", "histogram")


def _parse_aggregate(raw: Any, where: str, view: Source) -> tuple[str, str | None, float | None]:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise bad(f"{where} must be an object with one of {', '.join(_KINDS)}.")
    ((kind, spec),) = raw.items()
    if kind not in _KINDS:
        raise bad(f"{where}: unknown aggregate {kind!r}; use one of {', '.join(_KINDS)}.")
    obj = Obj(spec, f"{where}.{kind}")
    prop = obj.str_("property", required=kind != "count")
    interval = None
    if kind == "histogram":
        raw_interval = obj.raw("interval", required=True)
        if (
            isinstance(raw_interval, bool)
            or not isinstance(raw_interval, (int, float))
            or not raw_interval > 0
        ):
            raise bad(f"{where}.histogram.interval must be a positive number.")
        interval = float(raw_interval)
    obj.done()
    if prop is not None and prop in view.props:
        tname = view.props[prop].type.get("type")
        if kind != "count" and (tname not in _NUMERIC or view.props[prop].is_list):
            raise bad(f"{where}: {kind} needs a numeric property; {prop!r} of {view.label} is {tname}.")
    elif kind != "count" or (prop is not None and prop not in ("externalId", "space")):
        raise bad(f"{where}: Unknown property {prop!r} in {view.label}.")
    return kind, prop, interval


def _value(
    kind: str, prop: str | None, interval: float | None, items: list[dict[str, Any]]
) -> dict[str, Any]:
    values = [item.get(prop) for item in items] if prop is not None else []
    present = [v for v in values if v is not None]
    out: dict[str, Any] = {"aggregate": kind, "property": prop if prop is not None else "externalId"}
    if kind == "count":
        out["value"] = len(items) if prop is None or prop in ("externalId", "space") else len(present)
    elif kind == "histogram":
        assert interval is not None
        buckets: dict[float, int] = {}
        for v in present:
            position = v / interval
            if not math.isfinite(position) or abs(position) > 1e15:
                raise bad(f"histogram interval {interval} is too small for the values of {prop!r}.")
            start = math.floor(position) * interval
            buckets[start] = buckets.get(start, 0) + 1
            if len(buckets) > 10_000:
                raise bad(f"histogram of {prop!r} would have more than 10000 buckets; use a larger interval.")
        out["interval"] = interval
        out["buckets"] = [{"start": start, "count": buckets[start]} for start in sorted(buckets)]
    elif present:
        if kind == "sum":
            out["value"] = float(sum(present))
        elif kind == "avg":
            out["value"] = float(sum(present)) / len(present)
        elif kind == "min":
            out["value"] = float(min(present))
        else:
            out["value"] = float(max(present))
    return out


def _property_values(select: Select, view: Source, names: list[str]) -> list[dict[str, Any]]:
    """Only the needed property values of every matching instance, extracted by SQLite."""
    exprs = [select.scope.data_prop(view, name, "aggregate") for name in names]
    text, args = select.sql(None, columns=["i.id", *(expr.sql for expr in exprs)] if exprs else ["i.id"])
    decoders: list[Callable[[Any], Any] | None] = []
    for name in names:
        tname = view.props[name].type.get("type")
        if view.props[name].is_list or tname in ("direct", "json"):
            decoders.append(orjson.loads)
        elif tname == "boolean":
            decoders.append(bool)
        else:
            decoders.append(None)
    out = []
    for row in select._execute(text, args):
        values: dict[str, Any] = {}
        for n, (name, decode) in enumerate(zip(names, decoders, strict=True)):
            value = row[n + 1]
            if value is not None:
                values[name] = decode(value) if decode is not None else value
        out.append(values)
    return out


def aggregate(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    view = schema.source_ref(obj.raw("view", required=True), "view", allow_container=False)
    kind = obj.enum("instanceType", ("node", "edge"), "node")
    query = obj.str_("query")
    fields = text_fields(view, obj.list_("properties", lo=1, hi=200), "properties")
    operator = obj.enum("operator", ("AND", "OR"), "OR")
    limit = obj.limit("limit", 100, 1000)
    aggregates = [
        _parse_aggregate(a, f"aggregates[{i}]", view)
        for i, a in enumerate(obj.list_("aggregates", hi=5) or [])
    ]
    group_by = obj.list_("groupBy", lo=1, hi=5) or []
    for name in group_by:
        prop = view.props.get(name) if isinstance(name, str) else None
        if prop is None:
            raise bad(f"groupBy: Unknown property {name!r} in {view.label}.")
        if prop.type.get("type") not in _GROUPABLE or prop.is_list:
            raise bad(
                f"groupBy: {name!r} of {view.label} cannot be grouped by (type {prop.type.get('type')})."
            )
    if not aggregates and not group_by:
        raise bad("Give aggregates, groupBy, or both.")
    select = Select(conn, schema)
    select.kind(kind)
    select.has_data(view, "view")
    select.filter(obj.raw("filter"))
    obj.ignore("targetUnits", "includeTyping")
    obj.done()
    needed = [p for _, p, _ in aggregates if p in view.props] + list(group_by)
    terms = terms_of(query)
    if terms:
        add_text_match(select, view, fields, terms, operator)
    values = _property_values(select, view, list(dict.fromkeys(needed)))
    if not group_by:
        results = [_value(k, p, i, values) for k, p, i in aggregates]
        if len(results) > 1 and all(k == "histogram" for k, _, _ in aggregates):
            # one item per histogram: what cognite-sdk's histogram([h1, h2]) reads (items[i].aggregates[0])
            return {"items": [{"instanceType": kind, "aggregates": [r]} for r in results]}
        return {"items": [{"instanceType": kind, "aggregates": results}]}
    groups: dict[bytes, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for v in values:
        # OAS group values are never null: a property without a value is left out of the group
        group = {name: v[name] for name in group_by if v.get(name) is not None}
        key = orjson.dumps(group, option=orjson.OPT_SORT_KEYS)
        groups.setdefault(key, (group, []))[1].append(v)
    items = [
        {
            "instanceType": kind,
            "group": group,
            "aggregates": [_value(k, p, i, members) for k, p, i in aggregates],
        }
        for group, members in groups.values()
    ]
    return {"items": items[:limit]}
