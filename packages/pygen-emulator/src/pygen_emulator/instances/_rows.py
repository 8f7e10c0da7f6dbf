"""Row access helpers shared by apply, delete and the readers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from pygen_emulator.instances._storage import ROW_COLUMNS


class Row(NamedTuple):
    id: int
    kind: str
    space: str
    external_id: str
    version: int
    created_time: int
    last_updated_time: int
    deleted_time: int | None
    seq: int
    type_space: str | None
    type_xid: str | None
    start_space: str | None
    start_xid: str | None
    end_space: str | None
    end_xid: str | None

    @property
    def live(self) -> bool:
        return self.deleted_time is None

    @property
    def key(self) -> tuple[str, str]:
        return (self.space, self.external_id)

    @property
    def start_key(self) -> tuple[str, str]:
        return (self.start_space or "", self.start_xid or "")

    @property
    def end_key(self) -> tuple[str, str]:
        return (self.end_space or "", self.end_xid or "")


def rows_by_xid(conn: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """Rows (live or soft-deleted) for the given (space, externalId) pairs."""
    pairs = list(dict.fromkeys(keys))
    out: dict[tuple[str, str], Row] = {}
    for start in range(0, len(pairs), 5000):
        chunk = orjson.dumps(pairs[start : start + 5000]).decode()
        for raw in conn.execute(
            f"SELECT {ROW_COLUMNS} FROM dms_instances WHERE (space, external_id) IN "
            "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
            (chunk,),
        ):
            row = Row(*raw)
            out[(row.space, row.external_id)] = row
    return out


def data_by_iid(
    conn: sqlite3.Connection, iids: list[int]
) -> dict[int, dict[tuple[str, str], dict[str, Any]]]:
    """Stored container data per instance id: {iid: {(cspace, cxid): props}}."""
    out: dict[int, dict[tuple[str, str], dict[str, Any]]] = {}
    for start in range(0, len(iids), 5000):
        chunk = orjson.dumps(iids[start : start + 5000]).decode()
        for iid, cspace, cxid, props in conn.execute(
            "SELECT d.iid, c.space, c.external_id, d.props FROM dms_instance_data d "
            "JOIN dms_container_ids c ON c.id = d.cid WHERE d.iid IN (SELECT value FROM json_each(?))",
            (chunk,),
        ):
            out.setdefault(iid, {})[(cspace, cxid)] = orjson.loads(props)
    return out


def slim(row: Row, was_modified: bool) -> dict[str, Any]:
    return {
        "instanceType": row.kind,
        "space": row.space,
        "externalId": row.external_id,
        "version": row.version,
        "wasModified": was_modified,
        "createdTime": row.created_time,
        "lastUpdatedTime": row.last_updated_time,
    }


def header(row: Row) -> dict[str, Any]:
    """The read shape of an instance without properties."""
    item: dict[str, Any] = {
        "instanceType": row.kind,
        "space": row.space,
        "externalId": row.external_id,
        "version": row.version,
        "createdTime": row.created_time,
        "lastUpdatedTime": row.last_updated_time,
    }
    if row.kind == "edge":
        item["type"] = {"space": row.type_space, "externalId": row.type_xid}
        item["startNode"] = {"space": row.start_space, "externalId": row.start_xid}
        item["endNode"] = {"space": row.end_space, "externalId": row.end_xid}
    elif row.type_space is not None:
        item["type"] = {"space": row.type_space, "externalId": row.type_xid}
    if row.deleted_time is not None:
        item["deletedTime"] = row.deleted_time
    return item
