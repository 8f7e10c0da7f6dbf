"""CDF property types → TypeScript: read and write types, the spec entry, the filter builder, type notes.

One table per concern, so the mapping reads in one place and matches `@pygen/runtime`'s `_values.ts`.
"""

from __future__ import annotations

from pygen_generator.backends.typescript._input import PropertyIn
from pygen_generator.backends.typescript._layout import string

# Read and write element types; enums are handled apart (they name a generated union type).
_READ_TYPES = {
    "text": "string",
    "timeseries": "string",
    "file": "string",
    "sequence": "string",
    "int32": "number",
    "int64": "number",
    "float32": "number",
    "float64": "number",
    "boolean": "boolean",
    "timestamp": "Date",
    "date": "string",
    "json": "JsonObject",
    "direct": "InstanceId",
}
_WRITE_TYPES = {**_READ_TYPES, "date": "string | Date"}

# `propertyFilters(view)` builders; json has none (CDF cannot filter on json values by equality).
_FILTER_BUILDERS = {
    "text": "text",
    "timeseries": "text",
    "file": "text",
    "sequence": "text",
    "int32": "number",
    "int64": "number",
    "float32": "number",
    "float64": "number",
    "boolean": "boolean",
    "timestamp": "timestamp",
    "date": "date",
    "direct": "direct",
}

# The runtime names a field type may need imported.
RUNTIME_TYPE_IMPORTS = {"JsonObject", "InstanceId"}

INT64_NOTE = (
    "int64 as a JavaScript number: exact within ±2^53 (`Number.MAX_SAFE_INTEGER`); larger stored values "
    "lose precision when read, and are rejected when written."
)
DATE_READ_NOTE = "`YYYY-MM-DD`"
DATE_WRITE_NOTE = "`YYYY-MM-DD`, or a `Date` (its UTC day)"


class UnsupportedPropertyTypeError(ValueError):
    """A property type this backend does not know; the validation step should have dropped it."""


def _element(prop: PropertyIn, table: dict[str, str]) -> str:
    if prop.type == "enum":
        return prop.enum_type
    try:
        return table[prop.type]
    except KeyError:
        raise UnsupportedPropertyTypeError(
            f"property {prop.wire_id!r} has type {prop.type!r}, which the TypeScript backend does not support"
        ) from None


def _with_list(element: str, is_list: bool) -> str:
    if not is_list:
        return element
    return f"({element})[]" if " " in element else f"{element}[]"


def read_type(prop: PropertyIn) -> str:
    element = _element(prop, _READ_TYPES)
    if prop.type == "enum":
        # Reads keep values added to the model after generation; `string & {}` keeps autocompletion.
        element = f"{element} | (string & {{}})"
    typed = _with_list(element, prop.is_list)
    return f"{typed} | null" if prop.nullable else typed


def write_type(prop: PropertyIn) -> str:
    typed = _with_list(_element(prop, _WRITE_TYPES), prop.is_list)
    return f"{typed} | null" if prop.nullable else typed


def spec_entry(prop: PropertyIn) -> str:
    parts = [f"id: {string(prop.wire_id)}", f"type: {string(prop.type)}"]
    if prop.type == "enum":
        parts.append(f"values: {prop.enum_const}")
    if prop.is_list:
        parts.append("list: true")
    if not prop.nullable:
        parts.append("nullable: false")
    return "{ " + ", ".join(parts) + " }"


def filter_call(prop: PropertyIn) -> str | None:
    if prop.type == "enum":
        return None if prop.is_list else f"p.enum<{prop.enum_type}>({string(prop.wire_id)})"
    builder = _FILTER_BUILDERS.get(prop.type)
    if builder is None:
        return None
    suffix = "List" if prop.is_list else ""
    return f"p.{builder}{suffix}({string(prop.wire_id)})"


def runtime_types(prop: PropertyIn) -> set[str]:
    """Runtime type names the field's read or write type mentions."""
    name = _READ_TYPES.get(prop.type, "")
    return {name} & RUNTIME_TYPE_IMPORTS


def read_notes(prop: PropertyIn) -> list[str]:
    notes: list[str] = []
    if prop.type == "date" and not prop.is_list:
        notes.append(DATE_READ_NOTE)
    if prop.type == "int64":
        notes.append(INT64_NOTE)
    return notes


def write_notes(prop: PropertyIn) -> list[str]:
    notes: list[str] = []
    if prop.type == "date" and not prop.is_list:
        notes.append(DATE_WRITE_NOTE)
    if prop.type == "int64":
        notes.append(INT64_NOTE)
    return notes
