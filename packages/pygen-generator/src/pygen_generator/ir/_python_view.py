"""Decide everything a Python view module prints: imports, constants, class names, headers, lines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pygen_client import ViewId
from pygen_generator.ir._layout import LINE_LENGTH, bracketed, class_header, python_string
from pygen_generator.ir._model import EdgeTypeIR, EnumIR, PropertyIR, PythonClassesIR, PythonViewIR
from pygen_generator.ir._text import plain_text
from pygen_generator.validation import InstanceKind, ViewPlan

__all__ = ["build_python_view", "class_names", "docstring_lines", "import_line", "isort_key", "natural"]

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
    """Text safe inside a triple-quoted docstring, on one line (see ``plain_text``)."""
    text = " ".join(plain_text(text).split())
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return text + " " if text.endswith('"') else text


def _article(word: str) -> str:
    return "An" if word[:1].upper() in "AEIOU" else "A"


def _header(name: str, bases: Sequence[str]) -> str:
    return class_header(name, bases)


def import_line(module: str, names: Sequence[str], indent: str = "") -> str:
    """``from module import a, b`` or, when too long, one name per line (ruff's isort style)."""
    one = f"{indent}from {module} import {', '.join(names)}"
    if len(one) <= LINE_LENGTH:
        return one
    return bracketed(indent, f"from {module} import ", list(names), ")", explode=True)


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


def isort_key(name: str) -> tuple[int, tuple[tuple[int, int | str], ...], tuple[tuple[int, int | str], ...]]:
    """ruff's isort member order: CONSTANTS, Classes, other names; each case-insensitive and natural."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, natural(name.lower()), natural(name))


def _classes(
    plan: ViewPlan,
    kind: InstanceKind,
    sdk: Mapping[ViewId, ViewPlan],
    imports: dict[str, set[str]],
    write_type_line: str | None = None,
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
    # A view that is not writable has no write class: NoReturn as Write makes upsert a type error, and
    # the API names its read and fields classes itself (the runtime reads them from the generic only
    # when all three are classes).
    write = names["write"] if plan.writable else "NoReturn"
    generic = f"{names['read']}, {write}, {names['fields']}"
    operations = "retrieve, list, iterate, search, aggregate" + (
        ", upsert, delete" if plan.writable else " (not writable)"
    )
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
        api_header=_header(names["api"], [f"rt.ViewAPI[{generic}]"]),
        api_docstring=docstring_lines(f"{plan.class_name} {noun}: {operations}."),
        async_api_header=_header(names["async_api"], [f"rt.AsyncViewAPI[{generic}]"]),
        async_api_docstring=docstring_lines(f"{plan.class_name} {noun}, async."),
        api_class_lines=()
        if plan.writable
        else (f"_read_cls = {names['read']}", f"_fields_cls = {names['fields']}"),
        write_type_line=write_type_line if plan.writable and kind == "node" else None,
    )


def build_python_view(
    plan: ViewPlan,
    package: str,
    own: Sequence[PropertyIR],
    enums: Sequence[EnumIR],
    edge_types: Sequence[EdgeTypeIR],
    docstring: Sequence[str],
    sdk: Mapping[ViewId, ViewPlan],
    write_type_line: str | None = None,
    inherited: Sequence[PropertyIR] = (),
) -> PythonViewIR:
    """``own``: the properties the module declares; ``inherited``: the others, of which the read class
    declares those the IR gives a ``read_line`` (this view's filter reads them otherwise than the parent's)."""
    parent_imports: dict[str, set[str]] = {}
    classes = [_classes(plan, kind, sdk, parent_imports, write_type_line) for kind in plan.kinds]
    fields = [p.python for p in own if p.python is not None]
    fields += [p.python for p in inherited if p.python is not None and p.python.read_line is not None]
    lines = "\n".join(
        line for f in fields for line in (f.properties_line, f.read_line, f.write_line) if line is not None
    )
    stdlib: list[str] = []
    if re.search(r"\bdate\b", " ".join(f.annotation for f in fields)):
        stdlib.append("from datetime import date")
    typing = (["Literal"] if enums else []) + (["NoReturn"] if not plan.writable else [])
    if typing:
        stdlib.append(f"from typing import {', '.join(typing)}")
    third = ["from pydantic import Field"] if "= Field(" in lines else []
    first = ["import pygen_runtime as rt"] + [
        import_line(f"{package}.{module}", sorted(names, key=isort_key))
        for module, names in sorted(parent_imports.items(), key=lambda item: natural(item[0]))
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
