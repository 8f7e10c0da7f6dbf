"""Every corpus model generates a TypeScript SDK that biome's check passes as it is.

The strict `tsc` run over the same SDKs is `pnpm typecheck` in tests-e2e/typescript (one program for
all models); this test needs only biome, which `make install` puts in node_modules.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..conftest import CORPUS_REASON, corpus_files
from .conftest import BIOME, EXAMPLE_MODEL, REPO, render_example, render_file, write_files


@pytest.mark.parametrize("model", corpus_files(), ids=lambda p: p.stem)
def test_corpus_model_generates(model: Path) -> None:
    files = render_file(model)
    assert "src/_client.ts" in files
    long_lines = [
        f"{path}:{number}" for path, text in files.items() for number, line in enumerate(text.splitlines(), 1)
        if len(line) > 110 and not line.lstrip().startswith(("//", "*"))
    ]  # fmt: skip
    assert not long_lines, f"lines over 110 columns (biome would break them): {long_lines[:5]}"


@pytest.mark.skipif(not BIOME.exists(), reason=f"biome is not installed ({BIOME}); run `make install`")
def test_biome_check_passes_on_every_generated_sdk(tmp_path: Path) -> None:
    models = corpus_files()
    write_files(tmp_path / "example", render_example())
    write_files(tmp_path / "example-connections", render_file(EXAMPLE_MODEL, connections=True))
    for model in models:
        write_files(tmp_path / model.stem, render_file(model))
        write_files(tmp_path / f"{model.stem}-connections", render_file(model, connections=True))
    result = subprocess.run(
        [
            str(BIOME),
            "check",
            f"--config-path={REPO}",
            "--vcs-enabled=false",
            "--max-diagnostics=20",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if not models:
        pytest.skip(f"checked the example SDK only: {CORPUS_REASON}")
