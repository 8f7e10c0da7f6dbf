"""TypeScript naming decisions the IR does not (yet) carry.

These belong in the IR's shared validation step (one place for every naming rule of both languages);
until they move there, they live here, small and pure.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9]|[^A-Za-z0-9]|$)|[A-Z]?[a-z0-9]+|[A-Z]+|\d+")

# Names a generated read or write object already has (NodeBase, EdgeBase, NodeWriteBase, EdgeWriteBase).
INSTANCE_FIELDS = frozenset(
    {
        "instanceType",
        "space",
        "externalId",
        "version",
        "createdTime",
        "lastUpdatedTime",
        "deletedTime",
        "type",
        "startNode",
        "endNode",
        "existingVersion",
    }
)

# Global and runtime type names a generated type must not shadow (a view called `Date` would break
# every timestamp field of its module).
RESERVED_TYPE_NAMES = frozenset(
    {
        "Array",
        "Boolean",
        "Date",
        "Error",
        "Function",
        "Map",
        "Number",
        "Object",
        "Omit",
        "Promise",
        "Record",
        "Set",
        "String",
        "Symbol",
        "EdgeBase",
        "EdgeTypeAPI",
        "EdgeWriteBase",
        "InstanceId",
        "JsonObject",
        "NodeBase",
        "NodeWriteBase",
        "PygenClient",
        "ViewAPI",
        "ViewId",
        "ViewSpec",
    }
)


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


def camel(text: str) -> str:
    """`serial_number`, `Serial-Number`, `serialNumber` → `serialNumber`; keeps existing camelCase."""
    parts = words(text)
    if not parts:
        return "field"
    head = parts[0]
    first = head.lower() if head.isupper() else head[0].lower() + head[1:]
    name = first + "".join(p[0].upper() + p[1:] for p in parts[1:])
    return f"_{name}" if name[0].isdigit() else name


def pascal(text: str) -> str:
    parts = words(text)
    name = "".join(p[0].upper() + p[1:] for p in parts) or "View"
    return f"_{name}" if name[0].isdigit() else name


def upper_snake(text: str) -> str:
    """`supervisedBy` → `SUPERVISED_BY`; `CogniteAsset` → `COGNITE_ASSET`."""
    name = "_".join(p.upper() for p in words(text)) or "VALUE"
    return f"_{name}" if name[0].isdigit() else name


def kebab(text: str) -> str:
    """`CogniteAsset` → `cognite-asset` (module file names)."""
    return "-".join(p.lower() for p in words(text)) or "view"


def field_name(wire_id: str) -> str:
    """A property id as a field name that cannot clash with the fields every instance has."""
    name = camel(wire_id)
    return f"{name}_" if name in INSTANCE_FIELDS else name


def type_name(external_id: str) -> str:
    name = pascal(external_id)
    return f"{name}View" if name in RESERVED_TYPE_NAMES else name
