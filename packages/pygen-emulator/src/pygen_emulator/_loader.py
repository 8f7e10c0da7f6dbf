"""Deploy a data model file in the corpus format (read format + ``containers``) into an emulator/CDF.

Order: spaces, containers, views (parents first), then the data model. Read-only fields are dropped;
properties a view inherits unchanged from the views it implements are not repeated in its write form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygen_client import PygenClient

__all__ = [
    "container_write",
    "counts",
    "deploy_model",
    "model_writes",
    "read_model",
    "view_writes",
    "without_spaces",
]

_BATCH = 100
_MAPPED_READ_ONLY = ("type", "nullable", "immutable", "autoIncrement", "defaultValue", "constraintState")


def read_model(path: str | Path) -> dict[str, Any]:
    """The model file as a dict, with a clear error when it is not a corpus-format model."""
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"model file {file} does not exist")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"model file {file} is not valid JSON: {exc}") from None
    _check_model(data, str(file))
    return data  # type: ignore[no-any-return]


def _check_model(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise ValueError(
            f"{where}: a model file must hold a JSON object with space, externalId, version, views"
        )
    missing = [k for k in ("space", "externalId", "version", "views") if k not in data]
    if missing:
        raise ValueError(f"{where}: the model is missing {', '.join(missing)} (expected the corpus format)")


def container_write(container: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in container.items() if k not in ("isGlobal", "createdTime", "lastUpdatedTime")}
    out["properties"] = {
        pid: {k: v for k, v in prop.items() if k != "constraintState"}
        for pid, prop in container["properties"].items()
    }
    for field in ("constraints", "indexes"):
        if field in out:
            out[field] = {cid: {k: v for k, v in c.items() if k != "state"} for cid, c in out[field].items()}
    return out


def _property_write(prop: dict[str, Any]) -> dict[str, Any]:
    if "container" in prop:
        out = {k: v for k, v in prop.items() if k not in _MAPPED_READ_ONLY}
        source = (prop.get("type") or {}).get("source")
        if source is not None and "source" not in out:
            out["source"] = source
        return out
    return {k: v for k, v in prop.items() if k != "targetsList"}


def _key(view: dict[str, Any]) -> tuple[str, str, str]:
    return view["space"], view["externalId"], view["version"]


def view_writes(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write forms of ``views``, ordered so every implemented view comes before its children."""
    by_key = {_key(v): v for v in views}
    ordered: list[dict[str, Any]] = []
    done: set[tuple[str, str, str]] = set()

    def visit(key: tuple[str, str, str], stack: tuple[tuple[str, str, str], ...]) -> None:
        if key in done or key in stack or key not in by_key:
            return
        view = by_key[key]
        parents = [_key(ref) for ref in view.get("implements") or [] if "version" in ref]
        for parent in parents:
            visit(parent, (*stack, key))
        inherited: dict[str, Any] = {}
        for parent in parents:
            if parent in by_key:
                inherited.update(by_key[parent].get("properties") or {})
        own = {pid: p for pid, p in (view.get("properties") or {}).items() if inherited.get(pid) != p}
        write = {
            k: view[k]
            for k in ("space", "externalId", "version", "name", "description", "filter")
            if view.get(k) is not None
        }
        write["implements"] = view.get("implements") or []
        write["properties"] = {pid: _property_write(p) for pid, p in own.items()}
        ordered.append(write)
        done.add(key)

    for key in by_key:
        visit(key, ())
    return ordered


def model_writes(model: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The write requests of a corpus-format model: ``spaces``, ``containers``, ``views``, ``datamodels``."""
    _check_model(model, "model")
    containers = [container_write(c) for c in model.get("containers") or []]
    views = view_writes([*(model.get("_extraViews") or []), *model["views"]])
    spaces = dict.fromkeys([model["space"], *(c["space"] for c in containers), *(v["space"] for v in views)])
    data_model = {
        k: model[k]
        for k in ("space", "externalId", "version", "name", "description")
        if model.get(k) is not None
    }
    data_model["views"] = [
        {"type": "view", "space": v["space"], "externalId": v["externalId"], "version": v["version"]}
        for v in model["views"]
    ]
    return {
        "spaces": [{"space": s} for s in spaces],
        "containers": containers,
        "views": views,
        "datamodels": [data_model],
    }


def counts(writes: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {
        "spaces": len(writes["spaces"]),
        "containers": len(writes["containers"]),
        "views": len(writes["views"]),
        "data_models": len(writes["datamodels"]),
    }


def deploy_model(client: PygenClient, model: dict[str, Any]) -> dict[str, int]:
    """Create the model's spaces, containers, views and the data model; returns what was sent.

    What lives in global (system) spaces, such as the core model in ``cdf_cdm``, is there already and
    read-only, in CDF as in the emulator: it is left out.
    """
    writes = model_writes(model)
    writes = without_spaces(writes, _global_spaces(client, [s["space"] for s in writes["spaces"]]))
    for kind in ("spaces", "containers", "views", "datamodels"):
        _post(client, f"/models/{kind}", writes[kind])
    return counts(writes)


def without_spaces(
    writes: dict[str, list[dict[str, Any]]], spaces: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """``writes`` without the items that live in ``spaces``."""
    return {kind: [item for item in items if item["space"] not in spaces] for kind, items in writes.items()}


def _global_spaces(client: PygenClient, spaces: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(spaces), _BATCH):
        items = [{"space": space} for space in spaces[start : start + _BATCH]]
        response = client.post("/models/spaces/byids", json={"items": items})
        found.update(item["space"] for item in response.json()["items"] if item.get("isGlobal"))
    return found


def _post(client: PygenClient, path: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), _BATCH):
        client.post(path, json={"items": items[start : start + _BATCH]})
