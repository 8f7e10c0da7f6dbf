"""The state one emulator serves from: database, settings, schema access, instance hooks.

A reset replaces the whole context (fresh database, fresh tables, fresh :class:`SchemaStore`), so no
state may be kept outside the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from pygen_emulator._db import Database
from pygen_emulator._settings import Settings
from pygen_emulator.schema._store import SchemaStore

__all__ = ["AppContext", "InstanceHooks", "SchemaStore"]


@dataclass(frozen=True)
class InstanceHooks:
    """What the schema endpoints need from the instance engine.

    The app hands these over, so that ``schema/`` and ``instances/`` never import each other.
    """

    #: Whether live nodes or edges exist in a space (a space must be empty to be deleted).
    space_has_instances: Callable[[sqlite3.Connection, str], bool]
    #: Remove every instance's data in a container (called when the container is deleted).
    drop_container_data: Callable[[sqlite3.Connection, str, str], None]


@dataclass
class AppContext:
    """What every request handler works against."""

    db: Database
    settings: Settings
    schema: SchemaStore
    instances: InstanceHooks
