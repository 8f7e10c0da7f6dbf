"""SQLite tables of the schema (spaces, containers, views, data models).

Each row keeps the normalised write specification (defaults filled in) as JSON plus the timestamps;
read forms are computed by :class:`SchemaStore`.
"""

from __future__ import annotations

from pygen_emulator._db import Database

__all__ = ["init_schema_storage"]

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


def init_schema_storage(db: Database) -> None:
    """Create the schema tables when missing (idempotent)."""
    with db.transaction() as conn:
        for statement in _DDL:
            conn.execute(statement)
