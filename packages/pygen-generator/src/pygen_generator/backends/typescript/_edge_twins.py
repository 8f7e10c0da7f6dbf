"""`usedFor: all` views get an edge shape beside their node shape, as the Python backend gives them an
edge class set (`CogniteDescribable` and `CogniteDescribableEdge`).

The runtime's `ViewSpec.usedFor` is one kind, so the edge shape is a second view of the SDK, a
*twin*: the same view id, `usedFor: "edge"`, in its own module (`cognite-describable-edge.ts`) with
`XEdge`, `XEdgeWrite`, `XEdgeFields`, `XEdgeAPI`, `X_EDGE_VIEW` and the client getter `xEdge`. Edge
views that implement an `all` view implement its twin, so their filters and types stay those of
edges; nodes and direct relations keep pointing at the node shape. Twins declare no connections
(edges have none) and no edge types (the node shape's module does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pygen_generator.backends.typescript._input import EdgeIn, ViewIn, ViewKey

EDGE_SUFFIX = "Edge"


def twin_key(key: ViewKey) -> ViewKey:
    return replace(key, edge_twin=True)


def node_key(key: ViewKey) -> ViewKey:
    """The node shape of a twin (a twin is built after it, so enums are declared there)."""
    return replace(key, edge_twin=False)


def with_edge_twins(views: Iterable[ViewIn]) -> tuple[ViewIn, ...]:
    views = tuple(views)
    both = {v.key for v in views if v.used_for == "all"}
    if not both:
        return views
    names = _Names(views)

    def edge_side(key: ViewKey | None) -> ViewKey | None:
        return twin_key(key) if key in both and key is not None else key

    out: list[ViewIn] = []
    for view in views:
        connections = tuple(
            replace(c, edge_source=edge_side(c.edge_source)) if isinstance(c, EdgeIn) else c
            for c in view.connections
        )
        implements = (
            tuple(edge_side(k) or k for k in view.implements) if view.used_for == "edge" else view.implements
        )
        view = replace(
            view, used_for="node" if view.used_for == "all" else view.used_for, connections=connections
        )
        out.append(replace(view, implements=implements))
        if view.key not in both:
            continue
        type_name = names.unique("type", f"{view.type_name}{EDGE_SUFFIX}")
        out.append(
            replace(
                view,
                key=twin_key(view.key),
                used_for="edge",
                implements=tuple(edge_side(k) or k for k in view.implements),
                type_name=type_name,
                spec_name=names.unique("spec", f"{view.spec_name.removesuffix('_VIEW')}_EDGE_VIEW"),
                module=names.unique("module", f"{view.module}-edge"),
                getter=names.unique("getter", f"{view.getter}{EDGE_SUFFIX}"),
                connections=(),
                edge_type_constants=(),
                node_type=None,  # a node type is a node fact: the edge shape writes edges
            )
        )
    return tuple(out)


class _Names:
    """Names already taken in the SDK; a twin's name that clashes gets a number (`XEdge2`)."""

    def __init__(self, views: tuple[ViewIn, ...]) -> None:
        self._taken = {
            "type": {v.type_name for v in views},
            "spec": {v.spec_name for v in views},
            "module": {v.module for v in views},
            "getter": {v.getter for v in views},
        }

    def unique(self, kind: str, name: str) -> str:
        taken = self._taken[kind]
        candidate, n = name, 2
        while candidate in taken:
            candidate = f"{name}{n}" if kind != "spec" else f"{name.removesuffix('_VIEW')}{n}_VIEW"
            n += 1
        taken.add(candidate)
        return candidate
