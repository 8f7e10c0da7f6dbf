"""Decide everything a Python view module prints: imports, constants, class names, headers, lines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pygen_client import ViewId
from pygen_generator.ir._layout import bracketed, python_string
from pygen_generator.ir._model import EdgeTypeIR, EnumIR, PropertyIR, PythonClassesIR, PythonViewIR
from pygen_generator.validation import InstanceKind, ViewPlan

__all__ = ["build_python_view", "class_names", "docstring_lines", "import_line", "isort_key"]

_BASES = {
    "node": ("rt.Node", "rt.NodeWrite", "rt.NodeFields"),
    "edge": ("rt.Edge", "rt.EdgeWrite", "rt.EdgeFields"),
}


def class_names(plan: ViewPlan, kind: InstanceKind) -> dict[str, str]:
    """Read/write/list/fields/API class names of one view for one instance type."""
    stem = plan.class_name + ("Edge" if kind == "edge" and len(plan.kinds) > 1 else "")
    return {
        "read": stem,
        "write": f"{stem}Write",
        "list": f"{stem}List",
        "fields": f"{stem}Fields",
        "api": f"{stem}API",
        "async_api": f"Async{stem}API",
        "client_attribute": plan.client_attribute
        + ("_edge" if kind == "edge" and len(plan.kinds) > 1 else ""),
    }


def docstring_lines(text: str) -> str:
    """Text safe inside a triple-quoted docstring, on one line."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return text + " " if text.endswith('"') else text


def _header(name: str, bases: Sequence[str]) -> str:
    return bracketed("", f"class {name}", list(bases), "):")


def _classes(
    plan: ViewPlan, kind: InstanceKind, sdk: Mapping[ViewId, ViewPlan]
) -> tuple[PythonClassesIR, dict[str, set[str]]]:
    names = class_names(plan, kind)
    read_base, write_base, fields_base = _BASES[kind]
    imports: dict[str, set[str]] = {}
    read_bases: list[str] = []
    fields_bases: list[str] = []
    write_bases: list[str] = []
    for parent_id in plan.parents:
        parent = sdk[parent_id]
        parent_names = class_names(parent, kind)
        read_bases.append(parent_names["read"])
        fields_bases.append(parent_names["fields"])
        wanted = {parent_names["read"], parent_names["fields"]}
        if plan.writable and parent_id in plan.write_parents:
            write_bases.append(parent_names["write"])
            wanted.add(parent_names["write"])
        imports.setdefault(parent.module, set()).update(wanted)
    read_bases = read_bases or [read_base]
    fields_bases = fields_bases or [fields_base]
    write_bases = write_bases or [write_base]
    generic = f"[{names['read']}, {names['list']}]"
    classes = PythonClassesIR(
        instance_type=kind,
        read=names["read"],
        write=names["write"] if plan.writable else None,
        list=names["list"],
        fields=names["fields"],
        api=names["api"],
        async_api=names["async_api"],
        client_attribute=names["client_attribute"],
        read_header=_header(names["read"], read_bases),
        write_header=_header(names["write"], write_bases) if plan.writable else None,
        fields_header=_header(names["fields"], fields_bases),
        list_header=_header(names["list"], [f"rt.InstanceList[{names['read']}]"]),
        api_header=_header(names["api"], [f"rt.ViewAPI{generic}"]),
        async_api_header=_header(names["async_api"], [f"rt.AsyncViewAPI{generic}"]),
    )
    return classes, imports


def import_line(module: str, names: Sequence[str]) -> str:
    """``from module import a, b`` or, when too long, one name per line (ruff's isort style)."""
    one = f"from {module} import {', '.join(names)}"
    if len(one) <= 110:
        return one
    return bracketed("", f"from {module} import ", list(names), ")", explode=True)


def isort_key(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then other names."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def build_python_view(
    plan: ViewPlan,
    package: str,
    own: Sequence[PropertyIR],
    enums: Sequence[EnumIR],
    edge_types: Sequence[EdgeTypeIR],
    docstring: Sequence[str],
    sdk: Mapping[ViewId, ViewPlan],
) -> PythonViewIR:
    classes: list[PythonClassesIR] = []
    parent_imports: dict[str, set[str]] = {}
    for kind in plan.kinds:
        cls, imports = _classes(plan, kind, sdk)
        classes.append(cls)
        for module, names in imports.items():
            parent_imports.setdefault(module, set()).update(names)
    types = " ".join(f"{p.python.read_type} {p.python.write_type or ''}" for p in own if p.python is not None)
    lines = " ".join(f"{p.python.read_line} {p.python.write_line or ''}" for p in own if p.python is not None)
    stdlib: list[str] = []
    dt = [name for name in ("date", "datetime") if re.search(rf"\b{name}\b(?!\.)", types)]
    if dt:
        stdlib.append(f"from datetime import {', '.join(dt)}")
    typing = ["Any"] if re.search(r"\bAny\b", types) else []
    typing.append("ClassVar")
    if enums:
        typing.append("Literal")
    stdlib.append(f"from typing import {', '.join(typing)}")
    third = ["from pydantic import Field"] if "Field(" in lines else []
    first = ["import pygen_runtime as rt"] + [
        import_line(f"{package}.{module}", sorted(names, key=isort_key))
        for module, names in sorted(parent_imports.items())
    ]
    exports = [
        name
        for cls in classes
        for name in (cls.read, cls.write, cls.list, cls.fields, cls.api, cls.async_api)
        if name
    ]
    exports += [edge.python_const for edge in edge_types]
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
        classes=tuple(classes),
        exports=tuple(sorted(exports, key=isort_key)),
    )
