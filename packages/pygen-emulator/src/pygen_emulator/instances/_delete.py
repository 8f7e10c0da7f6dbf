"""Deleting instances: soft deletes (kept for /sync with ``deletedTime``); a node takes its edges along."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from pygen_emulator._body import Obj, bad, instance_id
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator.instances._rows import rows_by_xid
from pygen_emulator.instances._schema import Schema
from pygen_emulator.instances._search_index import drop_documents
from pygen_emulator.instances._storage import next_seq


@dataclass(frozen=True)
class DeleteId:
    kind: str
    space: str
    external_id: str
    existing_version: int | None = None

    def dump(self) -> dict[str, Any]:
        return {"instanceType": self.kind, "space": self.space, "externalId": self.external_id}


def parse_delete_ids(obj: Obj, key: str, *, required: bool, lo: int) -> list[DeleteId]:
    out = []
    for item in obj.items(key, required=required, lo=lo, hi=1000):
        if item.raw("instanceType", required=True) not in ("node", "edge"):
            raise bad(f"{item.path}.instanceType must be 'node' or 'edge'.")
        kind, space, external_id = instance_id(item)
        version = item.int_("existingVersion", None, 0, 2**63 - 1)
        item.done()
        out.append(DeleteId(kind, space, external_id, version))
    return out


def delete(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    ids = parse_delete_ids(obj, "items", required=True, lo=1)
    obj.done()
    schema.require_spaces({d.space for d in ids})
    return {"items": soft_delete(conn, ids, now_ms())}


def soft_delete(conn: sqlite3.Connection, ids: list[DeleteId], now: int) -> list[dict[str, Any]]:
    """Mark instances deleted (and the edges of deleted nodes); returns the ids actually deleted."""
    rows = rows_by_xid(conn, [(d.space, d.external_id) for d in ids])
    targets: dict[int, DeleteId] = {}
    for d in ids:
        row = rows.get((d.space, d.external_id))
        if row is None or not row.live or row.kind != d.kind or row.id in targets:
            continue
        if d.existing_version is not None and row.version > d.existing_version:
            raise DMSError(
                409,
                f"Version conflict deleting {d.space}:{d.external_id}: the stored version is {row.version}, "
                f"the request expected {d.existing_version}.",
            )
        targets[row.id] = d
    if not targets:
        return []
    node_keys = [[d.space, d.external_id] for d in targets.values() if d.kind == "node"]
    edge_ids: list[int] = []
    if node_keys:
        payload = orjson.dumps(node_keys).decode()
        pairs = "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
        edge_ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM dms_instances WHERE kind = 'edge' AND deleted_time IS NULL AND "
                f"((start_space, start_xid) IN {pairs} OR (end_space, end_xid) IN {pairs})",
                (payload, payload),
            )
            if r[0] not in targets
        ]
    all_ids = list(targets) + edge_ids
    first = next_seq(conn, len(all_ids))
    conn.executemany(
        "UPDATE dms_instances SET deleted_time = ?, last_updated_time = ?, version = version + 1, seq = ? "
        "WHERE id = ?",
        [(now, now, first + offset, iid) for offset, iid in enumerate(all_ids)],
    )
    # the data stays (a revival clears it), but a deleted instance must not cost search any work
    drop_documents(conn, all_ids)
    return [d.dump() for d in targets.values()]
