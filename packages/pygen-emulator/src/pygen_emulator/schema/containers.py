"""Containers: create (upsert), list, byids, delete, and index/constraint deletion."""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

import orjson

from pygen_emulator._body import Obj, expect_keys
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator._http import query_bool
from pygen_emulator._ids import check_space, check_str, check_xid
from pygen_emulator._routing import Call, Endpoint, Handler
from pygen_emulator.schema._checks import raise_missing_spaces, refuse_global_writes
from pygen_emulator.schema._common import check_no_duplicates, parse_items
from pygen_emulator.schema._container_spec import normalise_container, update_conflict
from pygen_emulator.schema._handlers import byids_handler, delete_handler, list_page
from pygen_emulator.schema._store import container_read

__all__ = ["CONTAINER_ENDPOINTS", "upsert_containers"]

_USED_FOR = ("node", "edge", "all", "record")


def upsert_containers(conn: sqlite3.Connection, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Create or update normalised container specs inside the caller's transaction; read forms back."""
    check_no_duplicates(
        [(s["space"], s["externalId"]) for s in specs], lambda k: {"space": k[0], "externalId": k[1]}
    )
    raise_missing_spaces(conn, [s["space"] for s in specs])
    out = []
    for spec in specs:
        key = (spec["space"], spec["externalId"])
        row = conn.execute(
            "SELECT body, created_time, last_updated_time FROM dms_container WHERE space = ? AND external_id = ?",
            key,
        ).fetchone()
        if row is not None:
            old = orjson.loads(row[0])
            conflict = update_conflict(old, spec)
            if conflict:
                raise DMSError(409, conflict)
            # Properties cannot be dropped from a container through an upsert: they are kept.
            spec["properties"] = {**old["properties"], **spec["properties"]}
            if old == spec:
                out.append(container_read(row[0], row[1], row[2]))
                continue
        now = now_ms()
        created = row[1] if row is not None else now
        body = orjson.dumps(spec)
        conn.execute(
            "INSERT OR REPLACE INTO dms_container VALUES (?, ?, ?, ?, ?)", (*key, body, created, now)
        )
        out.append(container_read(body, created, now))
    return out


def _create(call: Call) -> dict[str, Any]:
    specs = [normalise_container(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
    refuse_global_writes(call.ctx.schema, (spec["space"] for spec in specs))
    return {"items": call.ctx.schema.mark_global(upsert_containers(call.conn, specs))}


def _list(call: Call) -> dict[str, Any]:
    include_global = query_bool(call.query, "includeGlobal", False)
    space = call.query.get("space")
    used_for = call.query_list("usedFor") or ["node", "edge", "all"]
    for value in used_for:
        if value not in _USED_FOR:
            raise DMSError(
                400, f"Query parameter usedFor must be one of {', '.join(_USED_FOR)}, got {value!r}."
            )
    sql = f"SELECT {ContainerRow.columns()} FROM dms_container"
    found = call.conn.execute(sql + " WHERE space = ?", (space,)) if space else call.conn.execute(sql)
    rows = [ContainerRow(*r) for r in found]
    is_global = call.ctx.schema.is_global
    if not include_global:
        rows = [r for r in rows if not is_global(r.space)]
    reads = [container_read(r.body, r.created_time, r.last_updated_time, is_global(r.space)) for r in rows]
    reads = [r for r in reads if r["usedFor"] in used_for]
    return list_page(call, reads, lambda r: (r["space"], r["externalId"]), lambda r: r)


def _sub_delete(field: str) -> Handler:
    """Deleting indexes or constraints of containers (``field``: "indexes" or "constraints")."""

    def delete(call: Call) -> dict[str, Any]:
        deleted = []
        for i, item in enumerate(parse_items(call.body, max_items=10)):
            where = f"items[{i}]"
            expect_keys(item, where, required=("space", "containerExternalId", "identifier"))
            space = check_space(item["space"], f"{where}.space")
            xid = check_xid(item["containerExternalId"], f"{where}.containerExternalId")
            identifier = check_str(item["identifier"], f"{where}.identifier", max_len=43)
            refuse_global_writes(call.ctx.schema, [space])
            row = call.conn.execute(
                "SELECT body FROM dms_container WHERE space = ? AND external_id = ?", (space, xid)
            ).fetchone()
            if row is None:
                continue
            spec = orjson.loads(row[0])
            if spec.get(field, {}).pop(identifier, None) is None:
                continue
            call.conn.execute(
                "UPDATE dms_container SET body = ?, last_updated_time = ? WHERE space = ? AND external_id = ?",
                (orjson.dumps(spec), now_ms(), space, xid),
            )
            deleted.append({"space": space, "containerExternalId": xid, "identifier": identifier})
        return {"items": deleted}

    return delete


def _container_id(item: dict[str, Any], where: str) -> tuple[str, str]:
    expect_keys(item, where, required=("space", "externalId"), optional=("type",))
    return check_space(item["space"], f"{where}.space"), check_xid(item["externalId"], f"{where}.externalId")


def _get_container(call: Call, key: tuple[str, str]) -> dict[str, Any] | None:
    return call.ctx.schema.get_container(*key)


def _delete(call: Call, key: tuple[str, str]) -> dict[str, Any] | None:
    refuse_global_writes(call.ctx.schema, [key[0]])
    cur = call.conn.execute("DELETE FROM dms_container WHERE space = ? AND external_id = ?", key)
    if not cur.rowcount:
        return None
    call.ctx.instances.drop_container_data(call.conn, *key)
    return {"space": key[0], "externalId": key[1]}


def _inspect(call: Call) -> dict[str, Any]:
    """``containers/inspect``: the views that map each container (involvedViews, totalInvolvedViewCount)."""
    obj = Obj(call.body, "")
    operations = obj.obj("inspectionOperations", required=True)
    assert operations is not None
    views_op = operations.obj("involvedViews")
    count_op = operations.obj("totalInvolvedViewCount")
    views_all = views_op.bool_("allVersions", False) if views_op else False
    count_all = count_op.bool_("allVersions", False) if count_op else False
    if count_op is not None:
        count_op.bool_("includeUnavailableViews", True)  # every view is available: no ACLs
        count_op.done()
    if views_op is not None:
        views_op.done()
    operations.done()
    keys = [_container_id(item.data, item.path) for item in obj.items("items", required=True, lo=1, hi=10)]
    obj.done()
    schema = call.ctx.schema
    out = []
    for key in keys:
        if schema.get_container(*key) is None:
            continue
        results: dict[str, Any] = {}
        if count_op is not None:
            mapping = schema.views_mapping(all_versions=count_all)
            results["involvedViewCount"] = sum(1 for mapped in mapping.values() if key in mapped)
        if views_op is not None:
            mapping = schema.views_mapping(all_versions=views_all)
            results["involvedViews"] = [
                {"type": "view", "space": v[0], "externalId": v[1], "version": v[2]}
                for v, mapped in sorted(mapping.items())
                if key in mapped
            ]
        out.append({"space": key[0], "externalId": key[1], "inspectionResults": results})
    return {"items": out}


class ContainerRow(NamedTuple):
    space: str
    external_id: str
    body: bytes
    created_time: int
    last_updated_time: int

    @classmethod
    def columns(cls) -> str:
        """The SELECT column list in field order."""
        return ", ".join(cls._fields)


CONTAINER_ENDPOINTS = (
    Endpoint("POST", "/containers", _create, writes=True),
    Endpoint("GET", "/containers", _list),
    Endpoint("POST", "/containers/byids", byids_handler(_container_id, _get_container)),
    Endpoint("POST", "/containers/delete", delete_handler(_container_id, _delete), writes=True),
    Endpoint("POST", "/containers/indexes/delete", _sub_delete("indexes"), writes=True),
    Endpoint("POST", "/containers/constraints/delete", _sub_delete("constraints"), writes=True),
    Endpoint("POST", "/containers/inspect", _inspect),
)
