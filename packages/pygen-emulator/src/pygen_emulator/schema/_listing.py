"""Listing helpers for versioned schema items (views, data models)."""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

from pygen_emulator._body import expect_keys
from pygen_emulator._errors import DMSError
from pygen_emulator._ids import check_space, check_version, check_xid

__all__ = [
    "VersionedKey",
    "VersionedRow",
    "matching_versions",
    "newest_only",
    "select_versioned",
    "versioned_id",
]

VersionedKey = tuple[str, str, str]


class VersionedRow(NamedTuple):
    """The identity and age of one stored view or data model version."""

    space: str
    external_id: str
    version: str
    created_time: int

    def key(self) -> VersionedKey:
        return (self.space, self.external_id, self.version)


def select_versioned(conn: sqlite3.Connection, table: str, space: str | None) -> list[VersionedRow]:
    sql = f"SELECT space, external_id, version, created_time FROM {table}"
    rows = conn.execute(sql + " WHERE space = ?", (space,)) if space else conn.execute(sql)
    return [VersionedRow(*r) for r in rows]


def newest_only(rows: list[VersionedRow]) -> list[VersionedRow]:
    """Keep, per (space, externalId), the version created last."""
    best: dict[tuple[str, str], VersionedRow] = {}
    for row in rows:
        key = (row.space, row.external_id)
        current = best.get(key)
        if current is None or (row.created_time, row.version) > (current.created_time, current.version):
            best[key] = row
    return list(best.values())


def versioned_id(item: dict[str, Any], where: str, *, version_required: bool) -> tuple[str, str, str | None]:
    """``(space, externalId, version-or-None)`` of a byids/delete item."""
    expect_keys(item, where, required=("space", "externalId"), optional=("version", "type"))
    if item.get("type", "view") not in ("view", "datamodel"):
        raise DMSError(400, f"{where}.type must not be {item['type']!r} here.")
    space = check_space(item["space"], f"{where}.space")
    xid = check_xid(item["externalId"], f"{where}.externalId")
    if item.get("version") is None:
        if version_required:
            raise DMSError(400, f"{where}.version is required.")
        return space, xid, None
    return space, xid, check_version(item["version"], f"{where}.version")


def matching_versions(
    conn: sqlite3.Connection, table: str, space: str, xid: str, version: str | None
) -> list[VersionedKey]:
    """Stored ids matching a byids item (every version when ``version`` is None)."""
    if version is not None:
        row = conn.execute(
            f"SELECT 1 FROM {table} WHERE space = ? AND external_id = ? AND version = ?",
            (space, xid, version),
        ).fetchone()
        return [] if row is None else [(space, xid, version)]
    rows = conn.execute(
        f"SELECT version FROM {table} WHERE space = ? AND external_id = ? ORDER BY created_time DESC, version DESC",
        (space, xid),
    ).fetchall()
    return [(space, xid, str(r[0])) for r in rows]
