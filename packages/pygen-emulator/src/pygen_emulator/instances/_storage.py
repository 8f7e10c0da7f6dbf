"""Instance storage: the SQLite tables and the few low-level helpers every endpoint shares.

Layout (designed so that a page of 1000 instances is one indexed query plus cheap JSON assembly):

* ``dms_instances``: one row per node or edge, soft-deleted rows included (``deleted_time`` set).
  ``seq`` is a global change counter used by ``/sync``.
* ``dms_instance_data``: one row per (instance, container) holding that container's properties as a
  JSON object text, already in the read format (nulls are never stored), so a read can splice it.
* ``dms_container_ids``: small integer ids for containers, keeps the data rows narrow.
* ``dms_instance_meta``: the change counter (``seq``) and the search index layout version.
* ``dms_search`` and ``dms_search_fields``: the full-text index of ``/search`` (see ``_search_index``),
  kept in step with the data by every writer.
"""

from __future__ import annotations

import sqlite3

from pygen_emulator.instances._search_index import INDEXED_SEQ, drop_container_fields, ensure_search_index

_DDL = """
CREATE TABLE IF NOT EXISTS dms_instances (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    deleted_time INTEGER,
    seq INTEGER NOT NULL,
    type_space TEXT,
    type_xid TEXT,
    start_space TEXT,
    start_xid TEXT,
    end_space TEXT,
    end_xid TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS dms_instances_xid ON dms_instances(space, external_id);
CREATE INDEX IF NOT EXISTS dms_instances_seq ON dms_instances(seq);
CREATE INDEX IF NOT EXISTS dms_instances_start ON dms_instances(start_space, start_xid);
CREATE INDEX IF NOT EXISTS dms_instances_end ON dms_instances(end_space, end_xid);
CREATE TABLE IF NOT EXISTS dms_container_ids (
    id INTEGER PRIMARY KEY,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    UNIQUE (space, external_id)
);
CREATE TABLE IF NOT EXISTS dms_instance_data (
    iid INTEGER NOT NULL,
    cid INTEGER NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (iid, cid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dms_instance_data_cid ON dms_instance_data(cid, iid);
CREATE TABLE IF NOT EXISTS dms_instance_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO dms_instance_meta(key, value) VALUES ('seq', 0);
"""

# Columns of dms_instances in the order every reader selects them (see ``ROW_COLUMNS``).
ROW_COLUMNS = (
    "id, kind, space, external_id, version, created_time, last_updated_time, deleted_time, seq, "
    "type_space, type_xid, start_space, start_xid, end_space, end_xid"
)


def create_tables(conn: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would COMMIT the caller's transaction.
    for statement in _DDL.split(";"):
        if statement.strip():
            conn.execute(statement)
    ensure_search_index(conn)


def container_id(conn: sqlite3.Connection, space: str, external_id: str, *, create: bool) -> int | None:
    """The small integer id of a container; ``None`` when it never held data and ``create`` is false."""
    row = conn.execute(
        "SELECT id FROM dms_container_ids WHERE space = ? AND external_id = ?", (space, external_id)
    ).fetchone()
    if row is not None:
        return int(row[0])
    if not create:
        return None
    cur = conn.execute(
        "INSERT INTO dms_container_ids(space, external_id) VALUES (?, ?)", (space, external_id)
    )
    return int(cur.lastrowid or 0)


def next_seq(conn: sqlite3.Connection, count: int) -> int:
    """Reserve ``count`` change numbers; returns the first one."""
    row = conn.execute("SELECT value FROM dms_instance_meta WHERE key = 'seq'").fetchone()
    first = int(row[0]) + 1
    # every caller keeps the search index in step: it is current as of this change number too
    conn.execute(
        "UPDATE dms_instance_meta SET value = ? WHERE key IN ('seq', ?)", (first + count - 1, INDEXED_SEQ)
    )
    return first


def current_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM dms_instance_meta WHERE key = 'seq'").fetchone()
    return int(row[0]) if row else 0


def drop_container_data(conn: sqlite3.Connection, space: str, external_id: str) -> None:
    """Remove every instance's data in a container (called when the container is deleted)."""
    cid = container_id(conn, space, external_id, create=False)
    if cid is None:
        return
    drop_container_fields(conn, cid)
    conn.execute("DELETE FROM dms_instance_data WHERE cid = ?", (cid,))
    conn.execute("DELETE FROM dms_container_ids WHERE id = ?", (cid,))


def space_has_instances(conn: sqlite3.Connection, space: str) -> bool:
    """True when live nodes or edges exist in ``space`` (a space must be empty to be deleted)."""
    row = conn.execute(
        "SELECT 1 FROM dms_instances WHERE space = ? AND deleted_time IS NULL LIMIT 1", (space,)
    ).fetchone()
    return row is not None
