"""Load a model file: the corpus format or a plain API response (``{"items": [...]}``), JSON or YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygen_generator.errors import InputError
from pygen_generator.loaders._bundle import LoadedModel, parse_models
from pygen_generator.loaders._yaml import parse_yaml

__all__ = ["load_file"]


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror or exc}", "check the path given to --input"
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return parse_yaml(text, str(path))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            "fix the file, or pass a .yaml file for YAML",
        ) from None


def load_file(path: Path) -> list[LoadedModel]:
    """One or more data models from ``path`` (an API response may hold several)."""
    return parse_models(_read(path), str(path))
