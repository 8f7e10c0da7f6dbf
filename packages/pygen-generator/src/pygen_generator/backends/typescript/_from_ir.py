"""`SdkIR` (the shared IR) → `SdkIn`: the facts this backend prints, with the IR's TypeScript names."""

from __future__ import annotations

from pygen_generator.backends.typescript._input import (
    EdgeIn,
    EdgeTypeConst,
    PropertyIn,
    ReverseIn,
    SdkIn,
    ShapeNames,
    ViewIn,
    ViewKey,
)
from pygen_generator.ir import PropertyIR, SdkIR, ViewIR, ViewRef


def _key(ref: ViewRef) -> ViewKey:
    return ViewKey(ref.space, ref.external_id, ref.version)


def sdk_from_ir(ir: SdkIR, *, package: str | None = None) -> SdkIn:
    views = [_view(view) for view in ir.views]
    return SdkIn(
        package_name=package or ir.typescript.package,
        package_version=ir.version,
        client_name=ir.typescript.client,
        runtime_api_version=ir.typescript.runtime_api_version,
        data_models=tuple(ViewKey(m.space, m.external_id, m.version) for m in ir.data_models),
        views=tuple(views),
    )


def _property(prop: PropertyIR) -> PropertyIn:
    enum = prop.enum
    return PropertyIn(
        wire_id=prop.id,
        field_name=prop.typescript.name,
        type=prop.type,
        is_list=prop.is_list,
        nullable=prop.nullable,
        required_on_write=prop.required_on_write,
        read_only=prop.read_only,
        enum_values=tuple(v.value for v in enum.values) if enum else (),
        enum_const=enum.typescript_const if enum else "",
        enum_type=enum.typescript_type if enum else "",
        description=prop.description,
        display_name=prop.name if prop.name and _words(prop.name) != _words(prop.id) else None,
        inherited=prop.inherited,
        direct_target=_key(prop.direct_target) if prop.direct_target else None,
        data_guaranteed=prop.data_guaranteed,
        container=prop.container.external_id if prop.container else "",
    )


def _words(text: str) -> str:
    """`Bending moment Y` and `bending_moment_y` are the same words: a name that only restates the id."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _view(view: ViewIR) -> ViewIn:
    properties: list[PropertyIn] = []
    connections: list[EdgeIn | ReverseIn] = []
    for prop in view.properties:
        if prop.kind == "mapped":
            properties.append(_property(prop))
        elif prop.edge is not None:
            edge = prop.edge
            connections.append(
                EdgeIn(
                    field_name=prop.typescript.name,
                    edge_type_const=edge.edge_type.typescript_const,
                    direction=edge.direction,
                    other=_key(edge.other),
                    edge_source=_key(edge.edge_source) if edge.edge_source else None,
                    inherited=prop.inherited,
                    multi=edge.multi,
                    edge_type_owner=_key(edge.edge_type.declared_in),
                    edge_type_space=edge.edge_type.space,
                    edge_type_xid=edge.edge_type.external_id,
                    description=prop.description,
                )
            )
        elif prop.reverse is not None:
            rev = prop.reverse
            connections.append(
                ReverseIn(
                    field_name=prop.typescript.name,
                    other=_key(rev.other),
                    through_field=rev.through_typescript_field,
                    multi=rev.multi,
                    inherited=prop.inherited,
                    description=prop.description,
                )
            )
    ts = view.typescript
    return ViewIn(
        key=_key(view.ref),
        used_for=view.used_for,
        name=view.name,
        description=view.description,
        implements=tuple(_key(r) for r in view.implements),
        type_name=ts.type_name,
        spec_name=ts.view_const,
        module=ts.module,
        getter=ts.client_property,
        writable=view.writable,
        properties=tuple(properties),
        connections=tuple(connections),
        edge_type_constants=tuple(
            EdgeTypeConst(e.typescript_const, e.space, e.external_id) for e in view.edge_types
        ),
        node_type=(view.write_node_type.space, view.write_node_type.external_id)
        if view.write_node_type
        else None,
        header=ts.header,
        plain_header=ts.plain_header,
        edge_shape=ShapeNames(
            type_name=shape.type_name,
            spec_name=shape.view_const,
            module=shape.module,
            getter=shape.client_property,
            header=shape.header,
            plain_header=shape.plain_header,
        )
        if (shape := ts.edge_shape) is not None
        else None,
    )
