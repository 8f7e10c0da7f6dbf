"""Loaders: every source becomes the same ``LoadedModel`` (a read-format data model + its containers).

* a file (``.json``/``.yaml``) in the corpus format of ``shared/models`` or an API response ``{"items": [...]}``;
* a Cognite Toolkit module folder (``*.space|container|view|datamodel.yaml`` with ``{{ var }}``);
* live CDF (or the emulator) by ``SPACE:EXTERNAL_ID[/VERSION]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pygen_generator.errors import InputError
from pygen_generator.loaders._bundle import LoadedModel, parse_model, parse_models
from pygen_generator.loaders._cdf import load_cdf, parse_model_id
from pygen_generator.loaders._file import load_file
from pygen_generator.loaders._toolkit import load_toolkit_module

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = [
    "LoadedModel",
    "load_cdf",
    "load_file",
    "load_models",
    "load_path",
    "load_toolkit_module",
    "parse_model",
    "parse_model_id",
    "parse_models",
]


def load_path(path: Path, variables: Mapping[str, str] | None = None) -> list[LoadedModel]:
    """A model file or a Toolkit module folder."""
    if path.is_dir():
        return load_toolkit_module(path, variables)
    if not path.exists():
        raise InputError(
            f"{path} does not exist", "pass a model file (.json/.yaml) or a Toolkit module folder"
        )
    return load_file(path)


def load_models(
    inputs: Sequence[str | Path] = (),
    model_ids: Sequence[str] = (),
    *,
    variables: Mapping[str, str] | None = None,
    config: ClientConfig | None = None,
) -> list[LoadedModel]:
    """Every model from the given files/folders and live model ids, in the order given."""
    models: list[LoadedModel] = []
    for item in inputs:
        models.extend(load_path(Path(item), variables))
    if model_ids:
        models.extend(load_cdf(list(model_ids), config))
    if not models:
        raise InputError("no model given", "pass --input PATH or --model SPACE:XID[/VERSION]")
    return models
