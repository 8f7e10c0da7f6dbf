"""POST /models/instances/search: case-insensitive word-prefix matching over text properties.

dms-api.md §5.2 leaves tokenisation and ranking unspecified (CDF only says "ordered by relevance");
this emulator splits text into words, folds case with Unicode ``casefold`` on both sides (``"Ärger"``
is found by ``"ärger"``, ``"ÉCOLE"`` finds ``"école"``), lets a query term match a property when one
of its words starts with the term, and ranks by relevance = the number of query terms that match
(ties: creation order), unless ``sort`` is given. Only text properties are searched.

The words live in an SQLite FTS5 index (``_search_index``), so a search never reads an instance
that does not match, and without ``sort`` it stops once it has ``limit`` results:

* Candidates come from FTS5 in instance id order, a chunk at a time, and go through one SQL statement
  with the view, ``instanceType`` and ``filter`` conditions; the loop ends when ``limit`` rows passed.
* Ranking by matching terms is done in tiers: first the instances matching all ``k`` terms (the FTS5
  query ``t1 AND … AND tk``), then, while the limit is not reached, those matching at least ``k-1``
  of them, and so on down to one. A tier is only entered when every instance of the tiers above has
  been taken, so what it adds has exactly that many matching terms and the result is the exact
  ranking. "At least j of k" is an OR of the ``C(k, j)`` conjunctions, which grows fast: for more
  than ``_EXACT_TERMS`` terms the tiers are "all terms", then a bounded candidate set: the first
  ``_WINDOW`` instances (in id order) that match any term, ranked by their number of matching terms,
  counted by SQLite in their stored document (``instr``, no Python per row). That is exact whenever
  fewer than ``_WINDOW`` instances match some term, and bounded work otherwise.
* With ``sort`` every match is a candidate (no order of the index helps; CDF needs a sort index
  there): the matching ids go through the same statement a chunk at a time, each time together with
  the best ``limit`` rows so far, whose ``ORDER BY … LIMIT`` keeps the new best ``limit``.

Memory is bounded by ``limit`` plus one chunk of ids, and FTS5's merged list of the rowids a prefix
term matches (a few bytes per matching instance, built in C). Reads run beside each other (see
``_db``); on an in-memory database they share SQLite's cache and take turns one statement step at a
time, so another client's request waits at most for one step of a search: one chunk, or that merge
(about 80 ms for 900k matching instances).
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from pygen_emulator._body import Obj, bad
from pygen_emulator.instances._schema import Schema, Source
from pygen_emulator.instances._search_index import TEXT_TYPES, field_ids_of, words
from pygen_emulator.instances._select import Select, Selected
from pygen_emulator.instances._storage import container_id

__all__ = ["TextMatch", "add_text_match", "search", "terms_of", "text_fields", "text_match"]

# Up to this many distinct terms the ranking by matching terms is exact (tiers k, k-1, ..., 1: at
# most 2^4 - 1 = 15 conjunctions in all); beyond it the tiers are "all terms" and a ranked window.
_EXACT_TERMS = 4
# The candidates of that window: ten full result pages of the largest limit. Scoring one costs an
# FTS5 rowid lookup and an instr() per term and field (about 0.15 s for the whole window with five
# terms over the benchmark's four text fields), and the rows kept at any time are the best ``limit``.
_WINDOW = 10_000
# Candidate ids per statement: the first chunk is the rows still needed (a filter that passes
# everything finishes in one statement), each next chunk is four times larger up to this bound, so a
# selective filter costs few statements and the ids held at once stay bounded.
_MAX_CHUNK = 4096
_MATCH = "SELECT rowid FROM dms_search WHERE dms_search MATCH ?"


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
    """The query's words, case-folded, each once."""
    return list(dict.fromkeys(words(query or "")))


@dataclass(frozen=True)
class TextMatch:
    """How to find the instances matching a query: FTS5 queries of the relevance tiers, best first
    ([] = nothing can match), and, beyond ``_EXACT_TERMS`` terms, the SQL counting the terms that
    instance ``i`` matches, to rank the last tier's window with."""

    tiers: list[str]
    score: str | None = None


def text_match(
    conn: sqlite3.Connection, source: Source, fields: list[str], terms: list[str], operator: str
) -> TextMatch:
    """The relevance tiers of a query over ``fields`` of ``source`` (see the module docstring)."""
    pairs = []
    for name in fields:
        prop = source.props[name]
        if prop.type.get("type") not in TEXT_TYPES:
            continue  # only text is indexed (and searched)
        cid = container_id(conn, prop.cspace, prop.cxid, create=False)
        if cid is not None:
            pairs.append((cid, prop.cprop))
    fids = field_ids_of(conn, pairs)
    if not fids:
        return TextMatch([])
    # one term = any of the searched properties has a word starting with it
    groups = {term: " OR ".join(f'"{fid}x{term}"*' for fid in fids) for term in terms}
    if operator == "AND":
        return TextMatch([_all_of(groups[t] for t in terms)])
    k = len(terms)
    if k > _EXACT_TERMS:
        # A word is written as " <fid>x<word>" in ' ' || body: a term matches a field when that text
        # with the term in place of the word occurs. Terms are \w runs and fids digits: no quotes.
        doc = "(' ' || body)"
        counted = " + ".join(
            "(" + " OR ".join(f"instr({doc}, ' {fid}x{t}') > 0" for fid in fids) + ")" for t in terms
        )
        score = f"(SELECT {counted} FROM dms_search WHERE rowid = i.id)"
        return TextMatch([_all_of(groups[t] for t in terms), " OR ".join(groups.values())], score)
    return TextMatch(
        [
            " OR ".join(
                _all_of(groups[t] for t in combination) for combination in itertools.combinations(terms, j)
            )
            for j in range(k, 0, -1)
        ]
    )


def _all_of(groups: Any) -> str:
    return " AND ".join(f"({group})" for group in groups)


def add_text_match(
    select: Select, source: Source, fields: list[str], terms: list[str], operator: str
) -> None:
    """Restrict ``select`` to the instances matching the terms (every match: no ranking)."""
    tiers = text_match(select.conn, source, fields, terms, operator).tiers
    if not tiers:
        select.where.append("0")
        return
    select.where.append(f"i.id IN ({_MATCH})")
    select.args.append(tiers[-1])  # the last tier is the loosest: every instance that matches at all


def _ranked(select: Select, match: TextMatch, limit: int) -> list[Selected]:
    """The first ``limit`` instances by tier, then id, that pass ``select``'s conditions."""
    select.ids_in([])
    slot = len(select.args) - 1  # the candidate ids of each chunk go into this parameter
    out: list[Selected] = []
    taken: set[int] = set()
    for index, tier in enumerate(match.tiers):
        need = limit - len(out)
        if need <= 0:
            break
        if match.score is not None and index == len(match.tiers) - 1:
            out.extend(_best_in_window(select, slot, tier, need, taken, match.score))
            break
        cursor = select.conn.execute(f"{_MATCH} ORDER BY rowid", (tier,))
        try:
            size = need
            while need > 0:
                batch = cursor.fetchmany(size)
                if not batch:
                    break
                ids = [r[0] for r in batch if r[0] not in taken]
                if ids:
                    select.args[slot] = orjson.dumps(ids).decode()
                    found = select.run(need)
                    out.extend(found)
                    need -= len(found)
                size = min(size * 4, _MAX_CHUNK)
        finally:
            cursor.close()
        taken.update(item.row.id for item in out)
    return out


def _best_in_window(
    select: Select, slot: int, tier: str, need: int, taken: set[int], score: str
) -> list[Selected]:
    """The best ``need`` by ``score`` (then id) of the first ``_WINDOW`` candidates of ``tier``."""
    select.rank = score
    best: list[Selected] = []
    fetched = 0
    cursor = select.conn.execute(f"{_MATCH} ORDER BY rowid", (tier,))
    try:
        while fetched < _WINDOW and (batch := cursor.fetchmany(min(_MAX_CHUNK, _WINDOW - fetched))):
            fetched += len(batch)
            ids = [r[0] for r in batch if r[0] not in taken] + [item.row.id for item in best]
            select.args[slot] = orjson.dumps(ids).decode()
            best = select.run(need)  # the best of the best so far and this chunk
    finally:
        cursor.close()
        select.rank = None
    return best


def _sorted(select: Select, match: str, limit: int) -> list[Selected]:
    """The first ``limit`` instances in ``select``'s sort order among those FTS5 ``match`` finds."""
    select.ids_in([])
    slot = len(select.args) - 1
    best: list[Selected] = []
    cursor = select.conn.execute(f"{_MATCH} ORDER BY rowid", (match,))
    try:
        while batch := cursor.fetchmany(_MAX_CHUNK):
            ids = [r[0] for r in batch] + [item.row.id for item in best]
            select.args[slot] = orjson.dumps(ids).decode()
            best = select.run(limit)  # the best of the best so far and this chunk: the best so far
    finally:
        cursor.close()
    return best


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
    if not terms:
        rows = select.run(limit)
    elif select.custom_sort:
        tiers = text_match(conn, view, fields, terms, operator).tiers
        rows = _sorted(select, tiers[-1], limit) if tiers else []
    else:
        rows = _ranked(select, text_match(conn, view, fields, terms, operator), limit)
    result: dict[str, Any] = {"items": [select.render(row) for row in rows]}
    if typing:
        result["typing"] = select.typing()
    return result
