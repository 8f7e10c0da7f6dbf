"""Real models of the shared corpus: one instance per writable view is written, read back and queried."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SAMPLES: dict[str, Any] = {
    "text": "hello world",
    "int32": 7,
    "int64": 70,
    "float32": 1.5,
    "float64": 2.25,
    "boolean": True,
    "timestamp": "2021-05-01T10:00:00.123+00:00",
    "date": "2021-05-01",
    "json": {"k": [1, 2]},
    "timeseries": "ts1",
    "file": "f1",
    "sequence": "s1",
}
EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "models" / "example.json"


def _sample(prop_type: dict[str, Any], space: str) -> Any:
    kind = prop_type["type"]
    if kind == "direct":
        value: Any = {"space": space, "externalId": "target"}
    elif kind == "enum":
        value = next(k for k in prop_type["values"] if k != prop_type.get("unknownValue"))
    else:
        value = SAMPLES[kind]
    return [value, value] if prop_type.get("list") else value


def _node_type(view: dict[str, Any]) -> dict[str, str] | None:
    """The node type a view's filter asks for (``equals``/``in`` on ["node", "type"], maybe inside ``and``)."""
    flt = view.get("filter") or {}
    for part in flt.get("and", [flt]):
        if part.get("equals", {}).get("property") == ["node", "type"]:
            return dict(part["equals"]["value"])
        if part.get("in", {}).get("property") == ["node", "type"]:
            return dict(part["in"]["values"][0])
    return None


def _roundtrip(api: Any, model: dict[str, Any], space: str) -> int:
    """Write and read back one instance per writable view, in ``space``."""
    written = 0
    for view in model["views"]:
        if not view.get("writable", True):
            continue
        ref = {
            "type": "view",
            "space": view["space"],
            "externalId": view["externalId"],
            "version": view["version"],
        }
        mapped = {name: p for name, p in view.get("properties", {}).items() if "container" in p}
        # direct relations that require their target to have data in a container are left out
        props = {
            name: _sample(p["type"], space)
            for name, p in mapped.items()
            if not (p["type"]["type"] == "direct" and p["type"].get("container"))
        }
        kind = "edge" if view.get("usedFor") == "edge" else "node"
        xid = f"{view['externalId']}-1"
        item: dict[str, Any] = {
            "instanceType": kind,
            "space": space,
            "externalId": xid,
            "sources": [{"source": ref, "properties": props}],
        }
        if kind == "edge":
            item.update(
                type={"space": space, "externalId": "t"},
                startNode={"space": space, "externalId": "a"},
                endNode={"space": space, "externalId": "b"},
            )
        elif _node_type(view):
            item["type"] = _node_type(view)
        api.post("/instances", {"items": [item], "autoCreateStartNodes": True, "autoCreateEndNodes": True})
        written += 1
        ids = {
            "items": [{"instanceType": kind, "space": space, "externalId": xid}],
            "sources": [{"source": ref}],
        }
        got = api.post("/instances/byids", ids)["items"][0]["properties"]
        assert got[view["space"]][f"{view['externalId']}/{view['version']}"] == props, view["externalId"]
        flt = {"equals": {"property": [kind, "externalId"], "value": xid}}
        if set(view.get("filter") or {}) - {"equals", "in"}:
            continue  # a view filter on other containers' data: this instance is not meant to match it
        listed = api.post(
            "/instances/list", {"instanceType": kind, "sources": [{"source": ref}], "filter": flt}
        )
        assert len(listed["items"]) == 1, (view["externalId"], listed)
        expression = "nodes" if kind == "node" else "edges"
        result = api.post(
            "/instances/query",
            {
                "with": {"x": {expression: {"filter": {"and": [{"hasData": [ref]}, flt]}}}},
                "select": {"x": {"sources": [{"source": ref, "properties": ["*"]}]}},
            },
        )
        assert [i["externalId"] for i in result["items"]["x"]] == [xid], view["externalId"]
    return written


@pytest.mark.parametrize("name", ["Omni", "CogniteCore", "ApmSimple"])
def test_corpus_model_roundtrip(emulator: Any, api: Any, models_dir: Path, name: str) -> None:
    emulator.load_model(models_dir / f"{name}.json")
    model = json.loads((models_dir / f"{name}.json").read_text(encoding="utf-8"))
    api.post("/spaces", {"items": [{"space": "corpus_data"}]})  # the core model's spaces hold no instances
    assert _roundtrip(api, model, "corpus_data") > 0


def test_example_model_roundtrip(emulator: Any, api: Any) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"example model not found at {EXAMPLE}")
    emulator.load_model(EXAMPLE)
    model = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert _roundtrip(api, model, model["space"]) > 0
