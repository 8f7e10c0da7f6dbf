"""Writing views (used by the views endpoint and by data models with inline views)."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator.schema._checks import raise_missing_spaces
from pygen_emulator.schema._common import check_no_duplicates

__all__ = ["ViewKey", "latest_version", "write_views"]

ViewKey = tuple[str, str, str]


def latest_version(conn: sqlite3.Connection, space: str, external_id: str) -> str | None:
    row = conn.execute(
        "SELECT version FROM dms_view WHERE space = ? AND external_id = ? "
        "ORDER BY created_time DESC, version DESC LIMIT 1",
        (space, external_id),
    ).fetchone()
    return None if row is None else str(row[0])


def write_views(conn: sqlite3.Connection, specs: list[dict[str, Any]]) -> list[tuple[ViewKey, bool]]:
    """Upsert normalised view specs inside the caller's transaction.

    Returns each view's key and whether it changed. Raises 400 for missing spaces, implemented views,
    containers or container properties, and for cycles in ``implements``.
    """
    keys = [(s["space"], s["externalId"], s["version"]) for s in specs]
    check_no_duplicates(keys, lambda k: {"space": k[0], "externalId": k[1], "version": k[2]})
    raise_missing_spaces(conn, [s["space"] for s in specs])
    in_request = dict(zip(keys, specs, strict=True))
    _resolve_implements(conn, specs, in_request)
    _check_containers(conn, specs)
    order = _topological(conn, keys, in_request)
    changed: dict[ViewKey, bool] = {}
    for key in order:
        spec = in_request[key]
        row = conn.execute(
            "SELECT body, created_time FROM dms_view WHERE space = ? AND external_id = ? AND version = ?", key
        ).fetchone()
        if row is not None and orjson.loads(row[0]) == spec:
            changed[key] = False
            continue
        now = now_ms()
        created = row[1] if row is not None else now
        conn.execute(
            "INSERT OR REPLACE INTO dms_view VALUES (?, ?, ?, ?, ?, ?)",
            (*key, orjson.dumps(spec), created, now),
        )
        changed[key] = True
    return [(key, changed[key]) for key in keys]


def _resolve_implements(
    conn: sqlite3.Connection, specs: list[dict[str, Any]], in_request: dict[ViewKey, dict[str, Any]]
) -> None:
    missing: list[dict[str, str]] = []
    for spec in specs:
        for ref in spec["implements"]:
            if "version" not in ref:
                candidates = [k[2] for k in in_request if k[:2] == (ref["space"], ref["externalId"])]
                version = (
                    candidates[-1] if candidates else latest_version(conn, ref["space"], ref["externalId"])
                )
                if version is None:
                    missing.append(dict(ref))
                    continue
                ref["version"] = version
            key = (ref["space"], ref["externalId"], ref["version"])
            if key not in in_request and not _view_row_exists(conn, key):
                missing.append(dict(ref))
    if missing:
        names = ", ".join(f"{m['space']}:{m['externalId']}/{m.get('version', '?')}" for m in missing)
        raise DMSError(
            400, f"One or more views do not exist: {names}. Create implemented views first.", missing=missing
        )


def _view_row_exists(conn: sqlite3.Connection, key: ViewKey) -> bool:
    row = conn.execute(
        "SELECT 1 FROM dms_view WHERE space = ? AND external_id = ? AND version = ?", key
    ).fetchone()
    return row is not None


def _check_containers(conn: sqlite3.Connection, specs: list[dict[str, Any]]) -> None:
    bodies: dict[tuple[str, str], dict[str, Any] | None] = {}
    missing: list[dict[str, str]] = []
    for spec in specs:
        for prop_id, prop in spec["properties"].items():
            if "container" not in prop:
                continue
            ref = prop["container"]
            ckey = (ref["space"], ref["externalId"])
            if ckey not in bodies:
                row = conn.execute(
                    "SELECT body FROM dms_container WHERE space = ? AND external_id = ?", ckey
                ).fetchone()
                bodies[ckey] = None if row is None else orjson.loads(row[0])
            body = bodies[ckey]
            if body is None:
                if {"space": ckey[0], "externalId": ckey[1]} not in missing:
                    missing.append({"space": ckey[0], "externalId": ckey[1]})
                continue
            if prop["containerPropertyIdentifier"] not in body["properties"]:
                raise DMSError(
                    400,
                    f"View {spec['space']}:{spec['externalId']}/{spec['version']} property {prop_id!r} maps "
                    f"{prop['containerPropertyIdentifier']!r}, which is not a property of container "
                    f"{ckey[0]}:{ckey[1]}.",
                )
    if missing:
        names = ", ".join(f"{m['space']}:{m['externalId']}" for m in missing)
        raise DMSError(
            400, f"One or more containers do not exist: {names}. Create them first.", missing=missing
        )


def _topological(
    conn: sqlite3.Connection, keys: list[ViewKey], in_request: dict[ViewKey, dict[str, Any]]
) -> list[ViewKey]:
    """Request views ordered parents first; a cycle through ``implements`` is a 400."""
    order: list[ViewKey] = []
    state: dict[ViewKey, int] = {}

    def parents(key: ViewKey) -> list[ViewKey]:
        if key in in_request:
            spec = in_request[key]
        else:
            row = conn.execute(
                "SELECT body FROM dms_view WHERE space = ? AND external_id = ? AND version = ?", key
            ).fetchone()
            if row is None:
                return []
            spec = orjson.loads(row[0])
        return [(r["space"], r["externalId"], r["version"]) for r in spec.get("implements", [])]

    def visit(key: ViewKey, depth: int) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1 or depth > 50:
            raise DMSError(
                400, f"View {key[0]}:{key[1]}/{key[2]} implements itself through a cycle in implements."
            )
        state[key] = 1
        for parent in parents(key):
            visit(parent, depth + 1)
        state[key] = 2
        if key in in_request:
            order.append(key)

    for key in keys:
        visit(key, 0)
    return order
