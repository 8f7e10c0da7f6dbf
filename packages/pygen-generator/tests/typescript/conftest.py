"""Generation helpers for the TypeScript backend tests: the pipeline as `pygen generate` runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygen_generator._api import generate_ir
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.validation import GenerateOptions

REPO = Path(__file__).resolve().parents[4]
EXAMPLE_MODEL = REPO / "examples" / "models" / "example.json"
EXAMPLE_SDK = REPO / "examples" / "typescript" / "example-sdk"
BIOME = REPO / "node_modules" / ".bin" / "biome"

# How the golden example SDK is generated (`make regen-typescript` uses the same options).
EXAMPLE_NPM_PACKAGE = "@pygen/example-sdk"
EXAMPLE_OPTIONS = GenerateOptions(
    package="example_sdk", client_name="ExampleClient", npm_package=EXAMPLE_NPM_PACKAGE
)


def render_file(
    model: Path,
    options: GenerateOptions | None = None,
    package: str | None = None,
    *,
    connections: bool = True,
) -> dict[str, str]:
    return render_typescript(generate_ir([model], options=options), package=package, connections=connections)


def render_example() -> dict[str, str]:
    return render_file(EXAMPLE_MODEL, EXAMPLE_OPTIONS)


def example_model_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE_MODEL.read_text())
    return data


def write_files(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
