"""The full-text index behind ``/search``: one SQLite FTS5 document per live instance with text values.

Words are made in Python, the same way for the documents and for the queries (:func:`words`:
Unicode ``casefold``, then runs of ``\\w``; :func:`document` inlines it), so both sides fold case
alike (``"Ärger"``/``"ärger"``, ``"ÉCOLE"``/``"école"``, ``"Straße"``/``"STRASSE"``) whatever
SQLite's own Unicode tables say.

A document holds every text value of the instance (all its containers), as space-separated tokens
``<field>x<word>``; ``<field>`` is the small integer id of a (container, property) pair in
``dms_search_fields``. One FTS5 table thus serves every container, and a query restricts a term to
the properties it searches by prefixing it: ``"7xpump"*`` is "a word of field 7 starting with pump".
The tokenizer is ``ascii`` with ``_`` as a token character: it splits exactly at the spaces written
here (every non-ASCII character is a token character for it), so each Python word is one FTS5
token. ``unicode61`` would split again inside words whose characters its Unicode tables do not call
letters, and fold (or strip diacritics) differently from ``casefold``.

Views are not part of the index (a view only chooses which fields a search looks at), so creating,
changing or deleting a view needs no maintenance; deleting a container takes its words out of every
document (:func:`drop_container_fields`), and a container cannot lose a property or change a type.

``detail=none`` (only which documents hold a token; no positions, no phrase queries) and
``columnsize=0`` (no bm25: relevance is the number of matching terms, see ``_search``) keep the
index small. Maintenance is explicit, by the writers (apply, delete, container drop), not by
triggers: an FTS5 insert made by a trigger costs about five times a batched one (measured 15 vs 3
µs per document).

The layout is versioned by the ``search_index`` key of ``dms_instance_meta``, and the index is
current as of the change number in ``search_index_seq`` (the writers advance it with ``seq``): a
database file of an older layout (no keys), of another index version, or written since by a version
of the emulator that did not maintain the index (``seq`` moved on alone) gets the index rebuilt from
the stored data on open.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

__all__ = [
    "INDEXED_SEQ",
    "INDEX_VERSION",
    "TEXT_TYPES",
    "FieldIds",
    "document",
    "drop_container_fields",
    "drop_documents",
    "ensure_search_index",
    "field_ids_of",
    "words",
    "write_documents",
]

INDEX_VERSION = 1
TEXT_TYPES = ("text",)
_WORD = re.compile(r"\w+")
_META_KEY = "search_index"
INDEXED_SEQ = "search_index_seq"
_CHUNK = 5000

_DDL = (
    "CREATE TABLE IF NOT EXISTS dms_search_fields (id INTEGER PRIMARY KEY, cid INTEGER NOT NULL, "
    "prop TEXT NOT NULL, UNIQUE (cid, prop))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS dms_search USING fts5(body, "
    "tokenize = \"ascii tokenchars '_'\", detail = none, columnsize = 0)",
)


def words(text: str) -> list[str]:
    """The words of ``text`` as search sees them: case-folded runs of word characters."""
    return _WORD.findall(text.casefold())


class FieldIds:
    """The ``dms_search_fields`` ids of (container id, property) pairs, created on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._ids: dict[tuple[int, str], int] = {}

    def get(self, cid: int, prop: str) -> int:
        key = (cid, prop)
        fid = self._ids.get(key)
        if fid is None:
            row = self.conn.execute(
                "SELECT id FROM dms_search_fields WHERE cid = ? AND prop = ?", key
            ).fetchone()
            if row is None:
                cur = self.conn.execute("INSERT INTO dms_search_fields (cid, prop) VALUES (?, ?)", key)
                fid = int(cur.lastrowid or 0)
            else:
                fid = int(row[0])
            self._ids[key] = fid
        return fid

    def prefixes(self, cid: int, names: Iterable[str]) -> list[tuple[str, str]]:
        """(property, token prefix) of a container's text properties, for :func:`document`."""
        return [(name, f"{self.get(cid, name)}x") for name in names]


def field_ids_of(conn: sqlite3.Connection, pairs: Iterable[tuple[int, str]]) -> list[int]:
    """Ids of the (container id, property) pairs that were ever indexed (others hold no words)."""
    wanted = [list(pair) for pair in dict.fromkeys(pairs)]
    if not wanted:
        return []
    rows = conn.execute(
        "SELECT id FROM dms_search_fields WHERE (cid, prop) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)) ORDER BY id",
        (orjson.dumps(wanted).decode(),),
    ).fetchall()
    return [int(r[0]) for r in rows]


def document(parts: Iterable[tuple[Mapping[str, Any], Sequence[tuple[str, str]]]]) -> str:
    """The document of one instance from its containers' stored props, each with its text
    properties as (name, token prefix) pairs (see :meth:`FieldIds.prefixes`). Empty: no words.

    On the write path of every apply: one ``findall`` per property and the joins in C (a word that
    occurs twice is written twice, which FTS5 does not mind), about 2 µs for four short texts."""
    out: list[str] = []
    find = _WORD.findall
    for props, fields in parts:
        for name, prefix in fields:
            value = props.get(name)
            if value is None:
                continue
            if isinstance(value, str):
                found = find(value.casefold())
            else:  # a list: the space between its texts keeps their words apart
                found = find(" ".join(text for text in value if isinstance(text, str)).casefold())
            if found:
                out.append(prefix + (" " + prefix).join(found))
    return " ".join(out)


def write_documents(
    conn: sqlite3.Connection, docs: Mapping[int, str], *, replace: Iterable[int] = ()
) -> None:
    """Index ``docs`` ({instance id: document}, "" = no words); ``replace`` = ids that may have a
    document already (their old one goes, also when the new one is empty).

    Written in rowid order: FTS5 keeps its pending changes sorted by rowid per token and flushes them
    to a new segment whenever a write's rowid is below the previous one's, so 1000 updates in item
    order wrote hundreds of tiny segments (16 µs per document, shuffled; 4.9 µs sorted). A document
    that replaces another is one ``INSERT OR REPLACE`` (FTS5 deletes the old one's tokens itself):
    4.5 µs per document against 7.3 µs for a ``DELETE`` of them all then the inserts, which puts
    every insert below the last delete's rowid and so flushes once more. New instances get a plain
    ``INSERT`` (``OR REPLACE`` looks up the rowid first: 0.7 µs more per document), after the
    replaced ones: a new id is above every stored one, so the order holds."""
    again = set(replace)
    drop_documents(conn, [i for i in again if not docs.get(i)])
    if again:
        conn.executemany(
            "INSERT OR REPLACE INTO dms_search (rowid, body) VALUES (?, ?)",
            sorted((i, d) for i, d in docs.items() if d and i in again),
        )
    conn.executemany(
        "INSERT INTO dms_search (rowid, body) VALUES (?, ?)",
        sorted((i, d) for i, d in docs.items() if d and i not in again),
    )


def drop_documents(conn: sqlite3.Connection, iids: list[int]) -> None:
    # in rowid order, for the reason given in write_documents (SQLite walks an IN list sorted today;
    # sorting here does not rely on it, and costs little next to the delete)
    iids = sorted(iids)
    for start in range(0, len(iids), _CHUNK):
        conn.execute(
            "DELETE FROM dms_search WHERE rowid IN (SELECT value FROM json_each(?))",
            (orjson.dumps(iids[start : start + _CHUNK]).decode(),),
        )


def drop_container_fields(conn: sqlite3.Connection, cid: int) -> None:
    """Take a container's words out of every document (before its data is dropped)."""
    fids = [int(r[0]) for r in conn.execute("SELECT id FROM dms_search_fields WHERE cid = ?", (cid,))]
    if not fids:
        return
    prefixes = tuple(f"{fid}x" for fid in fids)
    iids = [int(r[0]) for r in conn.execute("SELECT iid FROM dms_instance_data WHERE cid = ?", (cid,))]
    for start in range(0, len(iids), _CHUNK):
        chunk = iids[start : start + _CHUNK]
        rows = conn.execute(
            "SELECT rowid, body FROM dms_search WHERE rowid IN (SELECT value FROM json_each(?))",
            (orjson.dumps(chunk).decode(),),
        ).fetchall()
        docs = {
            int(rowid): " ".join(t for t in body.split(" ") if not t.startswith(prefixes))
            for rowid, body in rows
        }
        write_documents(conn, docs, replace=docs)
    conn.execute("DELETE FROM dms_search_fields WHERE cid = ?", (cid,))


def ensure_search_index(conn: sqlite3.Connection) -> None:
    """Create the index; rebuild it from the stored data when the database has another layout."""
    meta = dict(conn.execute("SELECT key, value FROM dms_instance_meta").fetchall())
    if meta.get(_META_KEY) == INDEX_VERSION and meta.get(INDEXED_SEQ) == meta.get("seq"):
        for statement in _DDL:  # idempotent: a database reset by dropping every table gets them back
            conn.execute(statement)
        return
    conn.execute("DROP TABLE IF EXISTS dms_search")
    conn.execute("DROP TABLE IF EXISTS dms_search_fields")
    for statement in _DDL:
        conn.execute(statement)
    _rebuild(conn)
    conn.executemany(
        "INSERT OR REPLACE INTO dms_instance_meta (key, value) VALUES (?, ?)",
        [(_META_KEY, INDEX_VERSION), (INDEXED_SEQ, meta.get("seq", 0))],
    )


def _rebuild(conn: sqlite3.Connection) -> None:
    """Index every live instance's stored text values (a database written before the index existed)."""
    fields = FieldIds(conn)
    text_props: dict[int, list[tuple[str, str]]] = {}
    for cid, body in conn.execute(
        "SELECT c.id, d.body FROM dms_container_ids c JOIN dms_container d "
        "ON d.space = c.space AND d.external_id = c.external_id"
    ):
        spec = orjson.loads(body)
        names = [
            name
            for name, prop in (spec.get("properties") or {}).items()
            if (prop.get("type") or {}).get("type") in TEXT_TYPES
        ]
        text_props[int(cid)] = fields.prefixes(int(cid), names)
    last = 0
    while True:
        iids = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM dms_instances WHERE id > ? AND deleted_time IS NULL ORDER BY id LIMIT ?",
                (last, _CHUNK),
            )
        ]
        if not iids:
            return
        last = iids[-1]
        data: dict[int, list[tuple[dict[str, Any], list[tuple[str, str]]]]] = {}
        for iid, cid, props in conn.execute(
            "SELECT iid, cid, props FROM dms_instance_data WHERE iid IN (SELECT value FROM json_each(?))",
            (orjson.dumps(iids).decode(),),
        ):
            if text_props.get(int(cid)):
                data.setdefault(int(iid), []).append((orjson.loads(props), text_props[int(cid)]))
        write_documents(conn, {iid: document(parts) for iid, parts in data.items()})
