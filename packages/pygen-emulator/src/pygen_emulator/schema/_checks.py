"""Small shared database checks of the schema endpoints."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pygen_emulator._errors import DMSError

if TYPE_CHECKING:
    from pygen_emulator.schema._store import SchemaStore

__all__ = ["raise_missing_spaces", "refuse_global_writes"]


def raise_missing_spaces(conn: sqlite3.Connection, spaces: list[str]) -> None:
    """400 with ``missing`` listing every space of ``spaces`` that does not exist."""
    missing = [
        {"space": space}
        for space in dict.fromkeys(spaces)
        if conn.execute("SELECT 1 FROM dms_space WHERE space = ?", (space,)).fetchone() is None
    ]
    if missing:
        names = ", ".join(m["space"] for m in missing)
        raise DMSError(400, f"One or more spaces do not exist: {names}. Create them first.", missing=missing)


def refuse_global_writes(schema: SchemaStore, spaces: Iterable[str]) -> None:
    """403 when a write touches a global (system) space, such as the core model's ``cdf_cdm``."""
    for space in dict.fromkeys(spaces):
        if schema.is_global(space):
            raise DMSError(
                403,
                f"Space {space!r} is a global system space: its spaces, containers, views and data models "
                "are read-only.",
            )
