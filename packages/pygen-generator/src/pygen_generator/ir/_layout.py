"""Lay out Python statements the way ``ruff format`` does, so the output is formatted as generated.

Only the shapes the generator emits: a call/class header/import that fits on one line stays there;
otherwise its arguments go on one indented line; otherwise one per line with a trailing comma.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LINE_LENGTH", "bracketed", "class_header", "python_string"]

LINE_LENGTH = 110


def python_string(value: str) -> str:
    """A double-quoted Python string literal (ruff format's quote style)."""
    body = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    body = "".join(ch if ch.isprintable() or ch in "\\" else f"\\u{ord(ch):04x}" for ch in body)
    return f'"{body}"'


def bracketed(
    indent: str, head: str, items: Sequence[str], tail: str = ")", *, open_: str = "(", explode: bool = False
) -> str:
    """``head(items)tail`` laid out in at most three ways, as ruff format would."""
    joined = ", ".join(items)
    one_line = f"{indent}{head}{open_}{joined}{tail}"
    if not explode and len(one_line) <= LINE_LENGTH:
        return one_line
    inner = indent + "    "
    if not explode and len(inner + joined) <= LINE_LENGTH:
        return f"{indent}{head}{open_}\n{inner}{joined}\n{indent}{tail}"
    body = "".join(f"{inner}{item},\n" for item in items)
    return f"{indent}{head}{open_}\n{body}{indent}{tail}"


def _item(indent: str, item: str) -> str:
    """One exploded argument: as is, or (a too long ``name[args]``) with its subscript split."""
    if len(f"{indent}{item},") <= LINE_LENGTH or not item.endswith("]") or "[" not in item:
        return f"{indent}{item},\n"
    head, _, rest = item.partition("[")
    return bracketed(indent, head, [a.strip() for a in rest[:-1].split(", ")], "]", open_="[") + ",\n"


def class_header(name: str, bases: Sequence[str]) -> str:
    """``class name(bases):`` as ruff format lays it out."""
    joined = ", ".join(bases)
    if len(f"class {name}({joined}):") <= LINE_LENGTH:
        return f"class {name}({joined}):"
    if len(f"    {joined}") <= LINE_LENGTH:
        return f"class {name}(\n    {joined}\n):"
    return f"class {name}(\n" + "".join(_item("    ", base) for base in bases) + "):"
