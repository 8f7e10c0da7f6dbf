"""SQLite tables of the schema (spaces, containers, views, data models).

Each row keeps the normalised write specification (defaults filled in) as JSON plus the timestamps;
read forms are computed by :class:`SchemaStore`. Triggers count every write to these tables in
``dms_schema_generation``, which is how the store's cache notices a schema change after a commit.
"""

from __future__ import annotations

import sqlite3

from pygen_emulator._db import Database

__all__ = ["SCHEMA_TABLES", "init_schema_storage", "schema_generation"]

SCHEMA_TABLES = ("dms_space", "dms_container", "dms_view", "dms_datamodel")

_DDL = (
    "CREATE TABLE IF NOT EXISTS dms_space (space TEXT PRIMARY KEY, body BLOB NOT NULL, "
    "created_time INTEGER NOT NULL, last_updated_time INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dms_container (space TEXT NOT NULL, external_id TEXT NOT NULL, "
    "body BLOB NOT NULL, created_time INTEGER NOT NULL, last_updated_time INTEGER NOT NULL, "
    "PRIMARY KEY (space, external_id))",
    "CREATE TABLE IF NOT EXISTS dms_view (space TEXT NOT NULL, external_id TEXT NOT NULL, "
    "version TEXT NOT NULL, body BLOB NOT NULL, created_time INTEGER NOT NULL, "
    "last_updated_time INTEGER NOT NULL, PRIMARY KEY (space, external_id, version))",
    "CREATE TABLE IF NOT EXISTS dms_datamodel (space TEXT NOT NULL, external_id TEXT NOT NULL, "
    "version TEXT NOT NULL, body BLOB NOT NULL, created_time INTEGER NOT NULL, "
    "last_updated_time INTEGER NOT NULL, PRIMARY KEY (space, external_id, version))",
)


_GENERATION_DDL = (
    "CREATE TABLE IF NOT EXISTS dms_schema_generation (id INTEGER PRIMARY KEY CHECK (id = 0), "
    "value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO dms_schema_generation (id, value) VALUES (0, 0)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_generation AFTER {event} ON {table} "
        "BEGIN UPDATE dms_schema_generation SET value = value + 1 WHERE id = 0; END"
        for table in SCHEMA_TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
)


def init_schema_storage(db: Database) -> None:
    """Create the schema tables when missing (idempotent)."""
    with db.transaction() as conn:
        for statement in (*_DDL, *_GENERATION_DDL):
            conn.execute(statement)


def schema_generation(conn: sqlite3.Connection) -> int:
    """A number that changes with every write to a schema table."""
    row = conn.execute("SELECT value FROM dms_schema_generation WHERE id = 0").fetchone()
    return int(row[0]) if row else 0
