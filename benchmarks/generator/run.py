"""Generator benchmark: pygen-generator beside cognite-pygen 1.4.2 (v1), whole processes, same run.

    uv run python benchmarks/generator/run.py            # CogniteCore, synthetic 50/200/500 and ring 200
    uv run python benchmarks/generator/run.py --quick    # CogniteCore and synthetic 50 only
    uv run python benchmarks/generator/run.py --no-v1    # without cognite-pygen (no PyPI access needed)

v1 runs in its own virtual environment (``.venv-v1`` here, created with pip on first use:
``cognite-pygen==1.4.2`` plus pandas, which it imports without declaring it), stock and with one
shared jinja2 Environment (``v1_gen.py --shared-env``, byte-identical output: the honest bar, see
shared/reference/pygen-v1-baseline.md). Measured, medians of ``--runs`` fresh processes: generation
wall time and peak RSS; ``pygen --help`` start-up (v1: ``import cognite.pygen``); generated lines per
view; cold import (no .pyc) time and peak RSS of the generated SDKs (v2: the package, then every view
module). Synthetic models follow the baseline's recipe (``synth.py``); ``synthring200`` is ring-linked.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "models"
OUT = HERE / "out"
V1_VENV = HERE / ".venv-v1"
V1_PY = V1_VENV / "bin" / "python"
PYGEN = Path(sys.executable).with_name("pygen")

sys.path.insert(0, str(HERE))
from synth import write_models  # noqa: E402


def run(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Wall seconds, peak RSS MiB and exit code of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def median_run(cmd: list[str], runs: int, **kwargs: Any) -> dict[str, Any]:
    samples = [run(cmd, **kwargs) for _ in range(runs)]
    failed = [code for _, _, code in samples if code != 0]
    return {
        "seconds": round(statistics.median(s[0] for s in samples), 3),
        "rss_mib": round(statistics.median(s[1] for s in samples), 1),
        "ok": not failed,
    }


def ensure_v1() -> bool:
    if V1_PY.exists():
        return True
    print("creating .venv-v1 with cognite-pygen==1.4.2 (pip, PyPI)...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(V1_VENV)], check=True)
    done = subprocess.run(
        [str(V1_PY), "-m", "pip", "install", "-q", "cognite-pygen==1.4.2", "pandas"], check=False
    )
    return done.returncode == 0


def count_lines(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in folder.rglob("*.py"))


def code_lines(folder: Path) -> int:
    """Non-blank, non-comment lines of the view modules (without __init__.py and _client.py)."""
    total = 0
    for path in folder.glob("*.py"):
        if path.name not in ("__init__.py", "_client.py"):
            total += sum(
                1
                for line in path.read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            )
    return total


def cold_env(pythonpath: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(pythonpath)}


def drop_pycache(folder: Path) -> None:
    for cache in folder.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def bench_model(name: str, path: Path, views: int, runs: int, v1: bool) -> dict[str, Any]:
    pkg = f"bench_{name.lower()}"
    result: dict[str, Any] = {"views": views}
    v2_out = OUT / "v2" / name
    cmd = [str(PYGEN), "generate", "-i", str(path), "-o", str(v2_out), "--package", pkg, "--overwrite"]
    result["v2"] = median_run(cmd, runs)
    result["v2"]["lines_per_view"] = round(count_lines(v2_out / pkg) / views)
    result["v2"]["code_lines_per_view"] = round(code_lines(v2_out / pkg) / views)
    if v1:
        for label, extra in (("v1", []), ("v1_shared_env", ["--shared-env"])):
            out = OUT / label / name
            result[label] = median_run(
                [str(V1_PY), str(HERE / "v1_gen.py"), str(path), str(out), pkg, *extra], runs
            )
            result[label]["lines_per_view"] = round(count_lines(out / pkg) / views)
    return result


def bench_import(name: str, runs: int, v1: bool) -> dict[str, Any]:
    pkg = f"bench_{name.lower()}"
    out: dict[str, Any] = {}
    v2_root = OUT / "v2" / name
    drop_pycache(v2_root)
    lazy = f"import {pkg}"  # the package and its clients (pygen-runtime included); views load on first use
    every = (
        f"import importlib, {pkg}; [importlib.import_module('{pkg}.' + m) for m in set({pkg}._LAZY.values())]"
    )
    out["v2_package"] = median_run([sys.executable, "-c", lazy], runs, env=cold_env(v2_root))
    out["v2_every_view"] = median_run([sys.executable, "-c", every], runs, env=cold_env(v2_root))
    if v1:
        v1_root = OUT / "v1" / name
        drop_pycache(v1_root)
        out["v1"] = median_run([str(V1_PY), "-c", f"import {pkg}"], runs, env=cold_env(v1_root))
    return out


def startup(runs: int, v1: bool) -> dict[str, Any]:
    out = {"v2_pygen_help": median_run([str(PYGEN), "--help"], runs)}
    if v1:
        out["v1_import_cognite_pygen"] = median_run([str(V1_PY), "-c", "import cognite.pygen"], runs)
    return out


def table(results: dict[str, Any]) -> str:
    rows = ["| model | views | v2 s | v1 s | v1 shared-env s | v1 / v2 | v1 shared / v2 | v2 MiB | v1 MiB | lines/view v2 (code) | v1 |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, r in results["generation"].items():
        v1, shared = r.get("v1", {}), r.get("v1_shared_env", {})
        ratio = f"{v1['seconds'] / r['v2']['seconds']:.0f}x" if v1 else "-"
        ratio_shared = f"{shared['seconds'] / r['v2']['seconds']:.1f}x" if shared else "-"
        rows.append(
            f"| {name} | {r['views']} | {r['v2']['seconds']} | {v1.get('seconds', '-')} | {shared.get('seconds', '-')} "
            f"| {ratio} | {ratio_shared} | {r['v2']['rss_mib']} | {v1.get('rss_mib', '-')} "
            f"| {r['v2']['lines_per_view']} ({r['v2']['code_lines_per_view']}) | {v1.get('lines_per_view', '-')} |"
        )
    rows += [
        "",
        "| import (cold, no .pyc) | v2 package s / MiB | v2 every view s / MiB | v1 s / MiB |",
        "|---|---|---|---|",
    ]
    for name, r in results["import"].items():
        v1 = r.get("v1")
        v1_cell = (
            "-"
            if v1 is None
            else (f"{v1['seconds']} / {v1['rss_mib']}" if v1["ok"] else f"fails ({v1['seconds']} s)")
        )
        rows.append(
            f"| {name} | {r['v2_package']['seconds']} / {r['v2_package']['rss_mib']} "
            f"| {r['v2_every_view']['seconds']} / {r['v2_every_view']['rss_mib']} | {v1_cell} |"
        )
    s = results["startup"]
    rows += ["", f"start-up: `pygen --help` {s['v2_pygen_help']['seconds']} s"]
    if "v1_import_cognite_pygen" in s:
        rows[-1] += f"; v1 `import cognite.pygen` {s['v1_import_cognite_pygen']['seconds']} s"
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-v1", action="store_true")
    args = parser.parse_args()
    v1 = not args.no_v1 and ensure_v1()
    sizes, rings = ((50,), ()) if args.quick else ((50, 200, 500), (200,))
    models = write_models(OUT / "models", sizes, rings)
    inputs: dict[str, tuple[Path, int]] = {}
    if (CORPUS / "CogniteCore.json").exists():
        core = CORPUS / "CogniteCore.json"
        inputs["CogniteCore"] = (core, len(json.loads(core.read_text())["views"]))
    inputs.update(
        {
            name: (path, int(name.removeprefix("synthring").removeprefix("synth")))
            for name, path in models.items()
        }
    )
    results: dict[str, Any] = {"runs": args.runs, "generation": {}, "import": {}}
    for name, (path, views) in inputs.items():
        print(f"generating {name} ({views} views)...", flush=True)
        results["generation"][name] = bench_model(name, path, views, args.runs, v1)
    for name in [n for n in ("CogniteCore", "synth500", "synthring200") if n in inputs] or list(inputs)[:1]:
        print(f"importing {name}...", flush=True)
        results["import"][name] = bench_import(name, args.runs, v1)
    results["startup"] = startup(max(args.runs, 5), v1)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))


if __name__ == "__main__":
    main()
