"""Import cost of a generated SDK: ``import example_sdk`` with its client constructed, as a whole process.

    uv run python benchmarks/runtime/import_time.py            # medians of 7 fresh processes per row
    uv run python benchmarks/runtime/import_time.py --runs 15

Every run is a fresh interpreter (``python -c``), timed from its first statement to a constructed
``ExampleClient`` (and, from outside, from process start to exit), with its peak RSS (VmHWM). One more
set of runs under ``-X importtime`` attributes the time to packages (the sum of their modules' self
time). Rows:

* **installed** — with bytecode caches, as ``pip install`` leaves a package (the caches go to a
  temporary ``PYTHONPYCACHEPREFIX``, warmed by one run, so the work tree stays clean).
* **installed, SDK deps only** — the same, with httpx's optional CLI modules (click, rich, pygments)
  hidden: ``import httpx`` imports its CLI when they are installed (dev tools here bring them), which
  an environment with only the SDK's dependencies does not pay.
* **no bytecode cache** — ``PYTHONDONTWRITEBYTECODE=1`` and an empty ``PYTHONPYCACHEPREFIX``, so every
  module is compiled from source on every start (what a process sees when no caches were ever written,
  e.g. in images built with ``PYTHONDONTWRITEBYTECODE=1`` and packages installed without compiling).

Aim: under 0.3 s and 50 MB for the installed rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

AIM_SECONDS = 0.3
AIM_RSS_MB = 50.0
HTTPX_CLI_MODULES = ("click", "rich", "pygments")

# Runs in the child. Only the standard library is imported before the clock starts.
_HIDE = """
import importlib.abc
class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {hidden!r}:
            raise ImportError(f"{{name}} hidden by the benchmark")
        return None
sys.meta_path.insert(0, _Hide())
"""
_CHILD = """
import json, sys, time
{hide}
start = time.perf_counter()
from example_sdk import ExampleClient
from pygen_client import ClientConfig, Token
client = ExampleClient(ClientConfig(base_url="http://127.0.0.1:1", project="bench", credentials=Token("t")))
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "peak_rss_mb": rss,
                  "schema_loaded": "pygen_client.schema" in sys.modules}}))
"""


def child_code(hide_httpx_cli: bool) -> str:
    hide = _HIDE.format(hidden=set(HTTPX_CLI_MODULES)) if hide_httpx_cli else ""
    return _CHILD.format(hide=hide)


def run_child(
    code: str, env: dict[str, str], importtime: bool = False
) -> tuple[dict[str, float], float, str]:
    """(the child's figures, whole-process seconds, its stderr)."""
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", code]
    start = time.perf_counter()
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    whole = time.perf_counter() - start
    return json.loads(out.stdout.strip().splitlines()[-1]), whole, out.stderr


def self_time_by_package(importtime_log: str) -> dict[str, float]:
    """Seconds of import time per top-level package: the sum of its modules' self time."""
    totals: dict[str, float] = defaultdict(float)
    for line in importtime_log.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        totals[name.strip().partition(".")[0]] += int(self_us) / 1e6
    return dict(totals)


def measure(label: str, code: str, env: dict[str, str], runs: int) -> list[tuple[str, str, str]]:
    samples = [run_child(code, env) for _ in range(runs)]
    seconds = statistics.median(s[0]["seconds"] for s in samples)
    whole = statistics.median(s[1] for s in samples)
    rss = statistics.median(s[0]["peak_rss_mb"] for s in samples)
    schema = any(s[0]["schema_loaded"] for s in samples)
    by_package: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        for package, secs in self_time_by_package(run_child(code, env, importtime=True)[2]).items():
            by_package[package].append(secs)
    medians = {package: statistics.median(values) for package, values in by_package.items()}
    top = sorted(medians.items(), key=lambda item: item[1], reverse=True)[:8]
    verdict = "within" if seconds < AIM_SECONDS and rss < AIM_RSS_MB else "over"
    return [
        (
            label,
            "import + ExampleClient(...)",
            f"{seconds * 1000:.0f} ms, peak RSS {rss:.1f} MB ({verdict} the {AIM_SECONDS * 1000:.0f} ms / "
            f"{AIM_RSS_MB:.0f} MB aim); whole process {whole * 1000:.0f} ms",
        ),
        (
            "",
            "-X importtime self time by package",
            ", ".join(f"{package} {secs * 1000:.0f}" for package, secs in top) + " ms",
        ),
        ("", "pygen_client.schema imported", "yes" if schema else "no"),
    ]


def bench_import(runs: int) -> list[tuple[str, str, str]]:
    """The rows of the module docstring, medians of ``runs`` fresh processes each."""
    bytecode_settings = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    base = {key: value for key, value in os.environ.items() if key not in bytecode_settings}
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="pygen-bench-pyc-") as pycache:
        cached = {**base, "PYTHONPYCACHEPREFIX": pycache}
        for hide, label in ((False, "installed"), (True, "installed, SDK deps only")):
            code = child_code(hide)
            run_child(code, cached)  # writes the bytecode caches
            rows += measure(label, code, cached, runs)
        # An empty cache directory that nothing writes to: every module is compiled on every start,
        # also where the installed packages carry __pycache__ folders (they are read only without a prefix).
        with tempfile.TemporaryDirectory(prefix="pygen-bench-no-pyc-") as empty:
            uncached = {**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty}
            rows += measure("no bytecode cache", child_code(False), uncached, runs)
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per row (medians)")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("import_time.py reads peak RSS from /proc (Linux)")
    print_table(bench_import(args.runs))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s); medians of {args.runs} processes")


if __name__ == "__main__":
    main()
