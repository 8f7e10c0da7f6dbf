"""YAML parsing with the generator's error style (PyYAML ships no type information)."""

from __future__ import annotations

from typing import Any

import yaml  # type: ignore[import-untyped]

from pygen_generator.errors import InputError

__all__ = ["parse_yaml"]


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{source} is not valid YAML{where}: {problem}", "fix the YAML syntax") from None
