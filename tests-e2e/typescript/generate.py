"""Generate the TypeScript SDKs this package type-checks and tests, into generated/ (gitignored).

* generated/example: examples/models/example.json (the golden model), with the generator's defaults
  (connections declared, docs/connections.md), as `pygen generate --language typescript` writes it;
* generated/example-no-connections: the same with `connections=False` (the opt-out keeps compiling);
* generated/adversarial: the example model with hostile names (views called `Date`, `Object`, `ViewAPI`, `Edges`,
  `PygenClient`; properties called `type`, `space`, `constructor`, `__proto__`, `my-prop`, `1st`; an
  enum value with quotes; a description closing a comment), so those compile too;
* generated/<model>: every model of the shared corpus (../shared/models beside the checkout), skipped
  with a message when that folder is absent, with the defaults. The typed tests of a corpus SDK
  (corpus-checks/<model>/: `*.check.ts` for tsc, `*.test.ts` for vitest too) are copied into
  generated/<model>/checks/ only when its model is there, so a clone without the corpus still
  type-checks and tests. `tsc -p .` then checks them all in one program;
* generated/<model>/e2e-plan.json for the example and every corpus model: what test/corpus-e2e.test.ts
  writes through the SDK and expects back (e2e_plan.py, from pygen_generator.mock).

Run by `pnpm typecheck` and `pnpm test` (scripts/generate.mjs) before tsc and vitest.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

from pygen_generator._api import generate_ir
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.ir import SdkIR
from pygen_generator.validation import GenerateOptions

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # e2e_plan beside this file (run as a script by scripts/generate.mjs)
from e2e_plan import plan  # noqa: E402

REPO = HERE.parents[1]
OUT = HERE / "generated"
EXAMPLE = REPO / "examples" / "models" / "example.json"
CORPUS = REPO.parent / "shared" / "models"
CORPUS_CHECKS = HERE / "corpus-checks"


def ir_of(model_file: Path, name: str) -> SdkIR:
    options = GenerateOptions(client_name="ExampleClient") if name.startswith("example") else None
    return generate_ir([model_file], options=options)


def render(model_file: Path, name: str, *, connections: bool = True) -> dict[str, str]:
    """The same pipeline as `pygen generate --language typescript`: load, validate, IR, render."""
    ir = ir_of(model_file, name)
    return render_typescript(ir, package=f"@pygen-e2e/{name}", connections=connections)


def write(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def adversarial_model(folder: Path) -> Path:
    """The example model with names that clash with TypeScript globals, runtime names and syntax."""
    data = json.loads(EXAMPLE.read_text())
    views = {
        "Describable": "Date",
        "Facility": "Object",
        "Operator": "ViewAPI",
        "Certification": "PygenClient",
        "Pump": "Edges",
    }

    def rename(node: object) -> None:
        if isinstance(node, dict):
            if node.get("externalId") in views and "version" in node:
                node["externalId"] = views[node["externalId"]]
            for value in node.values():
                rename(value)
        elif isinstance(node, list):
            for value in node:
                rename(value)

    rename(data["views"])
    equipment = next(v for v in data["views"] if v["externalId"] == "Equipment")["properties"]
    for old, new in [
        ("aliases", "type"),
        ("priority", "space"),
        ("efficiency", "version"),
        ("weightKg", "properties"),
        ("isActive", "constructor"),
        ("alarmFlags", "__proto__"),
        ("documents", "my-prop"),
        ("serviceDates", "1st"),
    ]:
        equipment[new] = equipment.pop(old)
    equipment["status"]["description"] = "closes a comment */ early\nand spans two lines"
    equipment["status"]["type"]["values"]['it\'s "quoted"'] = {"name": "quoted"}
    path = folder / "adversarial.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _kebab(stem: str) -> str:
    """`CogniteCore` → `cognite-core`, `APM_Config` → `apm-config` (folder and package names)."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z0-9]+|[A-Z]+|\d+", stem)
    return "-".join(w.lower() for w in words)


def main() -> int:
    started = time.perf_counter()
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "_models").mkdir(parents=True)
    targets = [(EXAMPLE, "example"), (adversarial_model(OUT / "_models"), "adversarial")]
    if CORPUS.is_dir():
        targets += [(path, _kebab(path.stem)) for path in sorted(CORPUS.glob("*.json"))]
    else:
        print(f"generate.py: {CORPUS} is absent; only the example model is generated", file=sys.stderr)
    for model_file, name in targets:
        ir = ir_of(model_file, name)
        write(OUT / name, render_typescript(ir, package=f"@pygen-e2e/{name}", connections=True))
        if name != "adversarial":  # the example and every corpus model run end to end (e2e_plan.py)
            write(OUT / name, {"e2e-plan.json": json.dumps(plan(model_file, ir), indent=1)})
        checks = CORPUS_CHECKS / name
        if checks.is_dir():
            write(
                OUT / name, {f"checks/{f.name}": f.read_text(encoding="utf-8") for f in checks.glob("*.ts")}
            )
    # Connection declarations are the default; the opt-out is checked on the example model.
    write(OUT / "example-no-connections", render(EXAMPLE, "example-no-connections", connections=False))
    elapsed = time.perf_counter() - started
    print(f"generate.py: {len(targets) + 1} TypeScript SDKs in {OUT.relative_to(REPO)} ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
