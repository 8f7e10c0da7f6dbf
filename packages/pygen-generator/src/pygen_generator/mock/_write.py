"""Write mock data to CDF (or the emulator): through the plain ``pygen_client`` (DMS write JSON), or as the
write objects of a generated SDK (``to_sdk_writes``), which its client's ``upsert`` takes."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pygen_generator.ir import SdkIR, ViewRef
from pygen_generator.mock._generate import MockData, MockInstance

if TYPE_CHECKING:
    from pygen_client import PygenClient

__all__ = ["delete_mock_data", "to_sdk_writes", "write_mock_data"]

CHUNK = 1000  # DMS: at most 1000 instances per write request


def _chunks(items: Sequence[dict[str, Any]]) -> list[Sequence[dict[str, Any]]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def write_mock_data(client: PygenClient, data: MockData, *, create_space: bool = True) -> int:
    """Upsert every instance of ``data`` (nodes, then edges) with ``client``; return how many were written.

    ``create_space``: create the instance space first (an upsert; needs the ``dataModels:write`` scope)."""
    if create_space:
        client.post("/models/spaces", json={"items": [{"space": data.space, "name": "pygen mock data"}]})
    written = 0
    for kind in (data.nodes, data.edges):  # edges need their end nodes
        for chunk in _chunks([i.dump() for i in kind]):
            client.post("/models/instances", json={"items": list(chunk), "autoCreateDirectRelations": True})
            written += len(chunk)
    return written


def delete_mock_data(client: PygenClient, data: MockData) -> int:
    """Delete every instance of ``data`` (edges, then nodes); return how many ids were sent."""
    ids = [
        {"instanceType": i.instance_type, "space": i.space, "externalId": i.external_id}
        for i in (*data.edges, *data.nodes)
    ]
    for chunk in _chunks(ids):
        client.post("/models/instances/delete", json={"items": list(chunk)})
    return len(ids)


def _write_class(
    module: ModuleType, ir: SdkIR, view: ViewRef, instance_type: str
) -> tuple[type[Any], dict[str, str]]:
    for candidate in ir.views:
        if candidate.ref != view:
            continue
        for classes in candidate.python.classes:
            if classes.instance_type == instance_type and classes.write is not None:
                names = {p.id: p.python.name for p in candidate.properties if p.python is not None}
                return getattr(module, classes.write), names
    raise ValueError(f"{module.__name__} has no {instance_type} write class for view {view.label}")


def _sdk_write(instance: MockInstance, module: ModuleType, ir: SdkIR) -> Any:
    import pygen_runtime as rt

    # A node's type (``instance.node_type``, its view filter's) is not passed: the generated write class
    # defaults to it (``ViewIR.write_node_type``), which the end-to-end tests thereby check.
    fields: dict[str, Any] = {"space": instance.space, "external_id": instance.external_id}
    if instance.instance_type == "edge":
        assert instance.edge_type
        assert instance.start_node
        assert instance.end_node
        fields.update(type=instance.edge_type, start_node=instance.start_node, end_node=instance.end_node)
    if instance.view is None:
        return rt.EdgeWrite.model_validate(fields)
    cls, names = _write_class(module, ir, instance.view, instance.instance_type)
    fields.update({names[key]: value for key, value in instance.properties.items()})
    return cls.model_validate(fields)


def to_sdk_writes(data: MockData | Sequence[MockInstance], module: ModuleType, ir: SdkIR) -> list[Any]:
    """The write objects of the generated SDK ``module`` (generated from ``ir``) for these instances, in
    the same order: ``client.upsert(to_sdk_writes(data, sdk, ir))``. An edge without an edge view becomes
    a plain ``pygen_runtime.EdgeWrite``."""
    instances = data.instances if isinstance(data, MockData) else data
    return [_sdk_write(i, module, ir) for i in instances]
