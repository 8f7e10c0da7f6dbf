"""The state one emulator serves from: database, settings, schema access.

A reset replaces the whole context (fresh database, fresh tables, fresh :class:`SchemaStore`), so no
state may be kept outside the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from pygen_emulator._db import Database
from pygen_emulator._settings import Settings
from pygen_emulator.schema._store import SchemaStore

__all__ = ["AppContext", "SchemaStore"]


@dataclass
class AppContext:
    """What every request handler works against."""

    db: Database
    settings: Settings
    schema: SchemaStore
