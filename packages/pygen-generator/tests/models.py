"""Small inline models for unit tests: build a corpus-format model dict from a few lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPACE = "sp"


def container_ref(xid: str) -> dict[str, Any]:
    return {"type": "container", "space": SPACE, "externalId": xid}


def view_ref(xid: str, version: str = "1", space: str = SPACE) -> dict[str, Any]:
    return {"type": "view", "space": space, "externalId": xid, "version": version}


def mapped(
    container: str, prop: str, type_: dict[str, Any], nullable: bool = True, **extra: Any
) -> dict[str, Any]:
    return {
        "container": container_ref(container),
        "containerPropertyIdentifier": prop,
        "type": type_,
        "nullable": nullable,
        "immutable": False,
        "autoIncrement": False,
        **extra,
    }


def text(container: str = "C", prop: str = "name", **extra: Any) -> dict[str, Any]:
    return mapped(container, prop, {"type": "text", "list": False}, **extra)


def view(
    xid: str,
    properties: dict[str, Any],
    *,
    implements: list[str] = (),  # type: ignore[assignment]
    used_for: str = "node",
    writable: bool = True,
    version: str = "1",
    space: str = SPACE,
) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": xid,
        "version": version,
        "name": xid,
        "implements": [view_ref(p) for p in implements],
        "writable": writable,
        "queryable": True,
        "usedFor": used_for,
        "isGlobal": False,
        "properties": properties,
    }


def model(*views: dict[str, Any], xid: str = "M") -> dict[str, Any]:
    return {"space": SPACE, "externalId": xid, "version": "1", "name": xid, "views": list(views)}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
