"""pygen-generator: CDF data model -> validated IR -> typed SDK (Python; TypeScript through its backend).

The pipeline, one folder per stage: ``loaders`` -> ``validation`` -> ``ir`` -> ``backends/<language>``;
the ``pygen`` CLI in ``cli``. Heavy modules are imported on first use, so ``import pygen_generator``
(and ``pygen --help``) stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pygen_generator._version import __version__
from pygen_generator.errors import (
    CDFError,
    GeneratorError,
    InputError,
    ModelValidationError,
    OutputError,
)

if TYPE_CHECKING:
    from pygen_generator._api import generate_ir, generate_sdk, generate_sdk_notebook

_LAZY = {
    "generate_ir": "pygen_generator._api",
    "generate_sdk": "pygen_generator._api",
    "generate_sdk_notebook": "pygen_generator._api",
}

__all__ = [
    "CDFError",
    "GeneratorError",
    "InputError",
    "ModelValidationError",
    "OutputError",
    "__version__",
    "generate_ir",
    "generate_sdk",
    "generate_sdk_notebook",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
