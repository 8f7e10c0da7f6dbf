"""A view's ``filter`` and what an instance written through the view needs for the view to show it.

CDF lists, searches and aggregates a view's instances through its filter (absent: ``hasData`` on the
containers it maps). A write that ignores the filter can be read back by id and never listed: cognite-pygen
v1's write classes therefore default ``node_type`` to the one the filter asks for. This is a small, honest
solver over the filter's top-level ``and``: it pins the node type (``equals`` on ``["node", "type"]``, or
a value of an ``in``: see ``_Solver.choose``) and property values (``equals`` / the first value of an ``in`` on a property
the view maps), accepts ``hasData`` on what the view maps and ``matchAll``, and records every other part
(``or``, ``not``, ranges, properties the view does not map, conflicting pins, ...) in ``unsatisfied``
with the reason, instead of guessing.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from pygen_generator.ir._model import (
    ContainerPropertyRef,
    NodeTypeIR,
    PinnedValueIR,
    PropertyIR,
    ViewFilterIR,
    ViewRef,
)

__all__ = ["claimed_node_types", "guaranteed_containers", "solve_filter"]

ContainerKey = tuple[str, str]  # (space, externalId)

_SHOWN = 120  # characters of a filter part quoted in a reason


def _show(part: object) -> str:
    text = json.dumps(part, sort_keys=True)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _parts(filter_: Mapping[str, Any]) -> list[Any]:
    """The conjuncts of the filter: nested ``and`` lists flattened."""
    if list(filter_) == ["and"] and isinstance(filter_["and"], list):
        out: list[Any] = []
        for part in filter_["and"]:
            out += _parts(part) if isinstance(part, dict) else [part]
        return out
    return [filter_]


def claimed_node_types(filters: Mapping[ViewRef, Mapping[str, Any] | None]) -> dict[ViewRef, NodeTypeIR]:
    """View -> the node type its filter asks for with an ``equals`` on ``["node", "type"]`` (top-level ``and``)."""
    out: dict[ViewRef, NodeTypeIR] = {}
    for view, filter_ in filters.items():
        for part in _parts(filter_) if filter_ else []:
            body = part.get("equals") if isinstance(part, dict) else None
            if isinstance(body, dict) and body.get("property") == ["node", "type"]:
                found = _node_ref(body.get("value"))
                if found is not None:
                    out[view] = found
    return out


def guaranteed_containers(
    filter_: Mapping[str, Any] | None,
    mapped: Collection[ContainerKey],
    views: Mapping[ViewRef, Collection[ContainerKey]],
) -> frozenset[ContainerKey]:
    """The containers every instance a view lists, searches or aggregates has data in.

    Without a filter CDF applies ``hasData`` on the containers the view maps (``mapped``): all of them. A
    filter replaces that default: only a ``hasData`` part of its top-level ``and`` still guarantees data,
    in the container it names, or, naming a view, in what that view guarantees (``views``: the views
    already decided, parents first; another view means nothing here). A ``hasData`` with several
    references guarantees nothing: whether CDF needs all of them or one is not settled (dms-api.md §8).
    Node type, ``or``, ``in``, ranges... select nodes that may have no data in the view's containers.
    """
    if not filter_:
        return frozenset(mapped)
    out: set[ContainerKey] = set()
    for part in _parts(filter_):
        refs = part.get("hasData") if isinstance(part, dict) and len(part) == 1 else None
        if not isinstance(refs, list) or len(refs) != 1 or not isinstance(refs[0], dict):
            continue
        (item,) = refs
        space, external_id = item.get("space"), item.get("externalId")
        if not isinstance(space, str) or not isinstance(external_id, str):
            continue
        if item.get("type") == "container" or "version" not in item:
            out.add((space, external_id))
        else:
            out.update(views.get(ViewRef(space, external_id, str(item.get("version"))), ()))
    return frozenset(out)


def _node_ref(value: object) -> NodeTypeIR | None:
    if (
        isinstance(value, dict)
        and isinstance(value.get("space"), str)
        and isinstance(value.get("externalId"), str)
    ):
        return NodeTypeIR(value["space"], value["externalId"])
    return None


class _Solver:
    def __init__(
        self,
        view: ViewRef,
        declared: Sequence[ViewRef],
        properties: Sequence[PropertyIR],
        claimed: Collection[NodeTypeIR],
    ) -> None:
        self.view = view
        self.claimed = claimed
        self.declared = {(r.space, r.external_id, r.version) for r in (view, *declared)}
        self.mapped = [p for p in properties if p.kind == "mapped" and p.container is not None]
        self.containers = {(p.container.space, p.container.external_id) for p in self.mapped if p.container}
        self.node_type: NodeTypeIR | None = None
        self.values: dict[str, PinnedValueIR] = {}
        self.unsatisfied: list[str] = []

    def no(self, part: object, why: str) -> None:
        self.unsatisfied.append(f"{_show(part)}: {why}")

    def part(self, part: Any) -> None:
        if not isinstance(part, dict) or len(part) != 1:
            self.no(part, "not a filter with one operator")
            return
        ((kind, body),) = part.items()
        if kind == "matchAll":
            return
        if kind == "hasData":
            self.has_data(part, body)
        elif kind in ("equals", "in") and isinstance(body, dict):
            values = [body.get("value")] if kind == "equals" else body.get("values")
            if not isinstance(values, list) or not values or not isinstance(body.get("property"), list):
                self.no(part, f"an {kind} without a property and a value")
            else:
                self.pin(part, body["property"], values)
        else:
            self.no(part, f"{kind!r} is not solved (only and, equals, in, hasData and matchAll are)")

    def has_data(self, part: object, refs: object) -> None:
        for item in refs if isinstance(refs, list) else [refs]:
            if not isinstance(item, dict):
                self.no(part, "a hasData reference that is not an object")
            elif item.get("type") == "container" or "version" not in item:
                if (item.get("space"), item.get("externalId")) not in self.containers:
                    self.no(
                        part,
                        f"the view maps no property of container {item.get('space')}:{item.get('externalId')}",
                    )
            elif (item.get("space"), item.get("externalId"), item.get("version")) not in self.declared:
                self.no(part, "data in a view that this view neither is nor implements")

    def pin(self, part: object, path: list[Any], values: list[Any]) -> None:
        if path == ["node", "type"]:
            found = _node_ref(self.choose(values))
            if found is None:
                self.no(part, "a node type that is not {space, externalId}")
            elif self.node_type is not None and self.node_type != found:
                self.no(part, f"conflicts with node type {self.node_type.space}:{self.node_type.external_id}")
            else:
                self.node_type = found
            return
        prop = self.property(path)
        if prop is None:
            self.no(part, "a property this view does not map (writes through the view cannot set it)")
        elif prop.read_only:
            self.no(part, f"property {prop.id} is read only")
        elif prop.id in self.values and self.values[prop.id].value != values[0]:
            self.no(part, f"conflicts with {prop.id} = {self.values[prop.id].value!r}")
        else:
            self.values[prop.id] = PinnedValueIR(prop.id, values[0])

    def choose(self, values: list[Any]) -> Any:
        """The node type of an ``in`` to write: the first no other view claims with an ``equals`` (a node of
        that type would show in that view, without its data: OmniMultiB's SubInterface and Implementation1),
        else the first."""
        free = [v for v in values if _node_ref(v) not in self.claimed]
        return (free or values)[0]

    def property(self, path: list[Any]) -> PropertyIR | None:
        """The mapped property a ``[space, container or "view/version", property]`` reference names."""
        if len(path) != 3 or not all(isinstance(p, str) for p in path):
            return None
        space, middle, name = path
        if "/" in middle:
            external_id, _, version = middle.partition("/")
            if (space, external_id, version) not in self.declared:
                return None
            return next((p for p in self.mapped if p.id == name), None)
        wanted = ContainerPropertyRef(space, middle, name)
        return next((p for p in self.mapped if p.container == wanted), None)


def solve_filter(
    view: ViewRef,
    declared: Sequence[ViewRef],
    properties: Sequence[PropertyIR],
    filter_: Mapping[str, Any] | None,
    claimed: Collection[NodeTypeIR] = (),
) -> ViewFilterIR | None:
    """What writes through ``view`` (implementing ``declared``, with ``properties``) need to meet
    ``filter_``; ``None`` when the view has no filter. ``claimed``: the node types other views of the SDK
    ask for with an ``equals`` (see ``_Solver.choose``)."""
    if not filter_:
        return None
    solver = _Solver(view, declared, properties, claimed)
    for part in _parts(filter_):
        solver.part(part)
    return ViewFilterIR(
        filter=dict(filter_),
        node_type=solver.node_type,
        values=tuple(solver.values.values()),
        unsatisfied=tuple(solver.unsatisfied),
    )
