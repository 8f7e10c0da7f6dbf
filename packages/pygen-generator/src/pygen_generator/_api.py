"""The Python API: ``generate_ir``, ``generate_sdk``, ``generate_sdk_notebook``."""

from __future__ import annotations

import importlib
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygen_generator.backends import render
from pygen_generator.ir import SdkIR, build_ir
from pygen_generator.loaders import load_models
from pygen_generator.validation import GenerateOptions, validate

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = ["generate_files", "generate_ir", "generate_sdk", "generate_sdk_notebook"]

Inputs = str | Path | Sequence[str | Path]


def _inputs(inputs: Inputs) -> list[str | Path]:
    return [inputs] if isinstance(inputs, (str, Path)) else list(inputs)


def generate_ir(
    inputs: Inputs = (),
    model_ids: Sequence[str] = (),
    *,
    options: GenerateOptions | None = None,
    variables: Mapping[str, str] | None = None,
    config: ClientConfig | None = None,
) -> SdkIR:
    """Load, validate and build the IR of the given models (files, Toolkit folders, live model ids)."""
    models = load_models(_inputs(inputs), model_ids, variables=variables, config=config)
    return build_ir(validate(models, options))


def generate_files(ir: SdkIR, language: str = "python", *, project: bool = True) -> dict[str, str]:
    """``{relative path: text}``; ``project=False``: only the package folder's files, relative to it
    (the Python package, or a TypeScript package's ``src/``)."""
    files = render(ir, language)
    if project:
        return files
    prefix = f"{ir.python.package}/" if language == "python" else "src/"
    return {path[len(prefix) :]: text for path, text in files.items() if path.startswith(prefix)}


def generate_sdk(
    inputs: Inputs = (),
    *,
    model_ids: Sequence[str] = (),
    output: str | Path | None = None,
    package: str | None = None,
    client_name: str | None = None,
    npm_package: str | None = None,
    language: str = "python",
    overwrite: bool = False,
    strict: bool = False,
    exclude_views: Sequence[str] = (),
    exclude_spaces: Sequence[str] = (),
    default_instance_space: str | None = None,
    variables: Mapping[str, str] | None = None,
    config: ClientConfig | None = None,
    project: bool = True,
) -> dict[str, str] | Path:
    """Generate an SDK from model files/Toolkit folders (``inputs``) and/or live ``model_ids``.

    Without ``output`` the files are returned as ``{relative path: text}`` and nothing is written;
    with it they are written atomically (an existing non-empty folder needs ``overwrite``) and the
    folder is returned. ``project=False`` writes only the package (no ``pyproject.toml``/``README.md``;
    for TypeScript only ``src/``). ``npm_package`` names a TypeScript SDK (default: ``package``, kebab-case).
    """
    from pygen_generator._output import write_files

    options = GenerateOptions(
        package=package,
        client_name=client_name,
        npm_package=npm_package,
        exclude_views=tuple(exclude_views),
        exclude_spaces=tuple(exclude_spaces),
        default_instance_space=default_instance_space,
        strict=strict,
    )
    ir = generate_ir(inputs, model_ids, options=options, variables=variables, config=config)
    files = generate_files(ir, language, project=project)
    if output is None:
        return files
    return write_files(files, Path(output), overwrite=overwrite)


def generate_sdk_notebook(
    inputs: Inputs = (),
    *,
    model_ids: Sequence[str] = (),
    config: ClientConfig | None = None,
    client_config: ClientConfig | None = None,
    output: str | Path | None = None,
    package: str | None = None,
    client_name: str | None = None,
    exclude_views: Sequence[str] = (),
    exclude_spaces: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
) -> Any:
    """Generate into a folder (default: a temporary one), import the SDK and return a ready client.

    Works in Jupyter: a regenerated SDK replaces the one imported before. ``config`` fetches live
    models and, unless ``client_config`` is given, is what the client uses; without either the client
    reads ``ClientConfig.from_env()``.
    """
    from pygen_client import ClientConfig
    from pygen_generator._output import write_files

    options = GenerateOptions(
        package=package,
        client_name=client_name,
        exclude_views=tuple(exclude_views),
        exclude_spaces=tuple(exclude_spaces),
    )
    ir = generate_ir(inputs, model_ids, options=options, config=config, variables=variables)
    name = ir.python.package
    root = Path(output) if output else Path(tempfile.gettempdir()) / "pygen" / f"{name}_{ir.model_hash[:12]}"
    write_files(generate_files(ir, project=False), root / name, overwrite=True)
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    client_cls = getattr(importlib.import_module(name), ir.python.client)
    return client_cls(client_config or config or ClientConfig.from_env())
