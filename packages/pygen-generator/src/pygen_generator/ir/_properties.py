"""Build ``PropertyIR`` records: the language-agnostic facts plus each language's field decisions."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pygen_client import ViewId
from pygen_client.schema import (
    DirectRelationType,
    EdgeConnection,
    EnumType,
    MappedProperty,
    ReverseDirectRelation,
    ViewReference,
)
from pygen_generator.ir._layout import LINE_LENGTH, python_string
from pygen_generator.ir._model import (
    ContainerPropertyRef,
    EdgeIR,
    EdgeTypeIR,
    EnumIR,
    EnumValueIR,
    PropertyIR,
    PythonFieldIR,
    ReverseIR,
    TypeScriptPropertyIR,
    ViewRef,
)
from pygen_generator.ir._python_types import ENUM_COMMENT, builder_line, field_line, needs_alias, python_types
from pygen_generator.ir._text import plain_text
from pygen_generator.validation import PropertyPlan, ViewPlan
from pygen_generator.validation._names import pascal, upper_snake

__all__ = ["build_property", "ref"]


def ref(view_id: ViewId) -> ViewRef:
    return ViewRef(view_id.space, view_id.external_id, view_id.version or "")


def build_enum(plan: ViewPlan, enum: EnumType, alias: str, prop_id: str) -> EnumIR:
    values = tuple(
        EnumValueIR(value, _prose(spec.name), _prose(spec.description)) for value, spec in enum.values.items()
    )
    literal = "Literal[" + ", ".join(python_string(v.value) for v in values) + "]"
    ts_type = f"{plan.class_name}{pascal(prop_id)}"
    return EnumIR(values, enum.unknown_value, alias, literal, ts_type, upper_snake(ts_type))


def _python_field(
    item: PropertyPlan,
    prop: MappedProperty,
    enum_alias: str | None,
    writable: bool,
    guaranteed: bool,
    parent: PropertyIR | None,
) -> PythonFieldIR:
    """``guaranteed``: every instance the view lists has data in the property's container; ``parent``: for
    an inherited property, the first SDK parent's (whose classes this view's inherit it from)."""
    types = python_types(prop.type.type, enum_alias)
    is_list = bool(getattr(prop.type, "is_list", False))
    value = f"list[{types.value}]" if is_list else types.value
    alias = item.prop_id if needs_alias(item.python_name, item.prop_id) else None
    required = not prop.nullable and prop.default_value is None and not prop.auto_increment
    read_nullable = prop.nullable or not guaranteed
    # <View>Properties is shared by the read and the write class: a required property the view's filter
    # does not guarantee is optional there (reads may lack it) and the write class narrows it again.
    loose = not required or not guaranteed
    annotation = f"{value} | None" if loose else value
    comment = ENUM_COMMENT if enum_alias else None
    container = prop.container.external_id
    if required and not guaranteed and comment is None:
        comment = f"None on nodes the view filter lists without {container} data"
    line = field_line(item.python_name, annotation, loose, alias, comment)
    read_annotation = f"{value} | None" if read_nullable else value
    read_line = None
    if item.inherited:
        # A parent's read class declares it: say it again only where this view reads it otherwise. Making
        # it optional widens the parent's type, which is what CDF does (this view's filter lists nodes the
        # parent's would not), so the override is not a type error to fix.
        if parent is not None and parent.read_nullable != read_nullable:
            read_line = field_line(item.python_name, read_annotation, read_nullable, alias)
            if read_nullable:  # mypy reports a statement's first line: the ignore goes there
                first, newline, rest = read_line.partition("\n")
                first += "  # type: ignore[assignment]"
                why = f"  # the view filter lists nodes without {container} data"
                first += why if len(first + why) <= LINE_LENGTH else ""
                read_line = first + newline + rest
    elif item.read_only or (not read_nullable and loose):
        # Read only: only the read class declares it. A non-nullable property CDF fills when a write leaves
        # it out (its default, the next auto-increment) is required on reads, as TypeScript's `Read<>` has
        # it, while <View>Properties keeps it optional for writes (and nested edge writes, which take it).
        read_line = field_line(item.python_name, read_annotation, read_nullable, alias, comment)
    builder = types.list_builder if is_list else types.builder
    narrowed = None
    # Inherited without the parent's write class, it comes from the parent's <View>Properties: narrowed here
    # where that declares it optional.
    parent_loose = parent is not None and parent.python is not None and parent.python.optional
    if (
        writable
        and not item.read_only
        and not item.write_inherited
        and (enum_alias or (required and (parent_loose if item.inherited else loose)))
    ):
        write_value = enum_alias or value
        narrowed = field_line(
            item.python_name, write_value if required else f"{write_value} | None", not required, alias
        )
    return PythonFieldIR(
        name=item.python_name,
        alias=alias,
        annotation=annotation,
        optional=parent_loose if item.inherited and parent is not None else loose,
        comment=comment,
        properties_line=None if item.read_only else line,
        read_line=read_line,
        write_line=narrowed,
        filter_builder=f"{builder}({python_string(alias)})"
        if builder and alias
        else (f"{builder}()" if builder else None),
        fields_line=builder_line(item.python_name, builder, alias) if builder else None,
        docstring_line=_attribute_docstring(prop.description),
    )


def _prose(text: str | None) -> str | None:
    return None if text is None else plain_text(text)


def _attribute_docstring(description: str | None) -> str | None:
    """The property's description as an attribute docstring (shown by IDEs), on one line."""
    if not description or not description.strip():
        return None
    text = " ".join(plain_text(description).split()).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return f'    """{text}"""'


def build_property(
    plan: ViewPlan,
    item: PropertyPlan,
    enum: EnumIR | None,
    edge_types: Mapping[tuple[str, str], EdgeTypeIR],
    sdk: Mapping[ViewId, ViewPlan],
    guaranteed: Collection[tuple[str, str]] = (),
    parent: PropertyIR | None = None,
) -> PropertyIR:
    """``guaranteed``: the containers every instance the view lists has data in (``guaranteed_containers``);
    ``parent``: an inherited property as the first SDK parent having it declares it."""
    prop = item.prop
    common: dict[str, Any] = {
        "id": item.prop_id,
        "name": _prose(prop.name),
        "description": _prose(prop.description),
        "inherited": item.inherited,
        "write_inherited": item.write_inherited,
        "typescript": TypeScriptPropertyIR(item.typescript_name),
        "python_name": item.python_name,
    }
    if isinstance(prop, MappedProperty):
        is_list = bool(getattr(prop.type, "is_list", False))
        required = not prop.nullable and prop.default_value is None and not prop.auto_increment
        has_data = (prop.container.space, prop.container.external_id) in guaranteed
        return PropertyIR(
            **common,
            kind="mapped",
            type=prop.type.type,  # type: ignore[arg-type]  # validation rejected unknown types
            is_list=is_list,
            nullable=prop.nullable,
            required_on_write=required,
            read_only=item.read_only,
            immutable=prop.immutable,
            auto_increment=prop.auto_increment,
            default_value=prop.default_value,
            container=ContainerPropertyRef(
                prop.container.space, prop.container.external_id, prop.container_property_identifier
            ),
            enum=enum,
            direct_target=ref(item.direct_target) if item.direct_target else None,
            edge=None,
            reverse=None,
            python=_python_field(
                item, prop, enum.python_alias if enum else None, plan.writable, has_data, parent
            ),
            data_guaranteed=has_data,
            read_nullable=prop.nullable or not has_data,
        )
    flags: dict[str, Any] = {
        "is_list": False,
        "nullable": True,
        "required_on_write": False,
        "read_only": True,
        "immutable": False,
        "auto_increment": False,
        "default_value": None,
        "container": None,
        "enum": None,
        "direct_target": None,
        "python": None,
    }
    if isinstance(prop, EdgeConnection):
        edge = EdgeIR(
            edge_type=edge_types[(prop.type.space, prop.type.external_id)],
            direction=prop.direction,
            multi=prop.connection_type == "multi_edge_connection",
            other=ref(item.connection_target) if item.connection_target else ref(prop.source.as_id()),
            other_in_sdk=item.connection_target is not None,
            edge_source=ref(item.edge_source) if item.edge_source else None,
        )
        return PropertyIR(**common, **flags, kind="edge", type="edge", edge=edge, reverse=None)
    assert isinstance(prop, ReverseDirectRelation)
    through = prop.through
    other = item.connection_target
    through_field: tuple[str | None, str | None] = (None, None)
    if other is not None:
        for candidate in sdk[other].properties:
            if candidate.prop_id == through.identifier:
                through_field = (candidate.python_name, candidate.typescript_name)
    through_view = through.source if isinstance(through.source, ViewReference) else None
    reverse = ReverseIR(
        multi=prop.connection_type == "multi_reverse_direct_relation",
        other=ref(other) if other else ref(prop.source.as_id()),
        other_in_sdk=other is not None,
        through_view=ref(through_view.as_id()) if through_view else None,
        through_container=None
        if through_view
        else ContainerPropertyRef(through.source.space, through.source.external_id, through.identifier),
        through_property=through.identifier,
        through_python_field=through_field[0],
        through_typescript_field=through_field[1],
        targets_list=_targets_list(prop, other, sdk),
    )
    return PropertyIR(**common, **flags, kind="reverse", type="reverse", edge=None, reverse=reverse)


def _targets_list(prop: ReverseDirectRelation, other: ViewId | None, sdk: Mapping[ViewId, ViewPlan]) -> bool:
    if prop.targets_list is not None:
        return prop.targets_list
    if other is None:
        return False
    target = sdk[other].view.properties.get(prop.through.identifier)
    return (
        isinstance(target, MappedProperty)
        and isinstance(target.type, DirectRelationType)
        and target.type.is_list
    )
