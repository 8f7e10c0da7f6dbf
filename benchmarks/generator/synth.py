"""Synthetic data models for the generator benchmark, in the corpus format (read format + containers).

The recipe of ``shared/reference/pygen-v1-baseline.md`` §3: each view ``View0000``… has 13 properties
(text x2, int32, int64, float32, float64, boolean, timestamp, date, json, a text list, and the direct
relations ``parent`` and ``owner``); every 10th view also has a multi-edge ``related``. Topology
``cluster``: groups of 10, ``parent`` -> the next view of the group, ``owner`` -> the group's first,
``related`` -> view +3 of the group. Topology ``ring``: ``parent`` -> view i+1, ``owner`` -> view i+7
(mod N), one reference cycle through every view.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPACE = "synth"
_PRIMITIVES = [
    ("name", "text", False), ("description", "text", False), ("count", "int32", False),
    ("total", "int64", False), ("ratio", "float32", False), ("value", "float64", False),
    ("active", "boolean", False), ("updatedAt", "timestamp", False), ("day", "date", False),
    ("meta", "json", False), ("tags", "text", True),
]  # fmt: skip


def _name(i: int) -> str:
    return f"View{i:04d}"


def _ref(i: int) -> dict[str, Any]:
    return {"type": "view", "space": SPACE, "externalId": _name(i), "version": "1"}


def _mapped(view: str, prop: str, type_: dict[str, Any]) -> dict[str, Any]:
    return {
        "container": {"type": "container", "space": SPACE, "externalId": view},
        "containerPropertyIdentifier": prop,
        "type": type_,
        "nullable": True,
        "immutable": False,
        "autoIncrement": False,
    }


def _targets(i: int, n: int, ring: bool) -> tuple[int, int, int | None]:
    if ring:
        return (i + 1) % n, (i + 7) % n, None
    group = i - i % 10
    size = min(10, n - group)
    parent = group + (i - group + 1) % size
    related = group + (i - group + 3) % size if i % 10 == 0 else None
    return parent, group, related


def synth_model(n: int, ring: bool = False) -> dict[str, Any]:
    views: list[dict[str, Any]] = []
    containers: list[dict[str, Any]] = []
    for i in range(n):
        name = _name(i)
        props: dict[str, Any] = {}
        cprops: dict[str, Any] = {}
        for prop, dms_type, is_list in _PRIMITIVES:
            props[prop] = _mapped(name, prop, {"type": dms_type, "list": is_list})
            cprops[prop] = {"type": {"type": dms_type, "list": is_list}, "nullable": True}
        parent, owner, related = _targets(i, n, ring)
        for prop, target in (("parent", parent), ("owner", owner)):
            props[prop] = _mapped(name, prop, {"type": "direct", "list": False, "source": _ref(target)})
            cprops[prop] = {"type": {"type": "direct", "list": False}, "nullable": True}
        if related is not None:
            props["related"] = {
                "connectionType": "multi_edge_connection",
                "type": {"space": SPACE, "externalId": f"{name}.related"},
                "source": _ref(related),
                "direction": "outwards",
            }
        view = {**_ref(i), "name": name, "implements": [], "writable": True, "queryable": True}
        view.update({"usedFor": "node", "isGlobal": False, "properties": props})
        view.pop("type")
        views.append(view)
        containers.append({"space": SPACE, "externalId": name, "usedFor": "node", "properties": cprops})
    kind = "Ring" if ring else ""
    return {
        "space": SPACE,
        "externalId": f"Synth{kind}{n}",
        "version": "1",
        "views": views,
        "containers": containers,
    }


def write_models(folder: Path, sizes: tuple[int, ...], ring_sizes: tuple[int, ...]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for n, ring in [(n, False) for n in sizes] + [(n, True) for n in ring_sizes]:
        name = f"synth{'ring' if ring else ''}{n}"
        path = folder / f"{name}.json"
        path.write_text(json.dumps(synth_model(n, ring)))
        out[name] = path
    return out
