"""Handlers shared by the schema resources: list pages, byids and delete.

Views and data models (versioned) get their list/byids/delete endpoints from :func:`versioned_endpoints`;
spaces and containers (unversioned) build theirs from :func:`byids_handler`, :func:`delete_handler`
and :func:`list_page`. Every handler is a pure function of a :class:`~pygen_emulator._routing.Call`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pygen_emulator._errors import DMSError
from pygen_emulator._http import query_bool, query_int
from pygen_emulator._routing import Call, Endpoint, Handler
from pygen_emulator.schema._checks import refuse_global_writes
from pygen_emulator.schema._common import paginate, parse_items
from pygen_emulator.schema._listing import (
    VersionedKey,
    VersionedRow,
    matching_versions,
    newest_only,
    select_versioned,
    versioned_id,
)

__all__ = ["byids_handler", "delete_handler", "list_page", "versioned_endpoints"]

K = TypeVar("K")
T = TypeVar("T")
Item = dict[str, Any]


def list_page(
    call: Call, rows: list[T], key: Callable[[T], tuple[Any, ...]], render: Callable[[T], Item | None]
) -> dict[str, Any]:
    """One page of ``rows`` (``limit`` after the request's ``cursor``) rendered, with ``nextCursor`` when more follow."""
    limit = query_int(call.query, "limit", 10, minimum=1, maximum=1000)
    page, cursor = paginate(rows, key, limit, call.query.get("cursor"))
    rendered = (render(row) for row in page)
    result: dict[str, Any] = {"items": [item for item in rendered if item is not None]}
    if cursor:
        result["nextCursor"] = cursor
    return result


def byids_handler(parse_id: Callable[[Item, str], K], read_one: Callable[[Call, K], Item | None]) -> Handler:
    """``byids`` of an unversioned resource: found items in request order, unknown ids left out."""

    def byids(call: Call) -> dict[str, Any]:
        ids = [parse_id(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
        found = (read_one(call, key) for key in ids)
        return {"items": [item for item in found if item is not None]}

    return byids


def delete_handler(
    parse_id: Callable[[Item, str], K], delete_one: Callable[[Call, K], Item | None]
) -> Handler:
    """``delete``: ``delete_one`` answers the id of what it deleted, or None when nothing was there.

    Items are checked and deleted one by one in the request's transaction: a bad item rolls it back.
    """

    def delete(call: Call) -> dict[str, Any]:
        ids = [parse_id(item, f"items[{i}]") for i, item in enumerate(parse_items(call.body))]
        gone = (delete_one(call, key) for key in ids)
        return {"items": [item for item in gone if item is not None]}

    return delete


def versioned_endpoints(
    path: str,
    table: str,
    *,
    option: tuple[str, bool],
    read_one: Callable[[Call, VersionedKey, bool], Item | None],
) -> list[Endpoint]:
    """``GET path``, ``POST path/byids`` and ``POST path/delete`` of a versioned resource in ``table``.

    ``option`` is the resource's boolean option (name, default), read from the query string or, as
    the official JS SDK sends it, from the JSON body of ``byids``; its value is passed to ``read_one``,
    which renders one stored item.
    """
    option_name, option_default = option

    def list_(call: Call) -> dict[str, Any]:
        flag = query_bool(call.query, option_name, option_default)
        all_versions = query_bool(call.query, "allVersions", False)
        include_global = query_bool(call.query, "includeGlobal", False)
        rows = select_versioned(call.conn, table, call.query.get("space"))
        if not include_global:
            rows = [r for r in rows if not call.ctx.schema.is_global(r.space)]
        if not all_versions:
            rows = newest_only(rows)
        return list_page(call, rows, VersionedRow.key, lambda r: read_one(call, r.key(), flag))

    def byids(call: Call) -> dict[str, Any]:
        flag = _byids_option(call, option_name, option_default)
        items = parse_items(call.body, extra=(option_name,))
        ids = [versioned_id(item, f"items[{i}]", version_required=False) for i, item in enumerate(items)]
        out = []
        seen: set[VersionedKey] = set()
        for space, xid, version in ids:
            for key in matching_versions(call.conn, table, space, xid, version):
                found = None if key in seen else read_one(call, key, flag)
                if found is not None:
                    seen.add(key)
                    out.append(found)
        return {"items": out}

    def delete_one(call: Call, key: tuple[str, str, str | None]) -> Item | None:
        refuse_global_writes(call.ctx.schema, [key[0]])
        cur = call.conn.execute(
            f"DELETE FROM {table} WHERE space = ? AND external_id = ? AND version = ?", key
        )
        return {"space": key[0], "externalId": key[1], "version": key[2]} if cur.rowcount else None

    delete = delete_handler(lambda item, where: versioned_id(item, where, version_required=True), delete_one)
    return [
        Endpoint("GET", path, list_),
        Endpoint("POST", f"{path}/byids", byids),
        Endpoint("POST", f"{path}/delete", delete, writes=True),
    ]


def _byids_option(call: Call, name: str, default: bool) -> bool:
    """The option from the query string, else from the body (where the JS SDK puts it), else ``default``."""
    if call.query.get(name) not in (None, ""):
        return query_bool(call.query, name, default)
    body = call.body
    value = body.get(name) if isinstance(body, dict) else None
    if value is None:
        return default
    if not isinstance(value, bool):
        raise DMSError(400, f"{name} must be true or false, got {value!r}.")
    return value
