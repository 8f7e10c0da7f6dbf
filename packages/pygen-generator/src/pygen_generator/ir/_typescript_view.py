"""TypeScript decisions that need the whole SDK: the edge shape of `usedFor: all` views and view headers.

Edge shapes: the runtime's `ViewSpec.usedFor` is one kind, so a `usedFor: all` view (CogniteCore's
`CogniteDescribable`) gets a second module for its edges, as Python gets `X` and `XEdge` classes: the
same view id, `XEdge`, `X_EDGE_VIEW`, `x-edge.ts`, client getter `xEdge` (a name taken anyway gets a
number). Edge views implementing an `all` view implement its edge shape; the backend builds the shapes
(backends/typescript/_edge_twins.py) with the names decided here.

Headers: the comment at the top of a view module, one sentence chosen by what matters most about the view:
an edge view says whose edges it describes; an interface says who implements it; a view declaring edge
types or reverse relations names its connections (declared in the spec: `include` expands them,
`query().follow` follows them) or, without connection declarations, says how they are read; otherwise
the first clause of the model's description. Each view gets both variants (`header`, `plain_header`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pygen_generator.ir._model import TypeScriptViewIR, ViewIR, ViewRef

__all__ = ["EDGE_SUFFIX", "typescript_views"]

EDGE_SUFFIX = "Edge"


@dataclass(frozen=True)
class _Key:
    ref: ViewRef
    edge_shape: bool = False


@dataclass(frozen=True)
class _Edge:
    field_name: str
    edge_type_const: str
    direction: str
    other: _Key
    edge_source: _Key | None
    inherited: bool


@dataclass(frozen=True)
class _Reverse:
    field_name: str
    other: _Key
    through_field: str | None
    multi: bool
    inherited: bool


@dataclass(frozen=True)
class _Shape:
    """A view module as its header speaks of it: a view's node (or only) shape, or an edge shape."""

    key: _Key
    used_for: str  # node | edge
    type_name: str
    implements: tuple[_Key, ...]
    description: str | None
    connections: tuple[_Edge | _Reverse, ...]
    edge_type_constants: tuple[tuple[str, str], ...]  # (constant, edge type externalId)

    @property
    def edges(self) -> tuple[_Edge, ...]:
        return tuple(c for c in self.connections if isinstance(c, _Edge))

    @property
    def reverses(self) -> tuple[_Reverse, ...]:
        return tuple(c for c in self.connections if isinstance(c, _Reverse))


def typescript_views(views: Sequence[ViewIR]) -> dict[ViewRef, TypeScriptViewIR]:
    """Each view's `TypeScriptViewIR` with its headers and, for `usedFor: all` views, its edge shape."""
    both = {v.ref for v in views if v.used_for == "all"}
    names = _Names([v.typescript for v in views])

    def edge_side(ref: ViewRef | None) -> _Key | None:
        return None if ref is None else _Key(ref, ref in both)

    shapes: list[_Shape] = []
    edge_names: dict[ViewRef, TypeScriptViewIR] = {}
    for view in views:
        connections: list[_Edge | _Reverse] = []
        for prop in view.properties:
            if prop.edge is not None:
                edge = prop.edge
                connections.append(
                    _Edge(
                        prop.typescript.name,
                        edge.edge_type.typescript_const,
                        edge.direction,
                        _Key(edge.other),
                        edge_side(edge.edge_source),
                        prop.inherited,
                    )
                )
            elif prop.reverse is not None:
                rev = prop.reverse
                connections.append(
                    _Reverse(
                        prop.typescript.name,
                        _Key(rev.other),
                        rev.through_typescript_field,
                        rev.multi,
                        prop.inherited,
                    )
                )
        node = _Shape(
            key=_Key(view.ref),
            used_for="edge" if view.used_for == "edge" else "node",
            type_name=view.typescript.type_name,
            implements=tuple(
                (edge_side(r) or _Key(r)) if view.used_for == "edge" else _Key(r) for r in view.implements
            ),
            description=view.description,
            connections=tuple(connections),
            edge_type_constants=tuple((e.typescript_const, e.external_id) for e in view.edge_types),
        )
        shapes.append(node)
        if view.ref not in both:
            continue
        ts = view.typescript
        edge_names[view.ref] = TypeScriptViewIR(
            module=names.unique("module", f"{ts.module}-edge"),
            type_name=names.unique("type", f"{ts.type_name}{EDGE_SUFFIX}"),
            client_property=names.unique("getter", f"{ts.client_property}{EDGE_SUFFIX}"),
            view_const=names.unique("spec", f"{ts.view_const.removesuffix('_VIEW')}_EDGE_VIEW"),
        )
        shapes.append(
            replace(
                node,
                key=_Key(view.ref, True),
                used_for="edge",
                type_name=edge_names[view.ref].type_name,
                implements=tuple(edge_side(r) or _Key(r) for r in view.implements),
                connections=(),
                edge_type_constants=(),
            )
        )
    by_key = {shape.key: shape for shape in shapes}
    out: dict[ViewRef, TypeScriptViewIR] = {}
    for view in views:
        edge_shape = edge_names.get(view.ref)
        if edge_shape is not None:
            edge_shape = _with_headers(edge_shape, by_key[_Key(view.ref, True)], by_key)
        out[view.ref] = replace(
            _with_headers(view.typescript, by_key[_Key(view.ref)], by_key), edge_shape=edge_shape
        )
    return out


def _with_headers(ts: TypeScriptViewIR, shape: _Shape, by_key: dict[_Key, _Shape]) -> TypeScriptViewIR:
    return replace(
        ts,
        header=_header(shape, by_key, connections=True),
        plain_header=_header(shape, by_key, connections=False),
    )


class _Names:
    """Names already taken in the SDK; an edge shape's name that clashes gets a number (`XEdge2`)."""

    def __init__(self, views: Sequence[TypeScriptViewIR]) -> None:
        self._taken = {
            "type": {v.type_name for v in views},
            "spec": {v.view_const for v in views},
            "module": {v.module for v in views},
            "getter": {v.client_property for v in views},
        }

    def unique(self, kind: str, name: str) -> str:
        taken = self._taken[kind]
        candidate, n = name, 2
        while candidate in taken:
            candidate = f"{name}{n}" if kind != "spec" else f"{name.removesuffix('_VIEW')}{n}_VIEW"
            n += 1
        taken.add(candidate)
        return candidate


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ancestors(view: _Shape, by_key: dict[_Key, _Shape]) -> list[_Shape]:
    out: list[_Shape] = []
    for key in view.implements:
        parent = by_key.get(key)
        if parent is None:
            continue
        for ancestor in [*_ancestors(parent, by_key), parent]:
            if ancestor not in out:
                out.append(ancestor)
    return out


def _header(view: _Shape, by_key: dict[_Key, _Shape], *, connections: bool) -> str:
    parents = [by_key[k] for k in view.implements if k in by_key]
    text = f"{view.type_name} ({view.key.ref.label})"
    if parents:
        text += ", implements " + _names([p.type_name for p in parents])
        further = [a.type_name for a in _ancestors(view, by_key) if a not in parents]
        if further:
            return text + f" (and through it {_names(further)})."
    details = (
        (_edge_view, _interface, _connected) if connections else (_edge_view, _interface, _edges, _reverses)
    )
    for detail in details:
        sentence = detail(view, by_key)
        if sentence:
            return text + sentence
    if view.description:
        first = view.description.split(";")[0].strip().rstrip(".")
        return f"{text}: {first[:1].lower()}{first[1:]}."
    return text + "."


def _edge_view(view: _Shape, by_key: dict[_Key, _Shape]) -> str | None:
    """`: the properties of `certified` edges (type CERTIFIED), Operator.certifications → Equipment.x.`"""
    if view.used_for != "edge":
        return None
    uses = [
        (other, edge)
        for other in by_key.values()
        for edge in other.edges
        if edge.edge_source == view.key and not edge.inherited
    ]
    if not uses:
        return None
    const = uses[0][1].edge_type_const
    starts = [f"{o.type_name}.{e.field_name}" for o, e in uses if e.direction == "outwards"]
    ends = [f"{o.type_name}.{e.field_name}" for o, e in uses if e.direction == "inwards"]
    route = " → ".join(part for part in (_names(starts), _names(ends)) if part)
    return f": the properties of `{_edge_type_id(by_key, const)}` edges (type {const}), {route}."


def _edge_type_id(by_key: dict[_Key, _Shape], const: str) -> str:
    for other in by_key.values():
        for name, external_id in other.edge_type_constants:
            if name == const:
                return external_id
    return const


def _interface(view: _Shape, by_key: dict[_Key, _Shape]) -> str | None:
    """`: an interface view, implemented by Equipment and Facility.` (a root other views implement)."""
    children = [v.type_name for v in by_key.values() if view.key in v.implements]
    if view.implements or not children:
        return None
    return f": an interface view, implemented by {_names(sorted(children))}."


def _connected(view: _Shape, by_key: dict[_Key, _Shape]) -> str | None:
    """`. Connections: `a` and `b` (expand them with include, follow them with query()).` Where the
    view declares edge types or reverse relations, as `_edges` and `_reverses` would speak."""
    if _edges(view, by_key) is None and _reverses(view, by_key) is None:
        return None
    names = [f"`{c.field_name}`" for c in view.connections if not c.inherited and c.other in by_key]
    if not names:
        return None
    return f". Connections: {_names(names)} (expand them with include, follow them with query())."


def _edges(view: _Shape, by_key: dict[_Key, _Shape]) -> str | None:
    """How the edges of the types this view declares are read (only where the constants live)."""
    declared = {name for name, _ in view.edge_type_constants}
    edges = [e for e in view.edges if e.edge_type_const in declared and not e.inherited]
    if not edges:
        return None
    with_props = [e for e in edges if e.edge_source is not None]
    plain = sorted((e for e in edges if e.edge_source is None), key=lambda e: e.direction != "outwards")
    parts: list[str] = []
    for edge in with_props:
        source = by_key.get(edge.edge_source) if edge.edge_source else None
        api = f"{source.type_name}API" if source else "its edge view"
        parts.append(
            f"Edges `{edge.field_name}` (with properties, type {edge.edge_type_const}) are read through {api}"
        )
    if plain:
        listed = _names([_plain(e) for e in plain])
        end = "startNode" if plain[0].direction == "outwards" else "endNode"
        call = f"`client.edges({{ type: {plain[0].edge_type_const}, {end} }})`"
        verb = "is a plain edge" if len(plain) == 1 else "are plain edges"
        lead = "" if parts else "Edges "
        parts.append(f"{lead}{listed} {verb}, read with {call}")
    return ". " + "; ".join(parts) + "."


def _plain(edge: _Edge) -> str:
    incoming = "the incoming " if edge.direction == "inwards" else ""
    return f"{incoming}`{edge.field_name}` ({edge.edge_type_const})"


def _reverses(view: _Shape, by_key: dict[_Key, _Shape]) -> str | None:
    """`. Reverse relations `a` and `b` are read through XAPI with `XFields.f` / `.g`.`"""
    reverses = [r for r in view.reverses if r.multi and r.through_field and not r.inherited]
    others = {r.other for r in reverses}
    if not reverses or len(others) != 1:
        return None
    other = by_key.get(reverses[0].other)
    if other is None:
        return None
    fields = [f"`{other.type_name}Fields.{reverses[0].through_field}`"]
    fields += [f"`.{r.through_field}`" for r in reverses[1:]]
    names = _names([f"`{r.field_name}`" for r in reverses])
    noun = "Reverse relations" if len(reverses) > 1 else "Reverse relation"
    verb = "are" if len(reverses) > 1 else "is"
    return f". {noun} {names} {verb} read through {other.type_name}API with {' / '.join(fields)}."
