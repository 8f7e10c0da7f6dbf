"""CDF property types → the view spec entry `@pygen/runtime` reads, and the notes its JSDoc carries.

The read and write types themselves are derived by the runtime from the spec (`Read<S>`, `Write<S>`),
so the generator only states facts: wire id, type, list, nullable, enum values.
"""

from __future__ import annotations

from pygen_generator.backends.typescript._input import PropertyIn
from pygen_generator.backends.typescript._layout import string

# The property types `@pygen/runtime`'s `PropertySpec` knows (`_spec.ts`).
SPEC_TYPES = frozenset(
    {
        "text",
        "int32",
        "int64",
        "float32",
        "float64",
        "boolean",
        "timestamp",
        "date",
        "json",
        "direct",
        "enum",
        "timeseries",
        "file",
        "sequence",
    }
)

INT64_NOTE = (
    "int64, read and written as a JavaScript number: exact within ±2^53 (`Number.MAX_SAFE_INTEGER`); "
    "larger values lose precision when read and are rejected when written."
)
DATE_NOTE = "`YYYY-MM-DD` (written also as a `Date`: its UTC day)."


class UnsupportedPropertyTypeError(ValueError):
    """A property type this backend does not know; the validation step should have dropped it."""


def spec_entries(prop: PropertyIn, source: str | None = None) -> list[tuple[str, str]]:
    """The keys and values of a property's spec entry: `id`, `type`, `values`, `list`, `nullable`,
    `optionalOnWrite`, `readOnly`, `source` (as in `{ id: "serialNumber", type: "text", nullable: false }`)."""
    if prop.type not in SPEC_TYPES:
        raise UnsupportedPropertyTypeError(
            f"property {prop.wire_id!r} has type {prop.type!r}, which the TypeScript backend does not support"
        )
    entries = [("id", string(prop.wire_id)), ("type", string(prop.type))]
    if prop.type == "enum":
        entries.append(("values", prop.enum_const))
    if prop.is_list:
        entries.append(("list", "true"))
    if not prop.nullable:
        entries.append(("nullable", "false"))
        if not prop.required_on_write:
            # CDF fills it (a container default or auto-increment): optional in `Write<>`.
            entries.append(("optionalOnWrite", "true"))
    if prop.read_only:
        # CDF maintains it, or another property maps the same container slot: not in `Write<>`.
        entries.append(("readOnly", "true"))
    if source is not None:
        # A direct relation's target view: `lazyView<TargetAPI>(() => TARGET_VIEW)` (see _build.py).
        entries.append(("source", source))
    return entries


def notes(prop: PropertyIn) -> list[str]:
    """What a reader of the field needs to know beyond its type."""
    out: list[str] = []
    if prop.type == "date" and not prop.is_list:
        out.append(DATE_NOTE)
    if prop.type == "int64":
        out.append(INT64_NOTE)
    return out
