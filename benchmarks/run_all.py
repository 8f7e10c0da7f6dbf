"""Every benchmark beside cognite-pygen 1.4.2 (v1), one command: writes benchmarks/RESULTS.md and the plot.

    make bench          # uv run python benchmarks/run_all.py          (about 12 min on 2 shared cores)
    make bench-quick    # uv run python benchmarks/run_all.py --quick  (about a minute)

Same inputs, same run, medians of ``--runs`` fresh processes:

* generation: wall time and peak RSS of ``pygen generate`` vs v1 (stock, and with one shared jinja2
  Environment), CogniteCore and synthetic 50/200/500-view models; generated lines; cold import time and
  RSS of the generated SDKs; ``pygen --help`` start-up. These reuse ``benchmarks/generator/run.py``'s
  functions (and its ``.venv-v1``: cognite-pygen 1.4.2 from PyPI in its own virtual environment), with
  output under ``benchmarks/out/``.
* list and iterate N Facility nodes of the example model (time and peak RSS of a fresh process): the
  generated SDK, sync and async, vs v1's generated SDK vs plain cognite-sdk vs the floor (the raw pages
  with httpx and ``json.loads``); upsert N nodes: ours vs v1 vs plain cognite-sdk. Against one
  ``pygen-emulator serve`` process.

The plot (``benchmarks/results.png``) is drawn with matplotlib in the v1 environment (pip-installed there
on first use), so the workspace needs no plotting dependency.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _emulator import start_emulator  # benchmarks/_emulator.py: this script's folder is on sys.path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
MODEL = ROOT / "examples" / "models" / "example.json"
CORPUS = ROOT.parent / "shared" / "models"
V1_PY = HERE / "generator" / ".venv-v1" / "bin" / "python"
PROJECT = "bench"
LIST_SPACE = "bench_list"
AUTH = {"Authorization": "Bearer bench"}
VIEW = {"type": "view", "space": "pygen_example", "externalId": "Facility", "version": "1"}


# ---------------------------------------------------------------------------------------------- children
# Each measurement runs in a fresh process (``--child KIND``) that prints {"seconds", "count", "rss_mib"}
# (its own peak RSS). Children of v1 and cognite-sdk run in the v1 environment: stdlib imports only
# at module level.


def _facility_props(i: int) -> dict[str, str]:
    return {"name": f"Plant {i}", "location": f"Site {i % 97}", "description": f"Facility number {i}"}


def _child(kind: str, url: str, n: int, space: str) -> dict[str, Any]:
    # The clock starts after each tool's imports (and, for upserts, after the objects are built): the
    # figures are the reads and writes, not start-up (benchmarks/runtime/import_time.py measures that).
    # Every list result stays alive until the clock stops (``kept``), as the floor's: freeing 100k
    # objects is not part of listing them.
    count = 0
    kept: Any = None
    if kind.startswith("v2_"):
        from example_sdk import AsyncExampleClient, ExampleClient, FacilityWrite
        from pygen_client import ClientConfig, Token

        started = time.perf_counter()
        config = ClientConfig(base_url=url, project=PROJECT, credentials=Token("bench"), timeout=300.0)
        if kind == "v2_upsert":
            items = [FacilityWrite(space=space, external_id=f"f{i}", **_facility_props(i)) for i in range(n)]
            started = time.perf_counter()
            with ExampleClient(config) as client:
                count = len(client.upsert(items).items)
        elif kind in ("v2_list", "v2_iterate"):
            with ExampleClient(config) as client:
                if kind == "v2_list":
                    kept = client.facility.list(limit=None)
                    count = len(kept)
                else:
                    count = sum(1 for _ in client.facility.iterate())
        else:

            async def run() -> int:
                nonlocal kept
                async with AsyncExampleClient(config) as aclient:
                    if kind == "v2_async_list":
                        kept = await aclient.facility.list(limit=None)
                        return len(kept)
                    seen = 0
                    async for _ in aclient.facility.iterate():  # one page in memory, as the sync loop
                        seen += 1
                    return seen

            count = asyncio.run(run())
    elif kind.startswith(("v1_", "sdk_")):
        from cognite.client import ClientConfig as SdkConfig
        from cognite.client import CogniteClient
        from cognite.client.credentials import Token as SdkToken
        from cognite.client.data_classes.data_modeling import NodeApply, NodeOrEdgeData, ViewId

        if kind.startswith("v1_"):
            from bench_example import BenchClient
            from bench_example.data_classes import FacilityWrite as V1FacilityWrite

        started = time.perf_counter()
        cognite = CogniteClient(
            SdkConfig(
                client_name="bench", project=PROJECT, credentials=SdkToken("bench"), base_url=url, timeout=300
            )
        )
        if kind.startswith("v1_"):
            v1 = BenchClient(cognite)
            if kind == "v1_upsert":
                v1_items = [
                    V1FacilityWrite(space=space, external_id=f"f{i}", **_facility_props(i)) for i in range(n)
                ]
                started = time.perf_counter()
                v1.upsert(v1_items)
                count = len(v1_items)
            elif kind == "v1_list":
                kept = v1.facility.list(limit=-1)
                count = len(kept)
            else:
                count = sum(len(chunk) for chunk in v1.facility.iterate(chunk_size=1000))
        else:
            view = ViewId("pygen_example", "Facility", "1")
            if kind == "sdk_upsert":
                nodes = [
                    NodeApply(space, f"f{i}", sources=[NodeOrEdgeData(view, _facility_props(i))])
                    for i in range(n)
                ]
                started = time.perf_counter()
                count = len(cognite.data_modeling.instances.apply(nodes).nodes)
            elif kind == "sdk_list":
                kept = cognite.data_modeling.instances.list(instance_type="node", sources=[view], limit=-1)
                count = len(kept)
            else:
                for batch in cognite.data_modeling.instances(
                    chunk_size=1000, instance_type="node", sources=[view]
                ):
                    count += len(batch)
    elif kind in ("floor_list", "floor_iterate"):
        import httpx

        started = time.perf_counter()
        kept = []
        body: dict[str, Any] = {"instanceType": "node", "sources": [{"source": VIEW}], "limit": 1000}
        with httpx.Client(base_url=f"{url}/api/v1/projects/{PROJECT}", headers=AUTH, timeout=300.0) as http:
            while True:
                page = json.loads(http.post("/models/instances/list", json=body).content)
                if kind == "floor_list":  # list keeps every item, iterate one page at a time
                    kept.extend(page["items"])
                count += len(page["items"])
                if not page.get("nextCursor"):
                    break
                body["cursor"] = page["nextCursor"]
    else:
        raise SystemExit(f"unknown child {kind!r}")
    return {"seconds": time.perf_counter() - started, "count": count, "rss_mib": _peak_rss_mib()}


def _peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM, Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _measure(kind: str, url: str, n: int, space: str, v1_root: Path) -> tuple[float, float, int]:
    python = V1_PY if kind.startswith(("v1_", "sdk_")) else Path(sys.executable)
    env = {**os.environ, "PYTHONPATH": str(v1_root)} if kind.startswith("v1_") else dict(os.environ)
    cmd = [str(python), __file__, "--child", kind, "--url", url, "--n", str(n), "--space", space]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["rss_mib"], result["count"]


# ---------------------------------------------------------------------------------------------- runtime


def _start_emulator() -> tuple[subprocess.Popen[str], str]:
    return start_emulator(MODEL, PROJECT)


def _raw_write(url: str, space: str, n: int) -> None:
    import httpx

    with httpx.Client(base_url=f"{url}/api/v1/projects/{PROJECT}", headers=AUTH, timeout=300.0) as http:
        http.post("/models/spaces", json={"items": [{"space": space}]}).raise_for_status()
        for start in range(0, n, 1000):
            items = [
                {
                    "instanceType": "node",
                    "space": space,
                    "externalId": f"f{i}",
                    "sources": [{"source": VIEW, "properties": _facility_props(i)}],
                }
                for i in range(start, min(n, start + 1000))
            ]
            http.post("/models/instances", json={"items": items}).raise_for_status()


def _create_space(url: str, space: str) -> None:
    import httpx

    with httpx.Client(base_url=f"{url}/api/v1/projects/{PROJECT}", headers=AUTH, timeout=60.0) as http:
        http.post("/models/spaces", json={"items": [{"space": space}]}).raise_for_status()


def bench_runtime(n_list: int, n_upsert: int, runs: int, v1: bool, v1_root: Path) -> dict[str, Any]:
    proc, url = _start_emulator()
    results: dict[str, Any] = {"list_n": n_list, "upsert_n": n_upsert, "list": {}, "upsert": {}}
    try:
        _raw_write(url, LIST_SPACE, n_list)
        tools = ["floor", "v2", "v2_async", *(["v1", "sdk"] if v1 else [])]
        for op in ("list", "iterate"):
            for tool in tools:
                kind = f"{tool}_{op}"
                print(f"  {kind} {n_list}...", flush=True)
                samples = [_measure(kind, url, n_list, LIST_SPACE, v1_root) for _ in range(runs)]
                _check_counts(kind, samples, n_list)
                results["list"][kind] = _medians(samples)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    for tool in ["v2", *(["v1", "sdk"] if v1 else [])]:
        kind = f"{tool}_upsert"
        print(f"  {kind} {n_upsert}...", flush=True)
        samples = []
        for _ in range(runs):  # a fresh emulator per run: every run creates, none updates, memory stays flat
            proc, url = _start_emulator()
            try:
                _create_space(url, "bench_upsert")
                samples.append(_measure(kind, url, n_upsert, "bench_upsert", v1_root))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        _check_counts(kind, samples, n_upsert)
        results["upsert"][kind] = _medians(samples)
    return results


def _check_counts(kind: str, samples: list[tuple[float, float, int]], n: int) -> None:
    if any(count != n for _, _, count in samples):
        raise SystemExit(f"{kind}: expected {n} instances, got {[c for _, _, c in samples]}")


def _medians(samples: list[tuple[float, float, int]]) -> dict[str, float]:
    return {
        "seconds": round(statistics.median(s for s, _, _ in samples), 3),
        "rss_mib": round(statistics.median(r for _, r, _ in samples), 1),
    }


# ---------------------------------------------------------------------------------------------- generation


def _generator_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generator_run", HERE / "generator" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.OUT = OUT / "generator"  # keep benchmarks/generator's own results and outputs untouched
    return module


def bench_generation(sizes: tuple[int, ...], runs: int, v1: bool, corpus: bool) -> dict[str, Any]:
    gen = _generator_module()
    models = gen.write_models(gen.OUT / "models", sizes, (200,) if corpus else ())
    inputs: dict[str, tuple[Path, int]] = {}
    for name in ("CogniteCore", "Omni", "WindTurbine") if corpus else ():
        if (path := CORPUS / f"{name}.json").exists():
            inputs[name] = (path, len(json.loads(path.read_text())["views"]))
    inputs.update(
        {
            name: (path, int(name.removeprefix("synthring").removeprefix("synth")))
            for name, path in models.items()
        }
    )
    results: dict[str, Any] = {"generation": {}, "import": {}}
    for name, (path, views) in inputs.items():
        print(f"  generating {name} ({views} views)...", flush=True)
        results["generation"][name] = gen.bench_model(name, path, views, runs, v1)
        for label in ("v2", "v1"):
            if label in results["generation"][name]:
                package = gen.OUT / label / name / f"bench_{name.lower()}"
                results["generation"][name][label]["files"] = sum(1 for _ in package.rglob("*.py"))
        print(f"  importing {name}...", flush=True)
        results["import"][name] = {"views": views, **gen.bench_import(name, runs, v1)}
    results["startup"] = gen.startup(max(runs, 3), v1)
    if v1:  # the example model's v1 SDK, which the runtime benchmark drives
        subprocess.run(
            [
                str(V1_PY),
                str(HERE / "generator" / "v1_gen.py"),
                str(MODEL),
                str(OUT / "v1_example"),
                "bench_example",
            ],
            check=True,
            capture_output=True,
        )
    return results


# ---------------------------------------------------------------------------------------------- report


def _secs(result: dict[str, Any]) -> str:
    if not result:
        return "-"
    return str(result["seconds"]) if result.get("ok", True) else f"fails ({result['seconds']} s)"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.1f}x"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs (shared with other jobs), {platform.system()} {platform.release()}, Python {platform.python_version()}"


def report(results: dict[str, Any], args: argparse.Namespace) -> str:
    g, r = results["generation"], results["runtime"]
    command = "make bench-quick" if args.quick else "make bench"
    lines = [
        "# Benchmark results: pygen beside cognite-pygen 1.4.2",
        "",
        f"Written by `{command}` (`uv run python benchmarks/run_all.py{' --quick' if args.quick else ''}`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Machine: {_machine()}. Medians of "
        f"{args.runs} fresh processes per figure. The machine is shared and noisy: read the ratios, not the seconds.",
        "",
        "![generation time, import time and list time](results.png)",
        "",
        "## Generation (`pygen generate` vs v1's generator, whole processes)",
        "",
        "| model | views | pygen s | v1 s | v1 shared-env s | v1 / pygen | v1 shared / pygen | pygen MiB | v1 MiB "
        "| lines/view pygen | v1 | files pygen | v1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in g["generation"].items():
        v1, sh = m.get("v1", {}), m.get("v1_shared_env", {})
        lines.append(
            f"| {name} | {m['views']} | {_secs(m['v2'])} | {_secs(v1)} | {_secs(sh)} "
            f"| {_ratio(v1.get('seconds'), m['v2']['seconds'])} | {_ratio(sh.get('seconds'), m['v2']['seconds'])} "
            f"| {m['v2']['rss_mib']} | {v1.get('rss_mib', '-')} | {m['v2']['lines_per_view']} "
            f"| {v1.get('lines_per_view', '-')} | {m['v2'].get('files', '-')} | {v1.get('files', '-')} |"
        )
    lines += [
        "",
        "## Importing a generated SDK (cold: no .pyc)",
        "",
        "| model | views | pygen package s / MiB | pygen every view module s / MiB | v1 s / MiB | v1 / pygen package |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in g["import"].items():
        v1 = m.get("v1")
        v1_cell = "-" if v1 is None else (f"{v1['seconds']} / {v1['rss_mib']}" if v1["ok"] else "fails")
        lines.append(
            f"| {name} | {m['views']} | {m['v2_package']['seconds']} / {m['v2_package']['rss_mib']} "
            f"| {m['v2_every_view']['seconds']} / {m['v2_every_view']['rss_mib']} | {v1_cell} "
            f"| {_ratio(v1['seconds'] if v1 and v1['ok'] else None, m['v2_package']['seconds'])} |"
        )
    s = g["startup"]
    lines += ["", f"Start-up: `pygen --help` {s['v2_pygen_help']['seconds']} s"]
    if "v1_import_cognite_pygen" in s:
        lines[-1] += f"; v1's `import cognite.pygen` {s['v1_import_cognite_pygen']['seconds']} s."
    names = {
        "floor": "floor (httpx + json.loads)",
        "v2": "pygen SDK (sync)",
        "v2_async": "pygen SDK (async)",
        "v1": "cognite-pygen 1.4.2 SDK",
        "sdk": "plain cognite-sdk",
    }
    floor = r["list"].get("floor_list", {}).get("seconds")
    floor_it = r["list"].get("floor_iterate", {}).get("seconds")
    lines += [
        "",
        f"## List and iterate {r['list_n']:,} nodes (example model, Facility view; one emulator process)",
        "",
        "Time from the first request to the last instance (imports excluded); peak RSS of the whole process. "
        "`list` keeps every instance; `iterate` holds one page (the floor: the raw pages, kept or dropped).",
        "",
        "| tool | list s | list MiB | list / floor | iterate s | iterate MiB | iterate / floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for tool, label in names.items():
        lst, it = r["list"].get(f"{tool}_list"), r["list"].get(f"{tool}_iterate")
        if lst is None or it is None:
            continue
        lines.append(
            f"| {label} | {lst['seconds']} | {lst['rss_mib']} | {_ratio(lst['seconds'], floor)} "
            f"| {it['seconds']} | {it['rss_mib']} | {_ratio(it['seconds'], floor_it)} |"
        )
    ours = r["upsert"].get("v2_upsert", {}).get("seconds")
    lines += [
        "",
        f"## Upsert {r['upsert_n']:,} nodes (Facility; objects built before the clock starts; a fresh emulator per run)",
        "",
        "| tool | s | instances/s | MiB | / pygen |",
        "|---|---|---|---|---|",
    ]
    for tool in ("v2", "v1", "sdk"):
        up = r["upsert"].get(f"{tool}_upsert")
        if up:
            rate = round(r["upsert_n"] / up["seconds"]) if up["seconds"] else "-"
            lines.append(
                f"| {names[tool]} | {up['seconds']} | {rate:,} | {up['rss_mib']} | {_ratio(up['seconds'], ours)} |"
            )
    lines += [
        "",
        "## Not measured",
        "",
        "* **Traversal depth 1–6 vs v1's `select()`**: measured by `benchmarks/traversal/run.py` (about 3 "
        "minutes); its section below is kept from the previous RESULTS.md when there is one.",
        "* Generation of the corpus models other than CogniteCore, Omni and WindTurbine.",
        "* Real CDF: every figure is against `pygen-emulator` on the same machine, so network latency, CDF's "
        "own speed and concurrency limits are not in them; the emulator shares the CPUs with the client.",
        "* RSS of the emulator process itself; async upsert.",
    ]
    if args.quick:
        lines += ["", "This is a quick run (small sizes, one run each): for a developer's smoke check only."]
    elif results.get("reduced"):
        lines += ["", results["reduced"]]
    return "\n".join(lines) + "\n"


def plot(results_path: Path, png: Path) -> None:
    """Runs in the v1 environment, where matplotlib is installed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = json.loads(results_path.read_text())
    g, r = results["generation"], results["runtime"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    synth = sorted(
        (m["views"], m) for n, m in g["generation"].items() if n.startswith("synth") and "ring" not in n
    )
    xs = [v for v, _ in synth]
    ax = axes[0]
    ax.plot(xs, [m["v2"]["seconds"] for _, m in synth], "o-", label="pygen")
    if all("v1" in m for _, m in synth):
        ax.plot(xs, [m["v1"]["seconds"] for _, m in synth], "s-", label="cognite-pygen 1.4.2")
        ax.plot(xs, [m["v1_shared_env"]["seconds"] for _, m in synth], "^--", label="v1, shared jinja env")
    ax.set(title="Generation time", xlabel="views (synthetic models)", ylabel="seconds")
    ax.legend()
    imports = sorted(
        (m["views"], m) for n, m in g["import"].items() if n.startswith("synth") and "ring" not in n
    )
    ax = axes[1]
    ax.plot(
        [v for v, _ in imports],
        [m["v2_package"]["seconds"] for _, m in imports],
        "o-",
        label="pygen (package)",
    )
    ax.plot(
        [v for v, _ in imports],
        [m["v2_every_view"]["seconds"] for _, m in imports],
        "o--",
        label="pygen (every view module)",
    )
    if all(m.get("v1", {}).get("ok") for _, m in imports):
        ax.plot(
            [v for v, _ in imports],
            [m["v1"]["seconds"] for _, m in imports],
            "s-",
            label="cognite-pygen 1.4.2",
        )
    ax.set(title="Cold import time of the generated SDK", xlabel="views (synthetic models)", ylabel="seconds")
    ax.legend()
    ax = axes[2]
    labels = {
        "floor": "floor (httpx)",
        "v2": "pygen",
        "v2_async": "pygen async",
        "v1": "cognite-pygen 1.4.2",
        "sdk": "cognite-sdk",
    }
    for tool, label in labels.items():
        points = sorted(
            (p["n"], p[f"{tool}_list"]["seconds"]) for p in r["list_curve"] if f"{tool}_list" in p
        )
        if points:
            ax.plot([n for n, _ in points], [s for _, s in points], "o-", label=label)
    ax.set(title="list(limit=None) time", xlabel="instances", ylabel="seconds")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=90)


def ensure_plotting() -> bool:
    if not V1_PY.exists():
        return False
    if subprocess.run([str(V1_PY), "-c", "import matplotlib"], capture_output=True).returncode == 0:
        return True
    print("installing matplotlib into benchmarks/generator/.venv-v1 (pip)...", flush=True)
    return (
        subprocess.run([str(V1_PY), "-m", "pip", "install", "-q", "matplotlib"], check=False).returncode == 0
    )


def list_curve(sizes: tuple[int, ...], runs: int, v1: bool, v1_root: Path) -> list[dict[str, Any]]:
    """list time at several instance counts (for the plot): one emulator per size."""
    curve = []
    for n in sizes:
        proc, url = _start_emulator()
        try:
            _raw_write(url, LIST_SPACE, n)
            point: dict[str, Any] = {"n": n}
            for tool in ["floor", "v2", "v2_async", *(["v1", "sdk"] if v1 else [])]:
                samples = [_measure(f"{tool}_list", url, n, LIST_SPACE, v1_root) for _ in range(runs)]
                _check_counts(f"{tool}_list", samples, n)
                point[f"{tool}_list"] = _medians(samples)
            curve.append(point)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return curve


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: about a minute")
    parser.add_argument("--runs", type=int, help="fresh processes per figure (default 3; quick 1)")
    parser.add_argument(
        "--instances", type=int, default=100_000, help="list/iterate and upsert size (default 100000)"
    )
    parser.add_argument("--no-v1", action="store_true", help="without cognite-pygen (no PyPI access needed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--space", help=argparse.SUPPRESS)
    parser.add_argument("--plot", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.url, args.n, args.space)))
        return
    if args.plot:
        plot(*args.plot)
        return
    args.runs = args.runs or (1 if args.quick else 3)
    gen = _generator_module()
    v1 = not args.no_v1 and gen.ensure_v1()
    started = time.perf_counter()
    sizes = (20, 50) if args.quick else (50, 200, 500)
    print("generation and import...", flush=True)
    results: dict[str, Any] = {"generation": bench_generation(sizes, args.runs, v1, corpus=not args.quick)}
    v1_root = OUT / "v1_example"
    n = 3_000 if args.quick else args.instances
    print(f"list, iterate and upsert of {n} instances...", flush=True)
    results["runtime"] = bench_runtime(n, n, args.runs, v1, v1_root)
    curve_sizes = (500, 1_500) if args.quick else (1_000, 10_000, 30_000)
    print("list time vs instance count...", flush=True)
    results["runtime"]["list_curve"] = [
        *list_curve(curve_sizes, 1, v1, v1_root),
        {"n": n, **{k: v for k, v in results["runtime"]["list"].items() if k.endswith("_list")}},
    ]
    results["seconds"] = round(time.perf_counter() - started)
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / "results.json"
    raw.write_text(json.dumps(results, indent=2) + "\n")
    if ensure_plotting():
        subprocess.run([str(V1_PY), __file__, "--plot", str(raw), str(HERE / "results.png")], check=True)
    else:
        print("no plot: matplotlib could not be installed in benchmarks/generator/.venv-v1", flush=True)
    target = HERE / "RESULTS.md"
    text = report(results, args)
    # The traversal benchmark (benchmarks/traversal/run.py) appends its own section: keep it.
    previous = target.read_text(encoding="utf-8") if target.exists() else ""
    marker = "\n## Traversal depth"
    if marker in previous:
        text += previous[previous.index(marker) :]
    target.write_text(text, encoding="utf-8")
    print(f"wrote benchmarks/RESULTS.md and benchmarks/results.png in {results['seconds']} s")


if __name__ == "__main__":
    main()
