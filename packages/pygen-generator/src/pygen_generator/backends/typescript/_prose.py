"""The comment at the top of a view module: what the view is, how it relates to the others."""

from __future__ import annotations

from pygen_generator.backends.typescript._input import ViewIn, ViewKey


def view_header(view: ViewIn, by_key: dict[ViewKey, ViewIn]) -> str:
    parents = [by_key[k] for k in view.implements if k in by_key]
    text = f"{view.type_name} ({view.key.label()})"
    if parents:
        text += ", implements " + ", ".join(p.type_name for p in parents)
    if view.description:
        text += f": {view.description.strip()}"
    return text if text.endswith(".") else f"{text}."
