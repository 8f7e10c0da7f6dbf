"""Decide everything a Python view module prints: imports, constants, class names, headers, lines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pygen_client import ViewId
from pygen_generator.ir._layout import LINE_LENGTH, bracketed, python_string
from pygen_generator.ir._model import EdgeTypeIR, EnumIR, PropertyIR, PythonClassesIR, PythonViewIR
from pygen_generator.validation import InstanceKind, ViewPlan

__all__ = ["build_python_view", "class_names", "docstring_lines", "import_line", "isort_key"]

_BASES = {
    "node": ("rt.Node", "rt.NodeWrite", "rt.NodeFields"),
    "edge": ("rt.Edge", "rt.EdgeWrite", "rt.EdgeFields"),
}


def class_names(plan: ViewPlan, kind: InstanceKind) -> dict[str, str]:
    """Read/write/fields/API class names of one view for one instance type."""
    stem = plan.class_name + ("Edge" if kind == "edge" and len(plan.kinds) > 1 else "")
    return {
        "read": stem,
        "write": f"{stem}Write",
        "fields": f"{stem}Fields",
        "api": f"{stem}API",
        "async_api": f"Async{stem}API",
        "client_attribute": plan.client_attribute
        + ("_edge" if kind == "edge" and len(plan.kinds) > 1 else ""),
    }


def properties_name(plan: ViewPlan) -> str:
    return f"{plan.class_name}Properties"


def docstring_lines(text: str) -> str:
    """Text safe inside a triple-quoted docstring, on one line."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return text + " " if text.endswith('"') else text


def _article(word: str) -> str:
    return "An" if word[:1].upper() in "AEIOU" else "A"


def _header(name: str, bases: Sequence[str]) -> str:
    return bracketed("", f"class {name}", list(bases), "):")


def import_line(module: str, names: Sequence[str], indent: str = "") -> str:
    """``from module import a, b`` or, when too long, one name per line (ruff's isort style)."""
    one = f"{indent}from {module} import {', '.join(names)}"
    if len(one) <= LINE_LENGTH:
        return one
    return bracketed(indent, f"from {module} import ", list(names), ")", explode=True)


def isort_key(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then other names."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _classes(
    plan: ViewPlan, kind: InstanceKind, sdk: Mapping[ViewId, ViewPlan], imports: dict[str, set[str]]
) -> PythonClassesIR:
    names = class_names(plan, kind)
    read_base, write_base, fields_base = _BASES[kind]
    read_bases: list[str] = []
    fields_bases: list[str] = []
    write_bases: list[str] = []
    for parent_id in plan.parents:
        parent = sdk[parent_id]
        parent_names = class_names(parent, kind)
        read_bases.append(parent_names["read"])
        fields_bases.append(parent_names["fields"])
        wanted = {parent_names["read"], parent_names["fields"], properties_name(parent)}
        if plan.writable and parent_id in plan.write_parents:
            write_bases.append(parent_names["write"])
            wanted.add(parent_names["write"])
        imports.setdefault(parent.module, set()).update(wanted)
    own = [properties_name(plan), "view=VIEW_ID"]
    noun = "edges" if kind == "edge" else "nodes"
    return PythonClassesIR(
        instance_type=kind,
        read=names["read"],
        write=names["write"] if plan.writable else None,
        fields=names["fields"],
        api=names["api"],
        async_api=names["async_api"],
        client_attribute=names["client_attribute"],
        read_header=_header(names["read"], [*(read_bases or [read_base]), *own]),
        write_header=_header(names["write"], [*(write_bases or [write_base]), *own])
        if plan.writable
        else None,
        write_docstring=docstring_lines(
            f"{_article(plan.class_name)} {plan.class_name} {noun[:-1]} to create or update."
        ),
        fields_header=_header(names["fields"], [*(fields_bases or [fields_base]), "view=VIEW_ID"]),
        api_header=_header(
            names["api"], [f"rt.ViewAPI[{names['read']}, {names['write']}, {names['fields']}]"]
        ),
        api_docstring=docstring_lines(
            f"{plan.class_name} {noun}: retrieve, list, iterate, search, aggregate, upsert, delete."
        ),
        async_api_header=_header(
            names["async_api"], [f"rt.AsyncViewAPI[{names['read']}, {names['write']}, {names['fields']}]"]
        ),
        async_api_docstring=docstring_lines(f"{plan.class_name} {noun}, async."),
    )


def build_python_view(
    plan: ViewPlan,
    package: str,
    own: Sequence[PropertyIR],
    enums: Sequence[EnumIR],
    edge_types: Sequence[EdgeTypeIR],
    docstring: Sequence[str],
    sdk: Mapping[ViewId, ViewPlan],
) -> PythonViewIR:
    parent_imports: dict[str, set[str]] = {}
    classes = [_classes(plan, kind, sdk, parent_imports) for kind in plan.kinds]
    fields = [p.python for p in own if p.python is not None]
    lines = "\n".join(
        line for f in fields for line in (f.properties_line, f.read_line, f.write_line) if line is not None
    )
    stdlib: list[str] = []
    if re.search(r"\bdate\b", " ".join(f.annotation for f in fields)):
        stdlib.append("from datetime import date")
    if enums:
        stdlib.append("from typing import Literal")
    third = ["from pydantic import Field"] if "= Field(" in lines else []
    first = ["import pygen_runtime as rt"] + [
        import_line(f"{package}.{module}", sorted(names, key=isort_key))
        for module, names in sorted(parent_imports.items())
    ]
    exports = [properties_name(plan)]
    exports += [
        name for cls in classes for name in (cls.read, cls.write, cls.fields, cls.api, cls.async_api) if name
    ]
    exports += [edge.python_const for edge in edge_types]
    parent_properties = [properties_name(sdk[p]) for p in plan.parents]
    view_id = plan.view_id
    return PythonViewIR(
        module=plan.module,
        docstring=tuple(docstring),
        imports=tuple(group for group in (tuple(stdlib), tuple(third), tuple(first)) if group),
        view_id_line=bracketed(
            "",
            "VIEW_ID = rt.ViewId",
            [
                python_string(view_id.space),
                python_string(view_id.external_id),
                python_string(view_id.version or ""),
            ],
        ),
        enum_lines=tuple(
            bracketed(
                "", f"{e.python_alias} = Literal", [python_string(v.value) for v in e.values], "]", open_="["
            )
            for e in enums
        ),
        edge_type_lines=tuple(
            bracketed(
                "",
                f"{e.python_const} = rt.InstanceId",
                [python_string(e.space), python_string(e.external_id)],
            )
            for e in edge_types
        ),
        properties=properties_name(plan),
        properties_header=_header(properties_name(plan), parent_properties or ["rt.Properties"]),
        classes=tuple(classes),
        exports=tuple(sorted(exports, key=isort_key)),
    )
