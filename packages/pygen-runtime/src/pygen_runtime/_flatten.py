"""Nested writes (docs/connections.md §5): a write object may hold other write objects in its direct
relations and edge connections; ``upsert`` flattens them into nodes and edges before validating and
sending: nested nodes depth first, in field order, then the edges (the view's edge type, the owner's
space, a deterministic external id unless given)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, get_args

from pygen_runtime._connections import ConnectionEdgeWrite, EdgeConnection, edge_external_id, fields_class_of
from pygen_runtime._errors import ValidationError
from pygen_runtime._ids import InstanceId, to_instance_id
from pygen_runtime._instances import EdgeWrite, WriteBase

__all__ = ["EdgeIdFunction", "flatten"]

EdgeIdFunction = Callable[[InstanceId, InstanceId, InstanceId], str]


def _mentions_write(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, (WriteBase, InstanceId)):
        return True
    return any(_mentions_write(a) for a in get_args(annotation))


@cache
def _nestable(cls: type[WriteBase]) -> tuple[str, ...]:
    """The properties of a write class that may hold write objects (its direct relations), in field order."""
    return tuple(n for n in cls._property_ids if _mentions_write(cls.model_fields[n].annotation))


def _has_nested(item: WriteBase) -> bool:
    fields = item.model_fields_set
    return bool(item._connection_names & fields) or not fields.isdisjoint(_nestable(type(item)))


def flatten(items: Sequence[WriteBase], edge_id: EdgeIdFunction | None = None) -> list[WriteBase]:
    """The nodes (given and nested, depth first) then the edges that ``items`` describe. Items without
    nested values come back as they are."""
    return flatten_with_paths(items, edge_id)[0]


def flatten_with_paths(
    items: Sequence[WriteBase], edge_id: EdgeIdFunction | None = None
) -> tuple[list[WriteBase], list[str] | None]:
    """``flatten`` and where each instance came from (``items[0].installations[1]``); ``None`` when nothing
    was nested (the positions are then the items')."""
    if not any(isinstance(i, WriteBase) and _has_nested(i) for i in items):
        if edge_id is not None and not callable(edge_id):
            raise TypeError(f"edge_external_id must be a function (start, type, end) -> str, got {edge_id!r}")
        return list(items), None
    make_id = edge_id or edge_external_id
    if not callable(make_id):
        raise TypeError(f"edge_external_id must be a function (start, type, end) -> str, got {edge_id!r}")
    nodes: list[WriteBase] = []
    paths: list[str] = []
    edges: list[tuple[WriteBase, str]] = []
    where: dict[tuple[str, str, str], tuple[str, WriteBase]] = {}

    def add(item: WriteBase, path: str) -> None:
        key = (item._instance_type, item.space, item.external_id)
        known = where.get(key)
        if known is not None and ("." in path or "." in known[0]):
            if known[1].dump() != item.dump():
                raise ValidationError(
                    f"{path} and {known[0]} are the same {key[0]} {item.space}:{item.external_id} with different "
                    "values: write it once"
                )
            return
        where.setdefault(key, (path, item))
        nodes.append(item)
        paths.append(path)

    def visit(item: WriteBase, path: str) -> None:
        if not isinstance(item, WriteBase):
            raise TypeError(f"{path} is a {type(item).__name__}: expected a write object or an id")
        fields = item.model_fields_set
        nested: list[tuple[WriteBase, str]] = []
        updates: dict[str, Any] = {}
        for name in (n for n in _nestable(type(item)) if n in fields):
            value = getattr(item, name)
            if isinstance(value, WriteBase):
                nested.append((value, f"{path}.{name}"))
                updates[name] = value.id
            elif isinstance(value, list) and any(isinstance(v, WriteBase) for v in value):
                nested.extend(
                    (v, f"{path}.{name}[{j}]") for j, v in enumerate(value) if isinstance(v, WriteBase)
                )
                updates[name] = [v.id if isinstance(v, WriteBase) else v for v in value]
        add(item.model_copy(update=updates) if updates else item, path)
        for child, child_path in nested:
            visit(child, child_path)
        for name in sorted(item._connection_names & fields, key=list(type(item).model_fields).index):
            value = getattr(item, name)
            if value is None:
                continue
            connection = _connection(item, name, path)
            values = value if isinstance(value, list) else [value]
            for j, entry in enumerate(values):
                entry_path = f"{path}.{name}[{j}]" if isinstance(value, list) else f"{path}.{name}"
                edges.append((_edge(item, connection, entry, entry_path, make_id, visit), entry_path))

    for i, item in enumerate(items):
        visit(item, f"items[{i}]")
    for edge, path in edges:
        add(edge, path)
    return nodes, paths


def _connection(item: WriteBase, name: str, path: str) -> EdgeConnection[Any, Any, Any, Any]:
    fields = fields_class_of(type(item))
    connection = None if fields is None else getattr(fields, name, None)
    if not isinstance(connection, EdgeConnection):
        raise TypeError(
            f"{path}.{name}: {type(item).__name__} has no edge connection {name!r} declared on its fields class "
            "(a view API class names the read, write and fields classes)"
        )
    return connection


def _edge(
    owner: WriteBase,
    connection: EdgeConnection[Any, Any, Any, Any],
    entry: Any,
    path: str,
    make_id: EdgeIdFunction,
    visit: Callable[[WriteBase, str], None],
) -> WriteBase:
    properties: dict[str, Any] = {}
    space, external_id, existing_version = owner.space, None, None
    node = entry
    if isinstance(entry, ConnectionEdgeWrite):
        node = entry.node
        space = entry.space or space
        external_id, existing_version = entry.external_id, entry.existing_version
        if entry.properties is not None:
            props = entry.properties
            properties = {n: getattr(props, n) for n in props.model_fields_set}
        path = f"{path}.node"
    if isinstance(node, WriteBase):
        visit(node, path)
        far = node.id
    else:
        far = to_instance_id(node, what=path)
    start, end = (owner.id, far) if connection.direction == "outwards" else (far, owner.id)
    edge_classes = connection.edge_classes()
    edge_cls = EdgeWrite if edge_classes is None or edge_classes[1] is None else edge_classes[1]
    if properties and edge_classes is None:
        raise ValidationError(
            f"{path}: connection {connection.name!r} has no edge view: its edges take no properties"
        )
    edge_xid = external_id or make_id(start, connection.type, end)
    if not isinstance(edge_xid, str):
        raise TypeError(f"{path}: edge_external_id returned {edge_xid!r}, not a str")
    data: dict[str, Any] = {
        "space": space,
        "external_id": edge_xid,
        "type": connection.type,
        "start_node": start,
        "end_node": end,
        **properties,
    }
    if existing_version is not None:
        data["existing_version"] = existing_version
    return edge_cls.model_validate(data)
