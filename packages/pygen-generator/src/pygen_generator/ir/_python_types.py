"""Python types, defaults and filter builders of view properties (the shapes of examples/python/example_sdk).

A view's properties are declared once, in ``<View>Properties`` (shared by the read and the write class),
with the write-side value types of pygen_runtime; enum properties accept unknown values there (reads
keep values added to the model later) and the write class narrows them to the known ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic.alias_generators import to_camel

from pygen_generator.ir._layout import bracketed, python_string

__all__ = ["PythonTypes", "builder_line", "field_line", "needs_alias", "python_types"]

ENUM_COMMENT = "a value added to the model later is kept on read"


@dataclass(frozen=True)
class PythonTypes:
    value: str  # the element type in the Properties class
    builder: str | None  # filter builder for a single value, e.g. "rt.TextProperty"
    list_builder: str | None  # for a list, e.g. "rt.ListProperty[str]" or "rt.ListProperty.of_dates"


_TYPES: dict[str, PythonTypes] = {
    "text": PythonTypes("str", "rt.TextProperty", "rt.ListProperty[str]"),
    "timeseries": PythonTypes("str", "rt.TextProperty", "rt.ListProperty[str]"),
    "file": PythonTypes("str", "rt.TextProperty", "rt.ListProperty[str]"),
    "sequence": PythonTypes("str", "rt.TextProperty", "rt.ListProperty[str]"),
    "int32": PythonTypes("rt.Int32", "rt.IntProperty", "rt.ListProperty[int]"),
    "int64": PythonTypes("rt.Int64", "rt.IntProperty", "rt.ListProperty[int]"),
    "float32": PythonTypes("rt.Float32", "rt.FloatProperty", "rt.ListProperty[float]"),
    "float64": PythonTypes("rt.Float64", "rt.FloatProperty", "rt.ListProperty[float]"),
    "boolean": PythonTypes("bool", "rt.BooleanProperty", "rt.ListProperty[bool]"),
    "timestamp": PythonTypes("rt.Timestamp", "rt.TimestampProperty", "rt.ListProperty.of_timestamps"),
    "date": PythonTypes("date", "rt.DateProperty", "rt.ListProperty.of_dates"),
    "json": PythonTypes("rt.JsonObject", None, None),
    "direct": PythonTypes(
        "rt.DirectRelation", "rt.DirectRelationProperty", "rt.ListProperty.of_direct_relations"
    ),
}


def python_types(dms_type: str, enum_alias: str | None) -> PythonTypes:
    if dms_type == "enum":
        assert enum_alias is not None
        return PythonTypes(f"{enum_alias} | str", f"rt.EnumProperty[{enum_alias}]", None)
    return _TYPES[dms_type]


def needs_alias(name: str, wire_id: str) -> bool:
    """The runtime's classes derive aliases (and builders their ids) with pydantic's ``to_camel``."""
    return to_camel(name) != wire_id


def field_line(
    name: str, annotation: str, optional: bool, alias: str | None, comment: str | None = None
) -> str:
    """``    name: annotation = default``, laid out to the line length."""
    if alias is None:
        line = f"    {name}: {annotation} = None" if optional else f"    {name}: {annotation}"
    else:
        args = (["None"] if optional else []) + [f"alias={python_string(alias)}"]
        line = bracketed("    ", f"{name}: {annotation} = Field", args)
    if comment and "\n" not in line and len(f"{line}  # {comment}") <= 110:
        line = f"{line}  # {comment}"
    return line


def builder_line(name: str, builder: str, alias: str | None) -> str:
    return bracketed("    ", f"{name} = {builder}", [python_string(alias)] if alias else [])
