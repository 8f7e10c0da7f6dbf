"""The Python API: ``generate_ir``, ``generate_sdk``, ``generate_sdk_notebook``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pygen_generator.ir import SdkIR, build_ir
from pygen_generator.loaders import load_models
from pygen_generator.validation import GenerateOptions, validate

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = ["generate_ir"]


def generate_ir(
    inputs: Sequence[str | Path] = (),
    model_ids: Sequence[str] = (),
    *,
    options: GenerateOptions | None = None,
    variables: Mapping[str, str] | None = None,
    config: ClientConfig | None = None,
) -> SdkIR:
    """Load, validate and build the IR of the given models (files, Toolkit folders, live model ids)."""
    models = load_models(inputs, model_ids, variables=variables, config=config)
    return build_ir(validate(models, options))
