"""``lazy_import``: how a generated view module refers to the modules of the views it connects to.

View modules import each other in cycles (Operator <-> Equipment). A plain ``from sdk import equipment``
hands a partially initialised module to the importer, and pydantic, evaluating an annotation such as
``rt.Many[_equipment.Equipment]`` while the class is created, would meet an ``AttributeError``. Through a
``lazy_import`` the missing class is a ``NameError`` instead, which pydantic treats as "not defined yet":
it finishes the class on first use, when every module has loaded. Type checkers see the real import::

    if TYPE_CHECKING:
        from example_sdk import equipment as _equipment
    else:
        _equipment = rt.lazy_import("example_sdk.equipment")
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

__all__ = ["lazy_import"]


def _initializing(name: str) -> bool:
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    return module is None or bool(getattr(spec, "_initializing", False))


class _LazyModule:
    __slots__ = ("_name", "_referrer")

    def __init__(self, name: str, referrer: str) -> None:
        self._name = name
        self._referrer = referrer

    def _module(self) -> ModuleType | None:
        module = sys.modules.get(self._name)
        if module is None and not _initializing(self._referrer):
            module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attribute: str) -> Any:
        # While the referring module is still importing, nothing more is imported (importing one view
        # module loads only what it needs): what is not there yet is "not defined yet", which pydantic
        # resolves on first use, when this imports the module.
        module = self._module()
        try:
            return getattr(module, attribute)
        except AttributeError:
            raise NameError(f"{self._name}.{attribute} is not defined yet") from None

    def __repr__(self) -> str:
        return f"lazy_import({self._name!r})"


def lazy_import(name: str) -> Any:
    """A stand-in for module ``name`` whose attributes are looked up when used (see the module docstring)."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"lazy_import takes a module name, got {name!r}")
    return _LazyModule(name, sys._getframe(1).f_globals.get("__name__", ""))
