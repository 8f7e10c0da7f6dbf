"""The end-to-end plan of one model for the TypeScript suite (test/corpus-e2e.test.ts), from the same mock
data and expectations as the Python corpus e2e (tests-e2e/corpus): one source of truth for what is
written and what every read must give back.

``plan(model_file, folder)`` -> a JSON-serialisable dict (written to generated/<folder>/e2e-plan.json by
generate.py):

* ``deploy``: the model's ``spaces``/``containers``/``views``/``datamodels`` writes, without what lives in
  the emulator's built-in CogniteCore spaces;
* ``writes`` / ``plainEdges``: the TypeScript write objects per view and instance type (the test finds
  the view's API on the client by view id and ``usedFor``), and edges without an edge view, from
  ``pygen_generator.mock``. Nodes carry no ``type``: the spec's ``nodeType`` must supply the one their
  view filter pins (``instances[].nodeType``, which the test checks on the read);
* ``views``: per view with mock data: the getter, the instances and what a read gives (field -> wire
  value, ``fields`` says each one's type), the fields to filter on (one per property type), the text
  field to search, every connection with what it reaches from each instance (``MockReads``), and
  ``unsolved``: why the view's filter is not met (then only retrieve, include and delete run).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygen_emulator._loader import model_writes
from pygen_generator.ir import PropertyIR, SdkIR, ViewIR
from pygen_generator.mock import MockData, MockInstance, MockReads, generate_mock_data, sdk_connections

SYSTEM_SPACES = ("cdf_cdm", "cdf_cdm_3d", "cdf_cdm_units")  # built into the emulator, read only
COUNT = 2  # nodes per view: small, so every model runs in well under a second
SEED = 12
SPACE = "e2e_mock"


def _deploy(model_file: Path) -> dict[str, list[dict[str, Any]]]:
    model: dict[str, Any] = json.loads(model_file.read_text(encoding="utf-8"))
    for key in ("views", "containers"):
        model[key] = [item for item in model.get(key) or [] if item["space"] not in SYSTEM_SPACES]
    if not model["views"]:
        return {}
    writes = model_writes(model)
    return {kind: [i for i in items if i["space"] not in SYSTEM_SPACES] for kind, items in writes.items()}


def _ts_write(instance: MockInstance, views: dict[Any, ViewIR]) -> dict[str, Any]:
    out: dict[str, Any] = {"space": instance.space, "externalId": instance.external_id}
    if instance.instance_type == "edge":
        assert instance.edge_type
        assert instance.start_node
        assert instance.end_node
        out["type"] = {"space": instance.edge_type[0], "externalId": instance.edge_type[1]}
        out["startNode"] = {"space": instance.start_node[0], "externalId": instance.start_node[1]}
        out["endNode"] = {"space": instance.end_node[0], "externalId": instance.end_node[1]}
    if instance.view is not None:
        names = {p.id: p.typescript.name for p in views[instance.view].properties}
        out.update({names[key]: value for key, value in instance.properties.items()})
    return out


def _fields(view: ViewIR) -> dict[str, dict[str, Any]]:
    return {
        p.typescript.name: {"id": p.id, "type": p.type, "list": p.is_list}
        for p in view.properties
        if p.kind == "mapped"
    }


def _filters(view: ViewIR) -> list[str]:
    """One field per (type, list) pair that has a typed filter (json has none), in model order."""
    seen: set[tuple[str, bool]] = set()
    out: list[str] = []
    for p in view.properties:
        if p.kind != "mapped" or p.type == "json" or (p.type, p.is_list) in seen:
            continue
        seen.add((p.type, p.is_list))
        out.append(p.typescript.name)
    return out


def _search(view: ViewIR, instance: MockInstance) -> dict[str, str] | None:
    for p in view.properties:
        value = instance.expected.get(p.id)
        if p.kind == "mapped" and p.type == "text" and not p.is_list and isinstance(value, str) and value:
            return {"field": p.typescript.name, "word": value.split()[-1]}  # the tag: unique to the instance
    return None


def _ids(ids: Any) -> list[list[str]]:
    return sorted([space, xid] for space, xid in ids)


def _connection(
    view: ViewIR, prop: PropertyIR, instances: list[MockInstance], reads: MockReads
) -> dict[str, Any] | None:
    target = prop.edge.other if prop.edge else prop.reverse.other if prop.reverse else prop.direct_target
    assert target is not None
    if not reads.decides(target) or not reads.views[target].writable:
        return None  # what the target view shows is not known from the mock data (see MockReads)
    if prop.kind == "mapped" and not reads.decides(view.ref):
        return None  # query(<roots>) lists the roots through this view, whose filter decides them
    out: dict[str, Any] = {"field": prop.typescript.name, "property": prop.id}
    if prop.kind == "mapped":
        out.update(kind="direct", expected=_ids(reads.direct_targets(instances, prop)))
        return out
    many = prop.edge.multi if prop.edge else prop.reverse.multi if prop.reverse else True
    out.update(kind=prop.kind, many=many, expected={}, edges={})
    for instance in instances:
        if prop.edge:
            ends = reads.edge_ends(instance.id, prop)
            out["expected"][instance.external_id] = _ids(ends)
            edge_view = prop.edge.edge_source
            for far, edge_xid in ends.items():
                written = next(e for e in reads.edges if e.external_id == edge_xid)
                if edge_view is not None and written.view is not None:
                    names = reads.field_names(written.view, "typescript")
                    props = {names[k]: v for k, v in written.expected.items()}
                    out["edges"].setdefault(instance.external_id, {})[f"{far[0]}:{far[1]}"] = {
                        "externalId": edge_xid,
                        "properties": props,
                        "fields": _fields(reads.views[written.view]),
                    }
        else:
            out["expected"][instance.external_id] = _ids(reads.pointing_at(instance.id, prop))
    return out


def _view_plan(view: ViewIR, instances: list[MockInstance], reads: MockReads) -> dict[str, Any]:
    instance_type = instances[0].instance_type
    names = {p.id: p.typescript.name for p in view.properties}
    unsolved = view.filter is not None and not view.filter.satisfiable
    return {
        "label": view.ref.label,
        "view": _view_id(view),
        "instanceType": instance_type,
        "unsolved": "; ".join(view.filter.unsatisfied) if unsolved and view.filter else None,
        "fields": _fields(view),
        "instances": [
            {
                "externalId": i.external_id,
                "expected": {names[k]: v for k, v in i.expected.items()},
                "nodeType": {"space": i.node_type[0], "externalId": i.node_type[1]} if i.node_type else None,
            }
            for i in instances
        ],
        "filters": [] if unsolved else _filters(view),
        "search": None if unsolved else _search(view, instances[0]),
        "connections": [
            found
            for prop in (sdk_connections(view, reads.views) if instance_type == "node" else [])
            if (found := _connection(view, prop, instances, reads)) is not None
        ],
    }


def plan(model_file: Path, ir: SdkIR) -> dict[str, Any]:
    """The plan for ``model_file``, whose TypeScript SDK was rendered from ``ir``."""
    data: MockData = generate_mock_data(ir, COUNT, seed=SEED, space=SPACE)
    reads = MockReads(ir, data)
    views = {v.ref: v for v in ir.views}
    groups: list[tuple[ViewIR, list[MockInstance]]] = []
    for view in ir.views:
        for kind in ("node", "edge"):  # a usedFor: all view may have both (its node and its edge shape)
            found = [i for i in data.of_view(view.ref) if i.instance_type == kind]
            if found:
                groups.append((view, found))
    return {
        "model": model_file.stem,
        "client": ir.typescript.client,
        "space": SPACE,
        "deploy": _deploy(model_file),
        # Nodes in one upsert (direct relations constrained by their container need their targets in the
        # same request), then edges: through their edge view's API, plain ones through `edges`.
        "writes": [
            {
                "view": _view_id(view),
                "instanceType": found[0].instance_type,
                "items": [_ts_write(i, views) for i in found],
            }
            for view, found in groups
        ],
        "plainEdges": [_ts_write(e, views) for e in data.edges if e.view is None],
        "views": [_view_plan(view, found, reads) for view, found in groups],
        "skipped": list(data.skipped),
    }


def _view_id(view: ViewIR) -> dict[str, str]:
    return {"space": view.ref.space, "externalId": view.ref.external_id, "version": view.ref.version}
