"""What reads give back once mock data is written: which nodes a view shows, and what each connection of a
mocked node reaches (edges both ways, reverse direct relations, direct relations). The end-to-end tests of
the generated SDKs (Python and TypeScript) compare their reads with these.

A view shows a node when the node meets the view's filter (``ViewIR.filter``: node type, pinned values,
``hasData``; evaluated on what the mock data wrote) or, without a filter, when the node has data in every
container the view maps. A view whose filter has parts the IR could not solve is not decided here
(:meth:`MockReads.decides` is false): the tests skip what depends on it and say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pygen_generator.ir import ContainerPropertyRef, PropertyIR, SdkIR, ViewIR, ViewRef
from pygen_generator.mock._compare import differences
from pygen_generator.mock._generate import MockData, MockInstance

__all__ = ["MockReads", "NodeId", "sdk_connections"]

NodeId = tuple[str, str]


def _targets(value: Any) -> set[NodeId]:
    """The node ids of a direct relation's value as mock data writes it (one reference, a list, or None)."""
    refs = value if isinstance(value, list) else [value]
    return {(r["space"], r["externalId"]) for r in refs if isinstance(r, dict)}


class MockReads:
    """Reads of ``data`` (made by :func:`generate_mock_data` from ``ir``) as CDF answers them."""

    def __init__(self, ir: SdkIR, data: MockData) -> None:
        self.views = {v.ref: v for v in ir.views}
        self.containers = {
            v.ref: {(p.container.space, p.container.external_id) for p in v.properties if p.container}
            for v in ir.views
        }
        self.nodes: dict[NodeId, MockInstance] = {n.id: n for n in data.nodes}
        self.edges = data.edges

    def decides(self, view: ViewRef) -> bool:
        """Whether :meth:`shows` can say which nodes ``view`` shows (its filter, if any, was solved)."""
        found = self.views.get(view)
        return found is not None and (found.filter is None or found.filter.satisfiable)

    def shows(self, view: ViewRef, node: NodeId) -> bool:
        instance = self.nodes.get(node)
        target = self.views.get(view)
        if instance is None or instance.view is None or target is None:
            return False
        if target.filter is not None:
            return self._meets(target.filter.filter, target, instance)
        wanted = self.containers.get(view) or set()
        return instance.view == view or (bool(wanted) and wanted <= self.containers[instance.view])

    def _meets(self, part: Any, view: ViewIR, node: MockInstance) -> bool:
        """``part`` of ``view``'s filter on what ``node`` was written with (only the forms the IR solves)."""
        ((kind, body),) = part.items()
        if kind == "and":
            return all(self._meets(p, view, node) for p in body)
        if kind == "matchAll":
            return True
        if kind == "hasData":
            assert node.view is not None
            mine = self.containers[node.view]
            for ref in body if isinstance(body, list) else [body]:
                if ref.get("type") == "container" or "version" not in ref:
                    if (ref["space"], ref["externalId"]) not in mine:
                        return False
                elif (
                    not self.containers.get(ViewRef(ref["space"], ref["externalId"], ref["version"]), set())
                    <= mine
                ):
                    return False
            return True
        values = [body["value"]] if kind == "equals" else list(body["values"])
        path = body["property"]
        if path == ["node", "type"]:
            written = (
                {"space": node.node_type[0], "externalId": node.node_type[1]} if node.node_type else None
            )
            return written in values
        return self._value(node, view, path) in values

    def _value(self, node: MockInstance, view: ViewIR, path: Sequence[str]) -> Any:
        """What ``node`` holds in the property ``path`` (a container or a view property of ``view``) names."""
        space, middle, name = path
        if "/" in middle:
            prop = next((p for p in view.properties if p.id == name), None)
            container = prop.container if prop is not None else None
        else:
            container = ContainerPropertyRef(space, middle, name)
        assert node.view is not None
        for prop in self.views[node.view].properties:
            if container is not None and prop.container == container:
                return node.expected.get(prop.id)
        return None

    def edge_ends(self, here: NodeId, prop: PropertyIR) -> dict[NodeId, str]:
        """The nodes ``prop`` (an edge connection) reaches from ``here`` -> the edge's external id."""
        edge = prop.edge
        assert edge is not None
        edge_type = (edge.edge_type.space, edge.edge_type.external_id)
        out: dict[NodeId, str] = {}
        for written in self.edges:
            if written.edge_type != edge_type or written.start_node is None or written.end_node is None:
                continue
            near, far = (
                (written.start_node, written.end_node)
                if edge.direction == "outwards"
                else (written.end_node, written.start_node)
            )
            if near == here and self.shows(edge.other, far):
                out[far] = written.external_id
        return out

    def edge_differences(self, external_id: str, dumped: dict[str, Any], field: str = "python") -> list[str]:
        """How an included edge's properties differ from what was written. ``dumped``: the read edge's
        properties by Python field name (``field="python"``) or by TypeScript field name (``"typescript"``)."""
        written = next(e for e in self.edges if e.external_id == external_id)
        if written.view is None:
            return []
        names = self.field_names(written.view, field)
        return differences(written.expected, {key: dumped.get(names[key]) for key in written.expected})

    def field_names(self, view: ViewRef, field: str = "python") -> dict[str, str]:
        """Wire id -> field name in the Python (``"python"``) or TypeScript (``"typescript"``) classes."""
        out: dict[str, str] = {}
        for p in self.views[view].properties:
            if field == "typescript":
                out[p.id] = p.typescript.name
            elif p.python is not None:
                out[p.id] = p.python.name
        return out

    def pointing_at(self, here: NodeId, prop: PropertyIR) -> set[NodeId]:
        """The nodes whose direct relation ``prop`` (a reverse direct relation) reverses points at ``here``."""
        reverse = prop.reverse
        assert reverse is not None
        through = next(p for p in self.views[reverse.other].properties if p.id == reverse.through_property)
        out: set[NodeId] = set()
        for node_id, node in self.nodes.items():
            if node.view is None or not self.shows(reverse.other, node_id):
                continue
            value = node.expected.get(self._same_property(node.view, through))
            if here in _targets(value):
                out.add(node_id)
        return out

    def direct_targets(self, nodes: Iterable[MockInstance], prop: PropertyIR) -> set[NodeId]:
        """The nodes the direct relation ``prop`` of ``nodes`` points at, where its target view shows them."""
        assert prop.direct_target is not None
        found = {t for n in nodes for t in _targets(n.expected.get(prop.id))}
        return {t for t in found if self.shows(prop.direct_target, t)}

    def _same_property(self, view: ViewRef, prop: PropertyIR) -> str:
        """The wire id ``view`` gives ``prop``'s container property (views may rename it)."""
        if prop.container is None:
            return prop.id
        wanted = prop.container
        return next((p.id for p in self.views[view].properties if p.container == wanted), prop.id)


def sdk_connections(view: ViewIR, views: dict[ViewRef, ViewIR]) -> list[PropertyIR]:
    """The connections the generated SDKs declare for ``view`` (the generator's rules: the other end is a
    node view of the SDK; a reverse relation's direct relation is a field there; a direct relation is
    typed)."""

    def node_view(ref: ViewRef | None) -> bool:
        other = views.get(ref) if ref is not None else None
        return other is not None and any(c.instance_type == "node" for c in other.python.classes)

    out: list[PropertyIR] = []
    for prop in view.properties:
        if prop.kind == "edge" and prop.edge is not None and prop.python_name:
            if prop.edge.other_in_sdk and node_view(prop.edge.other):
                out.append(prop)
        elif prop.kind == "reverse" and prop.reverse is not None and prop.python_name:
            reverse = prop.reverse
            if reverse.other_in_sdk and reverse.through_python_field and node_view(reverse.other):
                out.append(prop)
        elif prop.direct_target is not None and prop.python is not None and prop.python.filter_builder:
            out += [prop] if node_view(prop.direct_target) else []
    return out
