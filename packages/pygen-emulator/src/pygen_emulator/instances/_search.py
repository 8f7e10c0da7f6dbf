"""POST /models/instances/search: case-insensitive token-prefix matching over text properties.

dms-api.md §5.2 leaves tokenisation and ranking unspecified; this emulator splits text into word
tokens, a query term matches a field when one of its tokens starts with the term, and results are
ordered by the number of matching terms (unless ``sort`` is given).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._select import Select

_WORD = re.compile(r"\w+")
TEXT_TYPES = ("text",)


def text_fields(source: Source, names: list[str] | None, where: str) -> list[str]:
    if names is None:
        return [name for name, prop in source.props.items() if prop.type.get("type") in TEXT_TYPES]
    for name in names:
        if not isinstance(name, str):
            raise bad(f"{where} must be a list of property identifiers.")
        if name not in source.props:
            raise bad(f"Unknown property {name!r} in {where}: {source.label} has no such property.")
    return list(names)


def terms_of(query: str | None) -> list[str]:
    return [t.lower() for t in _WORD.findall(query or "")]


def match_count(item: dict[str, Any], source: Source, fields: list[str], terms: list[str]) -> int:
    """How many of ``terms`` occur (as a token prefix) in the given fields of the rendered item."""
    values = item.get("properties", {}).get(source.space, {}).get(source.key, {})
    tokens: list[str] = []
    for name in fields:
        value = values.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                tokens.extend(t.lower() for t in _WORD.findall(text))
    return sum(1 for term in terms if any(token.startswith(term) for token in tokens))


def _prefilter(select: Select, source: Source, fields: list[str], terms: list[str], operator: str) -> None:
    """Narrow the candidates in SQL: a token-prefix match implies a (case-insensitive) substring match."""
    if not terms or not fields:
        return
    per_term = []
    for term in terms:
        alternatives = []
        for name in fields:
            expr = select.scope.data_prop(source, name, "properties")
            if expr.each_sql is not None:
                alternatives.append(f"EXISTS (SELECT 1 FROM {expr.each_sql} je WHERE je.value LIKE ?)")
            else:
                alternatives.append(f"{expr.sql} LIKE ?")
            select.args.append(f"%{term}%")
        per_term.append("(" + " OR ".join(alternatives) + ")")
    select.where.append("(" + (" AND " if operator == "AND" else " OR ").join(per_term) + ")")


def matching(
    select: Select,
    source: Source,
    fields: list[str],
    query: str | None,
    operator: str,
    limit: int | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """(score, item) of every candidate that matches the text query (without one: the first ``limit``)."""
    terms = terms_of(query)
    _prefilter(select, source, fields, terms, operator)
    out = []
    for row in select.run(None if terms else limit):
        item = select.render(row)
        if not terms:
            out.append((0, item))
            continue
        score = match_count(item, source, fields, terms)
        if (operator == "AND" and score == len(terms)) or (operator == "OR" and score > 0):
            out.append((score, item))
    return out


def search(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    view = schema.source_ref(obj.raw("view", required=True), "view", allow_container=False)
    query = obj.str_("query")
    kind = obj.enum("instanceType", ("node", "edge"), "node")
    fields = text_fields(view, obj.list_("properties", lo=1, hi=200), "properties")
    operator = obj.enum("operator", ("AND", "OR"), "OR")
    limit = obj.limit("limit", 1000, 1000)
    typing = obj.bool_("includeTyping", False)
    select = Select(conn, schema)
    select.kind(kind)
    select.has_data(view, "view")
    select.project(view, splice=False)
    select.filter(obj.raw("filter"))
    select.sort(obj.list_("sort", hi=5))
    obj.ignore("targetUnits")
    obj.done()
    found = matching(select, view, fields, query, operator, limit)
    if not select.custom_sort and terms_of(query):
        found.sort(key=lambda pair: -pair[0])
    result: dict[str, Any] = {"items": [item for _, item in found[:limit]]}
    if typing:
        result["typing"] = select.typing()
    return result
