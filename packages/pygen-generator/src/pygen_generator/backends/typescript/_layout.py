"""Lines laid out the way biome formats them, so generated code passes `biome check` without running biome.

Only the constructs whose length depends on the model need this: import lists, object literals and
type unions. Everything else in the templates is fixed text already in biome's shape.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

from pygen_generator.ir import plain_text

LINE_WIDTH = 110
INDENT = "  "

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def natural_key(name: str) -> tuple[tuple[int, str, int], ...]:
    """biome's import-specifier order: letters compared case-blind, but at the first case-only
    difference the uppercase one comes first (`EQUIPMENT_VIEW` < `Equipment` < `equipmentFilters`);
    runs of digits compare as numbers."""
    key: list[tuple[int, str, int]] = []
    for part in re.findall(r"\d+|\D", name):
        if part.isdigit():
            key.append((0, part.zfill(20), 0))
        else:
            key.append((1, part.lower(), 0 if part.isupper() else 1))
    return tuple(key)


def sort_names(names: Iterable[str]) -> list[str]:
    """Sort import specifiers as biome does: by the local name (`type X` as `X`, `X as Y` as `Y`)."""
    return sorted(set(names), key=lambda n: natural_key(n.removeprefix("type ").split(" as ")[-1]))


def import_statement(names: Iterable[str], module: str) -> str:
    """`import { a, type B } from "module";`, one specifier per line when it does not fit."""
    ordered = sort_names(names)
    one_line = f'import {{ {", ".join(ordered)} }} from "{module}";'
    if len(one_line) <= LINE_WIDTH:
        return one_line
    body = "".join(f"{INDENT}{name},\n" for name in ordered)
    return f'import {{\n{body}}} from "{module}";'


def _escape_invisible(text: str) -> str:
    """Invisible and line-breaking characters (bidi controls, zero-width, U+2028) as `\\u` escapes: the
    value is the same, and no editor can reorder or hide code around the literal ("Trojan Source")."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\u{{{ord(ch):x}}}")
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else ch
        for ch in text
    )


def string(value: str) -> str:
    """A TypeScript string literal quoted as biome quotes it: double quotes, unless the value holds more
    double than single quotes (then single quotes, fewer escapes). JSON escaping is valid TypeScript."""
    if value.count('"') <= value.count("'"):
        return _escape_invisible(json.dumps(value, ensure_ascii=False))
    inner = json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return _escape_invisible(f"'{inner}'")


def key(name: str) -> str:
    """An object key or interface member: bare when it is an identifier, else quoted."""
    return name if _IDENTIFIER.match(name) else string(name)


def inline_object(entries: Sequence[tuple[str, str]]) -> str:
    """`{ a: 1, b: "x" }` (empty: `{}`)."""
    if not entries:
        return "{}"
    return "{ " + ", ".join(f"{key(k)}: {v}" for k, v in entries) + " }"


def comment_lines(text: str, width: int = LINE_WIDTH - 3) -> list[str]:
    """Word-wrapped lines of prose for `//` or JSDoc comments; never breaks inside a word."""
    lines: list[str] = []
    for paragraph in plain_text(text).strip().splitlines():
        words = paragraph.split()
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return [line.replace("*/", "*\\/") for line in lines]


def line_comment(text: str, width: int) -> tuple[str, ...]:
    """`// ` lines of word-wrapped prose (an empty line is a bare `//`)."""
    return tuple(f"// {line}" if line else "//" for line in comment_lines(text, width))


def jsdoc(paragraphs: Sequence[str], indent: int) -> tuple[str, ...]:
    """A JSDoc block: `/** text */` when it fits on one line, else ` * `-prefixed lines."""
    paragraphs = [plain_text(p) for p in paragraphs]
    if not paragraphs:
        return ()
    if len(paragraphs) == 1:
        one = f"/** {paragraphs[0]} */"
        if len(INDENT * indent) + len(one) <= LINE_WIDTH and "*/" not in one[3:-3] and "\n" not in one:
            return (one,)
    width = LINE_WIDTH - len(INDENT * indent) - 3
    lines = ["/**"]
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append(" *")
        lines += [f" * {line}" if line else " *" for line in comment_lines(paragraph, width)]
    lines.append(" */")
    return tuple(lines)


def call(indent: int, prefix: str, args: Sequence[str], suffix: str) -> tuple[str, ...]:
    """`prefix(a, b)suffix` on one line when it fits, else one argument per line (biome's break)."""
    pad = INDENT * indent
    one = f"{pad}{prefix}({', '.join(args)}){suffix}"
    if len(one) <= LINE_WIDTH:
        return (one,)
    inner = INDENT * (indent + 1)
    return (f"{pad}{prefix}(", *(f"{inner}{arg}," for arg in args), f"{pad}){suffix}")


def statement(indent: int, prefix: str, entries: Sequence[tuple[str, str]], suffix: str) -> tuple[str, ...]:
    """`prefix{ a: 1, b: 2 }suffix` on one line when it fits, else one entry per line (biome's break)."""
    pad = INDENT * indent
    one = f"{pad}{prefix}{inline_object(entries)}{suffix}"
    if len(one) <= LINE_WIDTH or not entries:
        return (one,)
    inner = INDENT * (indent + 1)
    return (f"{pad}{prefix}{{", *(f"{inner}{key(k)}: {v}," for k, v in entries), f"{pad}}}{suffix}")


def array_statement(indent: int, prefix: str, items: Sequence[str], suffix: str) -> tuple[str, ...]:
    """`prefix["a", "b"]suffix`, else one item per line."""
    pad = INDENT * indent
    one = f"{pad}{prefix}[{', '.join(items)}]{suffix}"
    if len(one) <= LINE_WIDTH or not items:
        return (one,)
    inner = INDENT * (indent + 1)
    return (f"{pad}{prefix}[", *(f"{inner}{item}," for item in items), f"{pad}]{suffix}")


def generic_heading(prefix: str, type_args: Sequence[str], suffix: str) -> tuple[str, ...]:
    """`prefix<A, B>suffix` (a class heading), else one type argument per line."""
    one = f"{prefix}<{', '.join(type_args)}>{suffix}"
    if len(one) <= LINE_WIDTH:
        return (one,)
    return (
        f"{prefix}<",
        *(f"{INDENT}{arg}," for arg in type_args[:-1]),
        f"{INDENT}{type_args[-1]}",
        f">{suffix}",
    )


def export_statement(names: Iterable[str], module: str) -> tuple[str, ...]:
    """`export { a, B } from "module";`, one specifier per line when it does not fit."""
    return tuple(import_statement(names, module).replace("import {", "export {", 1).split("\n"))


def empty_interface(name: str, extends: str) -> tuple[str, ...]:
    """`export interface Name extends Base {}`, with the `extends` clause on its own line when too long."""
    one = f"export interface {name} extends {extends} {{}}"
    if len(one) <= LINE_WIDTH:
        return (one,)
    return (f"export interface {name}", f"{INDENT}extends {extends} {{}}")


def interface(name: str, extends: Sequence[str], members: Sequence[str]) -> tuple[str, ...]:
    """`export interface Name extends Generic<A, B> {` (``extends``: the generic's name and its type
    arguments), member lines (already indented) and `}`, broken where biome breaks them: the `extends`
    clause on its own line, then one type argument per line, then a union argument one member per line."""
    generic, *args = extends
    clause = f"{generic}<{', '.join(args)}>"
    head: tuple[str, ...] = (f"export interface {name} extends {clause} {{",)
    if len(head[0]) > LINE_WIDTH:
        head = (f"export interface {name}", f"{INDENT}extends {clause} {{")
    if len(head[-1]) > LINE_WIDTH:
        broken: list[str] = []
        for arg in args:
            line = f"{INDENT * 2}{arg},"
            if len(line) > LINE_WIDTH and " | " in arg:
                broken += [f"{INDENT * 2}| {part}" for part in arg.split(" | ")]
                broken[-1] += ","
            else:
                broken.append(line)
        broken[-1] = broken[-1].removesuffix(",")
        head = (f"export interface {name}", f"{INDENT}extends {generic}<", *broken, f"{INDENT}> {{")
    return (*head, *members, "}")


def member(name: str, type_: str) -> tuple[str, ...]:
    """`  readonly name: A | B;` (an interface member), a union one member per line when too long."""
    one = f"{INDENT}readonly {name}: {type_};"
    if len(one) <= LINE_WIDTH or " | " not in type_:
        return (one,)
    parts = type_.split(" | ")
    return (
        f"{INDENT}readonly {name}:",
        *(f"{INDENT * 2}| {part}" for part in parts[:-1]),
        f"{INDENT * 2}| {parts[-1]};",
    )
