"""POST /models/instances/search: case-insensitive token-prefix matching over text properties.

dms-api.md §5.2 leaves tokenisation and ranking unspecified; this emulator splits text into word
tokens, folds case with Unicode ``casefold`` on both sides (``"Ärger"`` is found by ``"ärger"``,
``"ÉCOLE"`` finds ``"école"``), lets a query term match a field when one of its tokens starts with the
term, and orders results by the number of matching terms (unless ``sort`` is given).

Matching runs inside SQLite (the ``dms_search_matches`` function, registered on every connection),
so the match condition, the ranking and ``limit`` are one statement: SQLite keeps only the best
``limit`` rows while it scans, and only those are rendered. Memory stays bounded by ``limit``.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from typing import Any

import orjson

from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._select import Select

__all__ = ["add_text_match", "register_search_function", "search", "terms_of", "text_fields"]

_WORD = re.compile(r"\w+")
TEXT_TYPES = ("text",)
_FUNCTION = "dms_search_matches"


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
    """The query's word tokens, case-folded, each once."""
    return list(dict.fromkeys(_WORD.findall((query or "").casefold())))


def register_search_function(conn: sqlite3.Connection) -> None:
    """Make ``dms_search_matches(terms_json, is_list, value, ...)`` available to SQL on ``conn``."""
    conn.create_function(_FUNCTION, -1, _matches, deterministic=True)


def _matches(terms_json: str, *fields: Any) -> int:
    """How many terms occur as a token prefix in the field values (pairs of is_list flag and value)."""
    terms = _terms(terms_json)
    tokens: set[str] = set()
    for is_list, value in zip(fields[::2], fields[1::2], strict=True):
        if value is None:
            continue
        texts = orjson.loads(value) if is_list else [value]
        for text in texts:
            if isinstance(text, str):
                tokens.update(_WORD.findall(text.casefold()))
    return sum(1 for term in terms if any(token.startswith(term) for token in tokens))


@functools.lru_cache(maxsize=64)
def _terms(terms_json: str) -> tuple[str, ...]:
    return tuple(orjson.loads(terms_json))


def add_text_match(select: Select, source: Source, fields: list[str], terms: list[str], operator: str) -> str:
    """Restrict ``select`` to instances matching the terms; the SQL of the number of matching terms."""
    values = []
    for name in fields:
        expr = select.scope.data_prop(source, name, "properties")
        values.append(f"{1 if expr.each_sql is not None else 0}, {expr.sql}")
    literal = "'" + orjson.dumps(terms).decode().replace("'", "''") + "'"
    score = f"{_FUNCTION}({literal}, {', '.join(values)})" if values else "0"
    needed = len(terms) if operator == "AND" else 1
    select.where.append(f"({score} >= {needed})")
    return score


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
    terms = terms_of(query)
    if terms:
        select.rank = add_text_match(select, view, fields, terms, operator)
    result: dict[str, Any] = {"items": [select.render(row) for row in select.run(limit)]}
    if typing:
        result["typing"] = select.typing()
    return result
