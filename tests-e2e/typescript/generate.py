"""Generate the TypeScript SDKs this package type-checks and tests, into generated/ (gitignored).

* generated/example: examples/models/example.json (the golden model);
* generated/<model>: every model of the shared corpus (../shared/models beside the checkout), skipped
  with a message when that folder is absent. `tsc -p .` then checks them all in one program.

Run by `pnpm typecheck` and `pnpm test` (scripts/generate.mjs) before tsc and vitest.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from pygen_client.schema import DataModel

from pygen_generator.backends.typescript import render_sdk
from pygen_generator.backends.typescript._from_schema import sdk_from_models
from pygen_generator.backends.typescript._names import kebab, pascal

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = HERE / "generated"
EXAMPLE = REPO / "examples" / "models" / "example.json"
CORPUS = REPO.parent / "shared" / "models"


def render(model_file: Path, package_name: str) -> dict[str, str]:
    model = DataModel.model_validate(json.loads(model_file.read_text()))
    client_name = pascal(model.external_id.removesuffix("Model") or model.external_id) + "Client"
    sdk = sdk_from_models([model], package_name=package_name, client_name=client_name, source=model_file.name)
    return render_sdk(sdk)


def write(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> int:
    started = time.perf_counter()
    shutil.rmtree(OUT, ignore_errors=True)
    targets = [(EXAMPLE, "example")]
    if CORPUS.is_dir():
        targets += [(path, kebab(path.stem)) for path in sorted(CORPUS.glob("*.json"))]
    else:
        print(f"generate.py: {CORPUS} is absent; only the example model is generated", file=sys.stderr)
    for model_file, name in targets:
        write(OUT / name, render(model_file, f"@pygen-e2e/{name}"))
    elapsed = time.perf_counter() - started
    print(f"generate.py: {len(targets)} TypeScript SDKs in {OUT.relative_to(REPO)} ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
