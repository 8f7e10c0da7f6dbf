"""Python types, defaults and filter builders of view properties (the shapes of examples/python/example_sdk)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic.alias_generators import to_camel

from pygen_generator.ir._layout import bracketed, python_string

__all__ = ["ALIAS_GENERATOR", "PythonTypes", "builder_line", "field_line", "needs_alias", "python_types"]

# Whether the runtime's base classes derive aliases with pydantic's to_camel (then only ids that
# to_camel does not produce need an explicit alias). The example SDK declares every alias today.
ALIAS_GENERATOR = False


@dataclass(frozen=True)
class PythonTypes:
    read: str  # element type on read
    write: str  # element type on write
    builder: str | None  # filter builder for a single value, e.g. "rt.TextProperty"
    list_builder: str | None  # for a list, e.g. "rt.ListProperty[str]" or "rt.ListProperty.of_dates"
    stdlib: tuple[str, ...] = ()  # names needed from datetime
    typing: tuple[str, ...] = ()  # names needed from typing


_TYPES: dict[str, PythonTypes] = {
    "text": PythonTypes("str", "str", "rt.TextProperty", "rt.ListProperty[str]"),
    "timeseries": PythonTypes("str", "str", "rt.TextProperty", "rt.ListProperty[str]"),
    "file": PythonTypes("str", "str", "rt.TextProperty", "rt.ListProperty[str]"),
    "sequence": PythonTypes("str", "str", "rt.TextProperty", "rt.ListProperty[str]"),
    "int32": PythonTypes("int", "rt.Int32", "rt.IntProperty", "rt.ListProperty[int]"),
    "int64": PythonTypes("int", "rt.Int64", "rt.IntProperty", "rt.ListProperty[int]"),
    "float32": PythonTypes("float", "rt.Float32", "rt.FloatProperty", "rt.ListProperty[float]"),
    "float64": PythonTypes("float", "rt.Float64", "rt.FloatProperty", "rt.ListProperty[float]"),
    "boolean": PythonTypes("bool", "bool", "rt.BooleanProperty", "rt.ListProperty[bool]"),
    "timestamp": PythonTypes(
        "datetime",
        "rt.TimestampWrite",
        "rt.TimestampProperty",
        "rt.ListProperty.of_timestamps",
        ("datetime",),
    ),
    "date": PythonTypes("date", "date", "rt.DateProperty", "rt.ListProperty.of_dates", ("date",)),
    "json": PythonTypes("dict[str, Any]", "rt.JsonObject", None, None, typing=("Any",)),
    "direct": PythonTypes(
        "rt.InstanceId",
        "rt.DirectRelation",
        "rt.DirectRelationProperty",
        "rt.ListProperty.of_direct_relations",
    ),
}


def python_types(dms_type: str, enum_alias: str | None) -> PythonTypes:
    if dms_type == "enum":
        assert enum_alias is not None
        return PythonTypes(f"{enum_alias} | str", enum_alias, f"rt.EnumProperty[{enum_alias}]", None)
    return _TYPES[dms_type]


def needs_alias(name: str, wire_id: str) -> bool:
    if ALIAS_GENERATOR:
        return to_camel(name) != wire_id
    return name != wire_id


def field_line(
    name: str, annotation: str, optional: bool, alias: str | None, comment: str | None = None
) -> str:
    """``    name: annotation = default``, laid out to the line length."""
    head = f"    {name}: {annotation}"
    if alias is None:
        line = f"{head} = None" if optional else head
    else:
        args = (["None"] if optional else []) + [f"alias={python_string(alias)}"]
        line = bracketed("    ", f"{name}: {annotation} = Field", args)
    if comment and "\n" not in line and len(f"{line}  # {comment}") <= 110:
        line = f"{line}  # {comment}"
    return line


def builder_line(name: str, builder: str, wire_id: str) -> str:
    return bracketed("    ", f"{name} = {builder}", [python_string(wire_id)])
