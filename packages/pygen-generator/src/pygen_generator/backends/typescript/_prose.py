"""The comment at the top of a view module: what the view is and how to reach what it connects to.

One sentence, chosen by what matters most about the view: an edge view says whose edges it describes;
an interface says who implements it; a view declaring edge types or reverse relations names its
connections (declared in the spec: `include` expands them, `query().follow` follows them) or, without
connection declarations, says how they are read; otherwise the first clause of the model's description.
"""

from __future__ import annotations

from pygen_generator.backends.typescript._input import EdgeIn, ViewIn, ViewKey


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ancestors(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> list[ViewIn]:
    out: list[ViewIn] = []
    for key in view.implements:
        parent = by_key.get(key)
        if parent is None:
            continue
        for ancestor in [*_ancestors(parent, by_key), parent]:
            if ancestor not in out:
                out.append(ancestor)
    return out


def view_header(view: ViewIn, by_key: dict[ViewKey, ViewIn], *, connections: bool = True) -> str:
    parents = [by_key[k] for k in view.implements if k in by_key]
    text = f"{view.type_name} ({view.key.label()})"
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


def _edge_view(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str | None:
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
    return f": the properties of `{_edge_type_id(view, by_key, const)}` edges (type {const}), {route}."


def _edge_type_id(view: ViewIn, by_key: dict[ViewKey, ViewIn], const: str) -> str:
    for other in by_key.values():
        for constant in other.edge_type_constants:
            if constant.const_name == const:
                return constant.external_id
    return const


def _interface(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str | None:
    """`: an interface view, implemented by Equipment and Facility.` (a root other views implement)."""
    children = [v.type_name for v in by_key.values() if view.key in v.implements]
    if view.implements or not children:
        return None
    return f": an interface view, implemented by {_names(sorted(children))}."


def _connected(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str | None:
    """`. Connections: `a` and `b` (expand them with include, follow them with query()).` Where the
    view declares edge types or reverse relations, as `_edges` and `_reverses` would speak."""
    if _edges(view, by_key) is None and _reverses(view, by_key) is None:
        return None
    names = [f"`{c.field_name}`" for c in view.connections if not c.inherited and c.other in by_key]
    if not names:
        return None
    return f". Connections: {_names(names)} (expand them with include, follow them with query())."


def _edges(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str | None:
    """How the edges of the types this view declares are read (only where the constants live)."""
    declared = {c.const_name for c in view.edge_type_constants}
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


def _plain(edge: EdgeIn) -> str:
    incoming = "the incoming " if edge.direction == "inwards" else ""
    return f"{incoming}`{edge.field_name}` ({edge.edge_type_const})"


def _reverses(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str | None:
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
