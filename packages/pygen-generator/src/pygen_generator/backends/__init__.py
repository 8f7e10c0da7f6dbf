"""Backends: one per target language. Each turns the IR into ``{relative path: file text}``.

``render(ir, language)`` picks the backend; a backend module is imported only when used. A new
language adds one entry to ``_BACKENDS`` (module path and function name) and nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, cast

from pygen_generator.errors import InputError

if TYPE_CHECKING:
    from pygen_generator.ir import SdkIR

__all__ = ["LANGUAGES", "Renderer", "render"]


class Renderer(Protocol):
    def __call__(self, ir: SdkIR) -> dict[str, str]: ...


# language -> (module, function): the function takes the IR and returns {relative path: text}.
_BACKENDS: dict[str, tuple[str, str]] = {
    "python": ("pygen_generator.backends.python", "render_python"),
    "typescript": ("pygen_generator.backends.typescript", "render_typescript"),
}
LANGUAGES = tuple(sorted(_BACKENDS))


def render(ir: SdkIR, language: str = "python") -> dict[str, str]:
    if language not in _BACKENDS:
        raise InputError(f"unknown language {language!r}", f"choose one of: {', '.join(LANGUAGES)}")
    module, function = _BACKENDS[language]
    renderer = cast("Renderer", getattr(importlib.import_module(module), function))
    return renderer(ir)
