"""`usedFor: all` views get an edge shape beside their node shape, as the Python backend gives them an
edge class set (`CogniteDescribable` and `CogniteDescribableEdge`).

The runtime's `ViewSpec.usedFor` is one kind, so the edge shape is a second view of the SDK, a
*twin*: the same view id, `usedFor: "edge"`, in its own module (`cognite-describable-edge.ts`) with
`XEdge`, `XEdgeWrite`, `XEdgeFields`, `XEdgeAPI`, `X_EDGE_VIEW` and the client getter `xEdge` (names
and header decided in the IR: `TypeScriptViewIR.edge_shape`, ir/_typescript_view.py). Edge
views that implement an `all` view implement its twin, so their filters and types stay those of
edges; nodes and direct relations keep pointing at the node shape. Twins declare no connections
(edges have none) and no edge types (the node shape's module does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pygen_generator.backends.typescript._input import EdgeIn, ViewIn, ViewKey


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
        names = view.edge_shape
        if names is None:
            raise ValueError(f"{view.key.label()}: a usedFor all view without the names of its edge shape")
        out.append(
            replace(
                view,
                key=twin_key(view.key),
                used_for="edge",
                implements=tuple(edge_side(k) or k for k in view.implements),
                type_name=names.type_name,
                spec_name=names.spec_name,
                module=names.module,
                getter=names.getter,
                header=names.header,
                plain_header=names.plain_header,
                connections=(),
                edge_type_constants=(),
                node_type=None,  # a node type is a node fact: the edge shape writes edges
                edge_shape=None,
            )
        )
    return tuple(out)
