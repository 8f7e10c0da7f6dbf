"""The connection declarations of a Python view module (docs/connections.md; pygen-runtime's README).

Per view, from the IR's edges, reverse relations and direct-relation targets:

* the fields class declares each connection (``rt.EdgeConnection`` / ``rt.ReverseConnection``) and gives
  direct relations with a target view ``source=``, all pointing at the target's API class through a thunk;
* the read class has a field per connection (``rt.Many[...]``, ``rt.One[...]``, ``rt.ManyEdges[...]``,
  ``rt.OneEdge[...]``, ``rt.NOT_FETCHED`` until included);
* the write class has a field per edge connection (``rt.WriteMany[...]`` ... ``= rt.connection_field()``).

Other view modules are reached through ``rt.lazy_import`` (view modules import each other in cycles), with
the real import for type checkers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pygen_generator.ir import SdkIR, ViewIR
from pygen_generator.ir._layout import LINE_LENGTH, bracketed, python_string
from pygen_generator.ir._model import PropertyIR, PythonClassesIR, ViewRef

__all__ = ["ConnectionLines", "connection_lines"]


@dataclass
class ConnectionLines:
    """What a view module adds for its connections (lines are indented for a class body)."""

    modules: set[str] = field(default_factory=set)  # other view modules referred to
    fields: dict[str, str] = field(default_factory=dict)  # property id -> line of the fields class
    read: list[str] = field(default_factory=list)
    write: list[str] = field(default_factory=list)

    def import_block(self, package: str) -> list[str]:
        """``if TYPE_CHECKING: from pkg import m as _m`` / ``else: _m = rt.lazy_import("pkg.m")``."""
        if not self.modules:
            return []
        ordered = sorted(self.modules)
        lines = ["if TYPE_CHECKING:"]
        lines += [f"    from {package} import {m} as _{m}" for m in ordered]
        lines.append("else:")
        lines += [f"    _{m} = rt.lazy_import({python_string(f'{package}.{m}')})" for m in ordered]
        return lines


def _classes(view: ViewIR, kind: str) -> PythonClassesIR | None:
    return next((c for c in view.python.classes if c.instance_type == kind), None)


class _Names:
    """Qualified names of other views' classes, as this module refers to them."""

    def __init__(self, ir: SdkIR, view: ViewIR, out: ConnectionLines) -> None:
        self._by_ref = {v.ref: v for v in ir.views}
        self._module = view.python.module
        self._out = out

    def view(self, ref: ViewRef | None) -> ViewIR | None:
        return None if ref is None else self._by_ref.get(ref)

    def qualified(self, module: str, name: str) -> str:
        if module == self._module:
            return name
        self._out.modules.add(module)
        return f"_{module}.{name}"


def _field(name: str, annotation: str, default: str) -> str:
    """``    name: annotation = default`` laid out as ruff format does: on one line; else the default in
    parentheses; else the annotation's subscript split."""
    line = f"    {name}: {annotation} = {default}"
    if len(line) <= LINE_LENGTH:
        return line
    if len(f"    {name}: {annotation} = (") <= LINE_LENGTH:
        return f"    {name}: {annotation} = (\n        {default}\n    )"
    head, _, rest = annotation.partition("[")
    return bracketed("    ", f"{name}: {head}", rest[:-1].split(", "), f"] = {default}", open_="[")


def connection_lines(view: ViewIR, ir: SdkIR) -> ConnectionLines:
    out = ConnectionLines()
    names = _Names(ir, view, out)
    node = _classes(view, "node")
    if node is None:  # an edge-only view has no node connections
        return out
    for prop in view.properties:
        if prop.kind == "edge":
            _edge(prop, view, node, names, out)
        elif prop.kind == "reverse":
            _reverse(prop, node, names, out)
        elif prop.direct_target is not None and prop.python is not None and not prop.inherited:
            _direct(prop, names, out)
    return out


def _edge(prop: PropertyIR, view: ViewIR, node: PythonClassesIR, names: _Names, out: ConnectionLines) -> None:
    edge = prop.edge
    assert edge is not None
    target = names.view(edge.other) if edge.other_in_sdk else None
    target_classes = None if target is None else _classes(target, "node")
    if target is None or target_classes is None or prop.inherited or not prop.python_name:
        return
    module = target.python.module
    edge_view = names.view(edge.edge_source)
    edge_classes = None if edge_view is None else _classes(edge_view, "edge")
    edge_type = edge.edge_type
    # The constant when this module declares it; else its value: a class body runs while the module that
    # declares it may still be importing (view modules import each other lazily).
    const = (
        edge_type.python_const
        if edge_type.python_module == view.python.module
        else f"rt.InstanceId({python_string(edge_type.space)}, {python_string(edge_type.external_id)})"
    )
    args = [
        const,
        python_string(edge.direction),
        f"target=lambda: {names.qualified(module, target_classes.api)}",
    ]
    if edge_view is not None and edge_classes is not None:
        args.append(f"edge=lambda: {names.qualified(edge_view.python.module, edge_classes.api)}")
    if not edge.multi:
        args.append("list=False")
    name = prop.python_name
    out.fields[prop.id] = bracketed("    ", f"{name} = rt.EdgeConnection", args)
    read_target = names.qualified(module, target_classes.read)
    if edge_view is not None and edge_classes is not None:
        edge_read = names.qualified(edge_view.python.module, edge_classes.read)
        kind = "ManyEdges" if edge.multi else "OneEdge"
        out.read.append(_field(name, f"rt.{kind}[{edge_read}, {read_target}]", "rt.NOT_FETCHED"))
    else:
        out.read.append(
            _field(name, f"rt.{'Many' if edge.multi else 'One'}[{read_target}]", "rt.NOT_FETCHED")
        )
    if node.write is None:
        return
    write_target = (
        names.qualified(module, target_classes.write) if target_classes.write is not None else "rt.InstanceId"
    )
    if edge_view is not None and edge_classes is not None:
        props = names.qualified(edge_view.python.module, edge_view.python.properties)
        kind = "WriteManyEdges" if edge.multi else "WriteOneEdge"
        annotation = f"rt.{kind}[{props}, {write_target}]"
    else:
        annotation = f"rt.{'WriteMany' if edge.multi else 'WriteOne'}[{write_target}]"
    out.write.append(_field(name, annotation, "rt.connection_field()"))


def _reverse(prop: PropertyIR, node: PythonClassesIR, names: _Names, out: ConnectionLines) -> None:
    reverse = prop.reverse
    assert reverse is not None
    target = names.view(reverse.other) if reverse.other_in_sdk else None
    target_classes = None if target is None else _classes(target, "node")
    through = reverse.through_python_field
    if target is None or target_classes is None or through is None or prop.inherited or not prop.python_name:
        return
    module = target.python.module
    args = [python_string(through), f"target=lambda: {names.qualified(module, target_classes.api)}"]
    if not reverse.multi:
        args.append("list=False")
    name = prop.python_name
    out.fields[prop.id] = bracketed("    ", f"{name} = rt.ReverseConnection", args)
    kind = "Many" if reverse.multi else "One"
    out.read.append(
        _field(name, f"rt.{kind}[{names.qualified(module, target_classes.read)}]", "rt.NOT_FETCHED")
    )


def _direct(prop: PropertyIR, names: _Names, out: ConnectionLines) -> None:
    """A direct relation with a target view: its builder names the target (``source=``), so it can be
    followed; the field keeps its id type (see docs/connections.md, Python notes)."""
    python = prop.python
    assert python is not None
    target = names.view(prop.direct_target)
    target_classes = None if target is None else _classes(target, "node")
    if target is None or target_classes is None or python.filter_builder is None:
        return
    builder = "rt.ListProperty.of_direct_relations" if prop.is_list else "rt.DirectRelationProperty"
    args = [python_string(python.alias)] if python.alias else []
    args.append(f"source=lambda: {names.qualified(target.python.module, target_classes.api)}")
    out.fields[prop.id] = bracketed("    ", f"{python.name} = {builder}", args)
