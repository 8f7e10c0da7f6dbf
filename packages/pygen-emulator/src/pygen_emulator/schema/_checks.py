"""Small shared database checks of the schema endpoints."""

from __future__ import annotations

import sqlite3

from pygen_emulator._errors import DMSError

__all__ = ["raise_missing_spaces"]


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
