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


class _LazyModule:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def _module(self) -> ModuleType:
        return sys.modules.get(self._name) or importlib.import_module(self._name)

    def __getattr__(self, attribute: str) -> Any:
        module = self._module()
        try:
            return getattr(module, attribute)
        except AttributeError:
            # Still importing (a cycle): "not defined yet", which pydantic resolves later.
            raise NameError(f"{self._name}.{attribute} is not defined yet") from None

    def __repr__(self) -> str:
        return f"lazy_import({self._name!r})"


def lazy_import(name: str) -> Any:
    """A stand-in for module ``name`` whose attributes are looked up when used (see the module docstring)."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"lazy_import takes a module name, got {name!r}")
    return _LazyModule(name)
