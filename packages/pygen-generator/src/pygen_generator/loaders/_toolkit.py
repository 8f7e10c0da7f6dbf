"""Load a Cognite Toolkit module folder (write-format YAML with ``{{ var }}`` placeholders).

The Toolkit files hold what one *writes* to CDF: views list only their own properties, mapped
properties name a container property but not its type. This loader does what CDF does on read:
substitutes the variables, resolves ``implements`` (parents' properties first, own ones override),
fills each mapped property's type and flags from its container, and inlines the views into each
data model — so the result equals ``GET models/datamodels/byids?inlineViews=true``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pygen_generator.errors import InputError
from pygen_generator.loaders._bundle import LoadedModel, parse_model
from pygen_generator.loaders._resolve import resolve_views
from pygen_generator.loaders._yaml import parse_yaml

__all__ = ["is_toolkit_module", "load_toolkit_module"]

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")
_KINDS = ("space", "container", "view", "datamodel")


def is_toolkit_module(path: Path) -> bool:
    return path.is_dir()


def _kind(file: Path) -> str | None:
    parts = file.name.lower().split(".")
    if len(parts) >= 3 and parts[-1] in ("yaml", "yml") and parts[-2] in _KINDS:
        return parts[-2]
    return None


def _variables(folder: Path, overrides: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    config = folder / "default.config.yaml"
    if config.is_file():
        loaded = parse_yaml(config.read_text(encoding="utf-8"), str(config)) or {}
        if not isinstance(loaded, dict):
            raise InputError(f"{config} must map variable names to values", "e.g. my_space: sp_dev")
        values.update(loaded)
    values.update(overrides)
    return values


def _substitute(text: str, variables: Mapping[str, Any], source: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise InputError(
                f"{source}: variable {{{{ {name} }}}} has no value",
                f"add it to default.config.yaml or pass --var {name}=VALUE",
            )
        return str(variables[name])

    return _PLACEHOLDER.sub(replace, text)


def _documents(file: Path, variables: Mapping[str, Any]) -> list[dict[str, Any]]:
    text = _substitute(file.read_text(encoding="utf-8"), variables, file)
    data = parse_yaml(text, str(file))
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            raise InputError(
                f"{file}: expected a mapping, got {type(item).__name__}", "see the Toolkit YAML format"
            )
        if "version" in item and not isinstance(item["version"], str):
            item["version"] = str(item["version"])  # `version: 1` in YAML is an int; CDF versions are strings
    return items


def load_toolkit_module(folder: Path, overrides: Mapping[str, str] | None = None) -> list[LoadedModel]:
    """Every data model of the module folder, resolved to the read format."""
    variables = _variables(folder, overrides or {})
    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _KINDS}
    for file in sorted(folder.rglob("*")):
        kind = _kind(file)
        if kind is not None and file.is_file():
            found[kind].extend(_documents(file, variables))
    if not found["datamodel"]:
        raise InputError(
            f"{folder}: no *.datamodel.yaml file",
            "pass a Toolkit module folder (with data_models/*.datamodel.yaml), or a model file",
        )
    views, containers = resolve_views(found["view"], found["container"], str(folder))
    models: list[LoadedModel] = []
    for data_model in found["datamodel"]:
        refs = data_model.get("views") or []
        model_views: list[dict[str, Any]] = []
        for ref in refs:
            key = (ref.get("space"), ref.get("externalId"), str(ref.get("version")))
            if key not in views:
                raise InputError(
                    f"{folder}: data model {data_model.get('externalId')} lists view "
                    f"{key[0]}:{key[1]}/{key[2]}, which no *.view.yaml defines",
                    "add the view to the module or remove it from the data model",
                )
            model_views.append(views[key])
        used = {c["container"]["externalId"] for v in model_views for c in _mapped(v)}
        model = {
            **{k: v for k, v in data_model.items() if k != "views"},
            "views": model_views,
            "containers": [c for c in containers if c["externalId"] in used],
        }
        models.append(parse_model(model, f"{folder} ({data_model.get('externalId')})"))
    return models


def _mapped(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in view["properties"].values() if "container" in p]
