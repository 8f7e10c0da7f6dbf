"""Identifier rules for both target languages, in one place.

Every name the generator writes comes from here: snake_case / camelCase / PascalCase conversion of
DMS ids, and the reserved-name rules (keywords, builtins, names the runtime or pydantic use, names
the generated modules import). A clashing name gets a trailing ``_``; the wire id is kept as alias.
"""

from __future__ import annotations

import builtins
import keyword
import re

__all__ = [
    "PYTHON_FIELD_RESERVED",
    "TYPESCRIPT_FIELD_RESERVED",
    "TYPESCRIPT_GLOBAL_TYPES",
    "TYPESCRIPT_RESERVED",
    "camel",
    "pascal",
    "safe_python_field",
    "safe_typescript_field",
    "snake",
    "upper_snake",
]

# Word boundaries of ids: "3d"/"3D" stay one word with their digits; acronyms end before a capitalised word.
_WORDS = re.compile(r"\d+[a-z]+|\d+[A-Z](?![a-z])|\d+|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")

# Attributes of the runtime's read/write/fields base classes (pygen_runtime Node, Edge, NodeWrite,
# EdgeWrite, NodeFields, EdgeFields; a test keeps this list in step with the runtime).
PYTHON_RUNTIME_ATTRIBUTES = frozenset(
    {
        "space", "external_id", "version", "created_time", "last_updated_time", "deleted_time",
        "instance_type", "type", "start_node", "end_node", "existing_version", "id", "dump", "as_write",
        "data_record", "properties", "data",
    }
)  # fmt: skip
# pydantic.BaseModel's public attributes (model_* is pydantic's protected namespace as a whole).
PYDANTIC_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw", "schema",
        "schema_json", "update_forward_refs", "validate", "fields",
    }
)  # fmt: skip
# Names a generated view module imports or defines at module level: a field with such a name would
# shadow them inside the class body (pydantic resolves annotations there).
PYTHON_MODULE_NAMES = frozenset(
    {"date", "datetime", "Any", "ClassVar", "Literal", "Field", "rt", "VIEW_ID", "annotations"}
)
PYTHON_FIELD_RESERVED = (
    frozenset(keyword.kwlist)
    | frozenset(keyword.softkwlist)
    | frozenset(name for name in dir(builtins) if not name.startswith("_"))
    | PYTHON_RUNTIME_ATTRIBUTES
    | PYDANTIC_ATTRIBUTES
    | PYTHON_MODULE_NAMES
)

# TypeScript/JavaScript reserved words and strict-mode/global names that cannot be bindings.
TYPESCRIPT_RESERVED = frozenset(
    {
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
        "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
        "var", "void", "while", "with", "implements", "interface", "let", "package", "private",
        "protected", "public", "static", "yield", "await", "any", "boolean", "number", "string", "symbol",
        "object", "never", "unknown", "undefined", "type", "arguments", "eval", "Object", "Array", "Date",
        "String", "Number", "Boolean", "Symbol", "Promise", "Map", "Set", "Error", "JSON", "Math",
    }
)  # fmt: skip
# Globals a generated type must not shadow: the values of JavaScript's standard library and the common
# host globals (an exported `Date` imported by a consumer makes `new Date()` an error there), and the
# utility types everyday TypeScript spells (`Partial`, `Record`, ...). Type-only names nobody writes by
# hand (`Generator`, `Iterable`, `ArrayLike`, ...) are left to the views: `Generator` is a common view name.
TYPESCRIPT_GLOBAL_TYPES = frozenset(
    {
        "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array", "Blob",
        "Boolean", "DataView", "Date", "Error", "EvalError", "Event", "File", "FinalizationRegistry",
        "Float32Array", "Float64Array", "Function", "Headers", "Int16Array", "Int32Array", "Int8Array", "Intl",
        "Iterator", "JSON", "Map", "Math", "Number", "Object", "Promise", "Proxy", "RangeError",
        "ReferenceError", "Reflect", "RegExp", "Request", "Response", "Set", "SharedArrayBuffer", "String",
        "Symbol", "SyntaxError", "TextDecoder", "TextEncoder", "TypeError", "URIError", "URL",
        "URLSearchParams", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap",
        "WeakRef", "WeakSet",
        "Awaited", "Exclude", "Extract", "InstanceType", "NonNullable", "Omit", "Parameters", "Partial", "Pick",
        "Readonly", "Record", "Required", "ReturnType",
    }
)  # fmt: skip
# Fields of the TypeScript runtime's NodeBase/EdgeBase/NodeWriteBase/EdgeWriteBase, plus members
# every JavaScript object has (a property called `constructor` would break object literals).
TYPESCRIPT_FIELD_RESERVED = frozenset(
    {
        "space", "externalId", "version", "createdTime", "lastUpdatedTime", "deletedTime", "instanceType",
        "type", "startNode", "endNode", "existingVersion", "constructor", "__proto__", "prototype",
        "toString", "valueOf", "hasOwnProperty",
    }
)  # fmt: skip


def words(text: str) -> list[str]:
    """``serialNumber`` → [serial, Number]; ``URLPath`` → [URL, Path]; ``3d-model`` → [3, d, model]."""
    return _WORDS.findall(text)


def snake(text: str) -> str:
    return "_".join(word.lower() for word in words(text)) or "x"


def upper_snake(text: str) -> str:
    return snake(text).upper()


def pascal(text: str) -> str:
    parts = words(text)
    return "".join(word[:1].upper() + word[1:] for word in parts) or "X"


def camel(text: str) -> str:
    parts = words(text)
    if not parts:
        return "x"
    return parts[0].lower() + "".join(word[:1].upper() + word[1:] for word in parts[1:])


def _digit_safe(name: str, prefix: str) -> str:
    return f"{prefix}{name}" if name[:1].isdigit() else name


def safe_python_field(prop_id: str) -> str:
    """The snake_case Python field name for a property id (reserved names get a trailing ``_``)."""
    name = _digit_safe(snake(prop_id), "field_")
    if name in PYTHON_FIELD_RESERVED or name.startswith("model_") or name.startswith("_"):
        return name.lstrip("_") + "_" if not name.startswith("model_") else f"{name}_"
    return name


def safe_typescript_field(prop_id: str) -> str:
    """The camelCase TypeScript field name: the id itself when it is a plain identifier."""
    name = prop_id if re.fullmatch(r"[a-z][A-Za-z0-9]*", prop_id) else camel(prop_id)
    name = _digit_safe(name, "field")
    if name in TYPESCRIPT_FIELD_RESERVED:
        return f"{name}_"
    return name


def safe_python_class(text: str) -> str:
    name = _digit_safe(pascal(text), "View")
    return f"{name}_" if keyword.iskeyword(name) else name
