"""pygen-emulator: a local CDF data-modeling (DMS) server, its CLI and a pytest plugin.

Importing the package is cheap; the server parts load on first use of these names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygen_emulator._errors import DMSError
    from pygen_emulator._server import EmulatorHandle, EmulatorServer
    from pygen_emulator._settings import Settings
    from pygen_emulator.app import create_app

__all__ = ["DMSError", "EmulatorHandle", "EmulatorServer", "Settings", "create_app"]

_LAZY = {
    "DMSError": "pygen_emulator._errors",
    "EmulatorHandle": "pygen_emulator._server",
    "EmulatorServer": "pygen_emulator._server",
    "Settings": "pygen_emulator._settings",
    "create_app": "pygen_emulator.app",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen_emulator' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
