"""A synthetic 7-view chain model for the traversal benchmark: L0 -next-> L1 -next-> ... -next-> L6.

Every level is its own view and container (v1's ``select()`` refuses to revisit a view type, so a
self-linked view could not be followed more than once), linked by an outwards multi edge connection
``nextLevel`` whose edge type is ``bench_chain:L<i>.next``. Written in the corpus format (``views`` plus
``containers``) that both ``pygen generate`` and ``pygen-emulator load`` read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPACE = "bench_chain"
MODEL_ID = "BenchChain"
LEVELS = 7  # views L0..L6: six hops


def view_id(level: int) -> dict[str, str]:
    return {"type": "view", "space": SPACE, "externalId": f"L{level}", "version": "1"}


def edge_type(level: int) -> dict[str, str]:
    return {"space": SPACE, "externalId": f"L{level}.next"}


def _view(level: int) -> dict[str, Any]:
    container = {"type": "container", "space": SPACE, "externalId": f"L{level}"}
    properties: dict[str, Any] = {
        "name": {
            "container": container,
            "containerPropertyIdentifier": "name",
            "name": "name",
            "type": {"type": "text", "list": False, "collation": "ucs_basic"},
            "nullable": True,
            "immutable": False,
            "autoIncrement": False,
        }
    }
    if level + 1 < LEVELS:
        properties["nextLevel"] = {
            "connectionType": "multi_edge_connection",
            "type": edge_type(level),
            "source": view_id(level + 1),
            "direction": "outwards",
            "name": "nextLevel",
        }
    return {
        **{key: value for key, value in view_id(level).items() if key != "type"},  # v1 reads a ref as an id
        "name": f"L{level}",
        "description": f"Level {level} of the chain",
        "filter": None,
        "implements": [],
        "writable": True,
        "queryable": True,
        "usedFor": "node",
        "isGlobal": False,
        "properties": properties,
        "mappedContainers": [container],
        "createdTime": 0,
        "lastUpdatedTime": 0,
    }


def _container(level: int) -> dict[str, Any]:
    return {
        "space": SPACE,
        "externalId": f"L{level}",
        "name": f"L{level}",
        "usedFor": "node",
        "properties": {
            "name": {
                "type": {"type": "text", "list": False, "collation": "ucs_basic"},
                "nullable": True,
                "autoIncrement": False,
                "immutable": False,
                "name": "name",
            }
        },
        "constraints": {},
        "indexes": {},
        "isGlobal": False,
    }


def chain_model() -> dict[str, Any]:
    return {
        "space": SPACE,
        "externalId": MODEL_ID,
        "version": "1",
        "name": MODEL_ID,
        "description": "Seven views in a chain of outwards edges (traversal benchmark)",
        "isGlobal": False,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "views": [_view(level) for level in range(LEVELS)],
        "containers": [_container(level) for level in range(LEVELS)],
    }


def write_chain_model(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(chain_model(), indent=1) + "\n", encoding="utf-8")
    return path
