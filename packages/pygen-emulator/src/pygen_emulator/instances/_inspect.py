"""POST /models/instances/inspect: which containers an instance has data in, and which views show it.

A view involves an instance when the instance has data in every container the view maps (the rule of
``hasData`` and of the default view filter, dms-api.md §4); views that map no container involve none.
Unknown instances are left out, as in ``byids``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from pygen_emulator._body import Obj, instance_id
from pygen_emulator.instances._schema import Schema

__all__ = ["inspect"]


def inspect(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    obj = Obj(body, "")
    operations = obj.obj("inspectionOperations", required=True)
    assert operations is not None
    views_op = operations.obj("involvedViews")
    views_all = views_op.bool_("allVersions", False) if views_op else False
    containers_op = operations.obj("involvedContainers")
    if containers_op is not None:
        containers_op.ignore("allVersions")  # containers have no versions
        containers_op.done()
    if views_op is not None:
        views_op.done()
    operations.done()
    wanted = []
    for item in obj.items("items", required=True, lo=1, hi=1000):
        wanted.append(instance_id(item))
        item.done()
    obj.done()
    data = _containers_by_instance(conn, [(space, xid) for _, space, xid in wanted])
    views = schema.ctx.schema.views_mapping(all_versions=views_all) if views_op is not None else {}
    out = []
    for kind, space, xid in wanted:
        found = data.get((space, xid))
        if found is None or found[0] != kind:
            continue
        containers = found[1]
        results: dict[str, Any] = {}
        if views_op is not None:
            held = set(containers)
            results["involvedViews"] = [
                {"type": "view", "space": v[0], "externalId": v[1], "version": v[2]}
                for v, mapped in sorted(views.items())
                if mapped and held.issuperset(mapped)
            ]
        if containers_op is not None:
            results["involvedContainers"] = [
                {"type": "container", "space": c[0], "externalId": c[1]} for c in containers
            ]
        out.append({"instanceType": kind, "space": space, "externalId": xid, "inspectionResults": results})
    return {"items": out}


def _containers_by_instance(
    conn: sqlite3.Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, list[tuple[str, str]]]]:
    """(kind, containers with data, sorted) of each live instance among ``keys``."""
    out: dict[tuple[str, str], tuple[str, list[tuple[str, str]]]] = {}
    rows = conn.execute(
        "SELECT i.space, i.external_id, i.kind, c.space, c.external_id FROM dms_instances i "
        "LEFT JOIN dms_instance_data d ON d.iid = i.id LEFT JOIN dms_container_ids c ON c.id = d.cid "
        "WHERE i.deleted_time IS NULL AND (i.space, i.external_id) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)) "
        "ORDER BY c.space, c.external_id",
        (orjson.dumps([list(k) for k in keys]).decode(),),
    )
    for space, xid, kind, cspace, cxid in rows:
        entry = out.setdefault((space, xid), (kind, []))
        if cspace is not None:
            entry[1].append((cspace, cxid))
    return out
