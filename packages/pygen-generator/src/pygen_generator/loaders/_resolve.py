"""Resolve write-format views into the read format: inherited properties, container types, flags."""

from __future__ import annotations

from typing import Any

from pygen_generator.errors import InputError

__all__ = ["resolve_views"]

ViewKey = tuple[Any, Any, str]
_CONTAINER_DEFAULTS = {"nullable": True, "immutable": False, "autoIncrement": False}


def _view_key(ref: dict[str, Any]) -> ViewKey:
    return (ref.get("space"), ref.get("externalId"), str(ref.get("version")))


def _container_property(
    containers: dict[tuple[Any, Any], dict[str, Any]], prop: dict[str, Any], where: str
) -> dict[str, Any]:
    ref = prop["container"]
    container = containers.get((ref.get("space"), ref.get("externalId")))
    if container is None:
        raise InputError(
            f"{where} maps container {ref.get('space')}:{ref.get('externalId')}, which no *.container.yaml defines",
            "add the container to the module",
        )
    identifier = prop.get("containerPropertyIdentifier")
    found = (container.get("properties") or {}).get(identifier)
    if not isinstance(found, dict):
        raise InputError(
            f"{where} maps {ref.get('externalId')}.{identifier}, which the container does not have",
            "fix containerPropertyIdentifier",
        )
    return found


def _read_property(prop: dict[str, Any], container_prop: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "container": {"type": "container", **{k: v for k, v in prop["container"].items() if k != "type"}},
        "containerPropertyIdentifier": prop["containerPropertyIdentifier"],
    }
    for key in ("name", "description"):
        if key in prop:
            out[key] = prop[key]
        elif key in container_prop:
            out[key] = container_prop[key]
    prop_type = dict(container_prop["type"])
    if "source" in prop and prop["source"] is not None:
        prop_type["source"] = prop["source"]
    out["type"] = prop_type
    for key, default in _CONTAINER_DEFAULTS.items():
        out[key] = container_prop.get(key, default)
    if "defaultValue" in container_prop:
        out["defaultValue"] = container_prop["defaultValue"]
    return out


def _writable(view: dict[str, Any], containers: dict[tuple[Any, Any], dict[str, Any]]) -> bool:
    """CDF's rule: a view is writable when it maps every required property of the containers it maps."""
    mapped = {
        (p["container"]["space"], p["container"]["externalId"], p["containerPropertyIdentifier"])
        for p in view["properties"].values()
        if "container" in p
    }
    for space, xid, _ in mapped:
        for pid, cprop in (containers[(space, xid)].get("properties") or {}).items():
            required = not cprop.get("nullable", True) and cprop.get("defaultValue") is None
            if required and not cprop.get("autoIncrement") and (space, xid, pid) not in mapped:
                return False
    return True


def _used_for(view: dict[str, Any], containers: dict[tuple[Any, Any], dict[str, Any]]) -> str:
    kinds = {
        containers[(c["space"], c["externalId"])].get("usedFor", "node") for c in view["mappedContainers"]
    }
    if not kinds:
        return "node"
    return kinds.pop() if len(kinds) == 1 else "all"


def resolve_views(
    view_docs: list[dict[str, Any]], container_docs: list[dict[str, Any]], source: str
) -> tuple[dict[ViewKey, dict[str, Any]], list[dict[str, Any]]]:
    """Read-format views by (space, externalId, version), and the containers in read form."""
    containers = {(c.get("space"), c.get("externalId")): c for c in container_docs}
    written = {_view_key(v): v for v in view_docs}
    resolved: dict[ViewKey, dict[str, Any]] = {}

    def resolve(key: ViewKey, chain: tuple[ViewKey, ...]) -> dict[str, Any]:
        if key in resolved:
            return resolved[key]
        if key in chain:
            cycle = " -> ".join(f"{k[1]}/{k[2]}" for k in (*chain[chain.index(key) :], key))
            raise InputError(f"{source}: cyclic implements: {cycle}", "remove one of the implements")
        view = written.get(key)
        if view is None:
            raise InputError(
                f"{source}: view {chain[-1][1] if chain else '?'} implements {key[0]}:{key[1]}/{key[2]}, "
                "which no *.view.yaml defines",
                "add the parent view to the module",
            )
        properties: dict[str, Any] = {}
        for parent in view.get("implements") or []:
            properties.update(resolve(_view_key(parent), (*chain, key))["properties"])
        where = f"{source}: view {key[1]}"
        for pid, prop in (view.get("properties") or {}).items():
            if "container" in prop:
                properties[pid] = _read_property(
                    prop, _container_property(containers, prop, f"{where}.{pid}")
                )
            else:
                properties[pid] = prop
        read = {k: v for k, v in view.items() if k not in ("properties", "implements")}
        read["implements"] = [
            {"type": "view", **{k: v for k, v in p.items() if k != "type"}}
            for p in view.get("implements") or []
        ]
        read["properties"] = properties
        seen: list[dict[str, Any]] = []
        for prop in properties.values():
            if "container" in prop and prop["container"] not in seen:
                seen.append(prop["container"])
        read["mappedContainers"] = seen
        read["writable"] = _writable(read, containers)
        read["queryable"] = True
        read["usedFor"] = _used_for(read, containers)
        read["isGlobal"] = False
        resolved[key] = read
        return read

    for key in written:
        resolve(key, ())
    container_reads = []
    for container in container_docs:
        read = {"constraints": {}, "indexes": {}, **container, "isGlobal": False}
        read["properties"] = {
            pid: {**_CONTAINER_DEFAULTS, **prop} for pid, prop in (container.get("properties") or {}).items()
        }
        container_reads.append(read)
    return resolved, container_reads
