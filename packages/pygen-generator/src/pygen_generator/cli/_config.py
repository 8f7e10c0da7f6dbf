"""Defaults for the CLI from ``[tool.pygen]`` in ``pyproject.toml`` or from ``pygen.toml``; flags win.

Keys are the long option names with ``-`` or ``_`` (``client-name`` / ``client_name``); list options
(``input``, ``model``, ``exclude-view``, ``exclude-space``, ``var``) take lists; ``var`` may also be a table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pygen_generator.errors import InputError

__all__ = ["find_config", "load_config"]

_KNOWN = {
    "input", "model", "output", "package", "client_name", "npm_package", "language", "overwrite", "strict", "var",
    "exclude_view", "exclude_space", "default_instance_space", "project",
}  # fmt: skip
# config key -> the click parameter name
_PARAMS = {
    "input": "inputs",
    "model": "models",
    "var": "variables",
    "exclude_view": "exclude_views",
    "exclude_space": "exclude_spaces",
}
_ALIASES = {
    "exclude_views": "exclude_view",
    "exclude_spaces": "exclude_space",
    "vars": "var",
    "models": "model",
}


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", "fix the TOML syntax") from None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``pygen.toml`` or ``pyproject.toml`` with ``[tool.pygen]``, from ``start`` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pygen.toml"
        if candidate.is_file():
            data = _toml(candidate)
            return candidate, data.get("tool", {}).get("pygen", data)
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            section = _toml(candidate).get("tool", {}).get("pygen")
            if isinstance(section, dict):
                return candidate, section
    return None


def load_config(start: Path) -> dict[str, Any]:
    """Option defaults (click ``default_map`` form) from the nearest config file; ``{}`` when none."""
    found = find_config(start)
    if found is None:
        return {}
    path, section = found
    out: dict[str, Any] = {}
    for key, value in section.items():
        name = _ALIASES.get(key.replace("-", "_"), key.replace("-", "_"))
        if name not in _KNOWN:
            raise InputError(
                f"{path}: unknown [tool.pygen] key {key!r}", f"known keys: {', '.join(sorted(_KNOWN))}"
            )
        if name == "var" and isinstance(value, dict):
            value = [f"{k}={v}" for k, v in value.items()]
        if name in ("input", "output") and isinstance(value, str):
            value = str((path.parent / value).resolve())  # relative to the config file
        if name == "input" and isinstance(value, list):
            value = [str((path.parent / v).resolve()) for v in value]
        out[_PARAMS.get(name, name)] = value
    return out
