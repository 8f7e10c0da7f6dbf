"""Model text (names, descriptions, ids) made safe to print into comments and docstrings.

Descriptions come from whoever wrote the model. Printed raw they could hide code from a reviewer
("Trojan Source": bidi overrides such as U+202E reorder what an editor shows), break the file
(a NUL byte is a SyntaxError in Python), or end a `//` comment (U+2028 is a line break in JavaScript).
Every prose field of the IR goes through ``plain_text``; the docstring and JSDoc makers apply it again
to everything they print, ids included, and escape their own terminators (`\"\"\"`, `*/`).
"""

from __future__ import annotations

import unicodedata

__all__ = ["plain_text"]

# Line breaks in any of the target languages (JavaScript ends a line at U+2028/U+2029, Python at \r).
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}


def _keep(ch: str) -> str:
    category = unicodedata.category(ch)
    if ch in "\n\t":
        return ch
    if category == "Cc":  # control characters (NUL, ESC, DEL, ...): a space keeps words apart
        return " "
    if category in ("Cf", "Cs"):  # bidi overrides/isolates/marks, zero-width characters, lone surrogates
        return ""
    return ch


def plain_text(text: str) -> str:
    """The text with line breaks as ``\\n``, control characters as spaces and invisible format
    characters (bidi controls, zero-width characters, BOM) and lone surrogates removed."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    if text.isascii() and text.isprintable():
        return text
    return "".join(_keep(ch) for ch in text)
