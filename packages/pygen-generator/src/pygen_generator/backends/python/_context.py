"""Everything the templates print beyond IR fields, computed from the IR (layout included)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pygen_generator.backends.python._connections import connection_lines
from pygen_generator.ir import SdkIR, ViewIR
from pygen_generator.ir._layout import bracketed, python_string
from pygen_generator.ir._python_view import import_line, isort_key

__all__ = ["ClientAPI", "PackageContext", "package_context", "view_context"]


@dataclass(frozen=True)
class ClientAPI:
    attribute: str
    module: str
    sync_class: str
    async_class: str


@dataclass(frozen=True)
class PackageContext:
    docstring: str
    client_import: str  # from <package>._client import ...
    client_names: str  # the two client names, quoted, in order
    version_check: str  # the check_runtime_version(...) statement of _client.py
    type_checking_imports: tuple[str, ...]  # indented `from m import X as X` statements
    lazy: tuple[tuple[str, str], ...]  # (exported name, module), grouped by module
    client_imports: tuple[str, ...]  # TYPE_CHECKING imports of _client.py
    apis: tuple[ClientAPI, ...]


def _docstring(lines: tuple[str, ...]) -> str:
    return lines[0] if len(lines) == 1 else "\n".join(lines) + "\n"


def _with_type_checking(groups: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    """The import groups with ``TYPE_CHECKING`` added to ``from typing import`` (stdlib group first)."""
    out = [list(group) for group in groups]
    stdlib = (
        out[0] if out and all(line.startswith(("from datetime", "from typing")) for line in out[0]) else None
    )
    if stdlib is None:
        stdlib = []
        out.insert(0, stdlib)
    for i, line in enumerate(stdlib):
        if line.startswith("from typing import "):
            names = line.removeprefix("from typing import ").split(", ")
            stdlib[i] = f"from typing import {', '.join(sorted({'TYPE_CHECKING', *names}, key=isort_key))}"
            return out
    stdlib.append("from typing import TYPE_CHECKING")
    return out


def view_context(view: ViewIR, ir: SdkIR) -> dict[str, Any]:
    """The per-view flags the view template tests (whether a class body would otherwise be empty), and
    the connection declarations (``_connections``)."""
    own = [p.python for p in view.properties if p.python is not None and not p.inherited]
    connections = connection_lines(view, ir)
    imports = [list(group) for group in view.python.imports]
    if connections.modules:
        imports = _with_type_checking(view.python.imports)
    return {
        "imports": imports,
        "connection_imports": connections.import_block(ir.python.package),
        "connection_fields": connections.fields,
        "read_connections": connections.read,
        "write_connections": connections.write,
        "view": view,
        "docstring": _docstring(view.python.docstring),
        "has_properties": any(f.properties_line for f in own),
        # Read-class declarations: read-only and CDF-filled properties, and inherited ones this view's filter
        # reads otherwise than the parent's (the IR sets an inherited read_line only then).
        "has_read_only": any(p.python.read_line for p in view.properties if p.python is not None),
        "has_builders": any(f.fields_line for f in own),
        "has_write_overrides": any(p.python.write_line for p in view.properties if p.python is not None),
    }


def package_context(ir: SdkIR) -> PackageContext:
    package = ir.python.package
    type_checking: list[str] = []
    lazy: list[tuple[str, str]] = []
    client_imports: list[str] = []
    apis: list[ClientAPI] = []
    for view in ir.views:
        module = view.python.module
        for name in view.python.exports:
            type_checking.append(import_line(f"{package}.{module}", [f"{name} as {name}"], "    "))
            lazy.append((name, module))
        api_names: list[str] = []
        for cls in view.python.classes:
            api_names += [cls.async_api, cls.api]
            apis.append(ClientAPI(cls.client_attribute, module, cls.api, cls.async_api))
        client_imports.append(import_line(f"{package}.{module}", sorted(api_names, key=isort_key), "    "))
    clients = sorted([ir.python.client, ir.python.async_client], key=isort_key)
    return PackageContext(
        docstring=_docstring(ir.python.docstring),
        client_import=import_line(f"{package}._client", clients),
        client_names=", ".join(f'"{name}"' for name in sorted(clients)),
        version_check=bracketed(
            "",
            "check_runtime_version",
            [python_string(ir.python.runtime_api_version), python_string(ir.python.sdk_label)],
        ),
        type_checking_imports=tuple(type_checking),
        lazy=tuple(lazy),
        client_imports=tuple(client_imports),
        apis=tuple(sorted(apis, key=lambda api: api.attribute)),
    )
