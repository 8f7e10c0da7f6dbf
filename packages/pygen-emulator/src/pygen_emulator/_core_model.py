"""The Cognite Core Data Model (``cdf_cdm:CogniteCore/v1``), built into every emulator unless opted out.

CDF serves it in two global (system) spaces: listed only with ``includeGlobal=true``, read-only. The
model ships as package data (``models/CogniteCore.json``, the corpus format; its ``_source`` says
where it comes from), so the emulator needs nothing outside its own package.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

__all__ = ["CORE_MODEL_SPACES", "core_model"]

CORE_MODEL_SPACES = ("cdf_cdm", "cdf_cdm_3d")


@functools.lru_cache(maxsize=1)
def _core_model_text() -> str:
    return (resources.files("pygen_emulator") / "models" / "CogniteCore.json").read_text(encoding="utf-8")


def core_model() -> dict[str, Any]:
    """A fresh copy of the core model in the corpus format (callers may change it)."""
    model: dict[str, Any] = json.loads(_core_model_text())
    return model
