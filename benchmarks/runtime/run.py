"""pygen-runtime benchmark: typed parse, iterate memory, upsert throughput — each beside a raw lower bound.

    uv run python benchmarks/runtime/run.py            # full run (200k nodes for iterate)
    uv run python benchmarks/runtime/run.py --quick    # small sizes, for a smoke test

(a) parse: a 1000-item Equipment list response (every property type set) parsed into typed objects
    vs ``json.loads`` (and ``orjson.loads``) of the same bytes.  Target: typed <= 2x json.loads.
(b) iterate: ``client.operator.iterate()`` over N emulator nodes in a fresh child process, peak RSS
    (VmHWM) after N=50k and N=200k, vs raw ``/instances/list`` paging with ``json.loads``. Flat = the
    peak does not grow with N.
(c) upsert: ``client.upsert()`` of Equipment nodes (every property set), items/s, vs raw
    ``POST /models/instances`` of pre-encoded 1000-item bodies.
(d) import: ``import example_sdk`` with its client constructed, in fresh processes (``import_time.py``,
    also runnable alone): time, peak RSS and ``-X importtime`` self time by package.
(e) read path: ``list(limit=None)`` and ``iterate()`` of N Facility nodes (default 100k), sync and async,
    vs the floor (httpx + ``json.loads``) and the async floor (``httpx.AsyncClient``), with the collector on
    and with it off for every contender (``read_path.py``, also runnable alone).
Medians of ``--runs`` runs. The emulator runs in its own process (``pygen-emulator serve --port 0``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for benchmarks/_emulator.py
import _emulator

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "models" / "example.json"
SPACE = "pygen_example"
PROJECT = "bench"


def median_time(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def equipment_json(i: int) -> dict[str, Any]:
    props = {
        "name": f"Compressor {i}",
        "description": "Unit",
        "serialNumber": f"SN-{i}",
        "aliases": ["a", "b"],
        "priority": i % 100,
        "maintenanceIntervals": [30, 90],
        "operatingHours": 10**10 + i,
        "counterReadings": [1, 2],
        "weightKg": 1.5,
        "vibrationLimits": [0.5, 1.25],
        "efficiency": 0.25,
        "calibrationFactors": [1.0, 0.1],
        "isActive": True,
        "alarmFlags": [True, False],
        "installedAt": "2024-01-01T12:30:15.123+00:00",
        "inspectionTimes": ["2024-02-01T07:00:00.000+00:00"],
        "commissionedOn": "2023-06-01",
        "serviceDates": ["2024-01-15"],
        "specification": {"model": "X", "ratings": {"kw": 75}},
        "documents": [{"kind": "manual"}],
        "status": "running",
        "temperatureSeries": "ts:1",
        "facility": {"space": SPACE, "externalId": "facility:0"},
        "backupFacilities": [{"space": SPACE, "externalId": "facility:1"}],
    }
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": f"equipment:{i}",
        "version": 1,
        "createdTime": 1730204346000,
        "lastUpdatedTime": 1730204346000,
        "properties": {SPACE: {"Equipment/1": props}},
    }


def bench_parse(runs: int) -> list[tuple[str, str, str]]:
    from example_sdk.equipment import Equipment
    from pygen_runtime._parse import parse_items

    body = json.dumps({"items": [equipment_json(i) for i in range(1000)], "nextCursor": "c"}).encode()
    parse_items(Equipment, body)  # warm the cached TypeAdapter
    contenders: dict[str, Callable[[], object]] = {"json": lambda: json.loads(body)}
    try:
        import orjson

        contenders["orjson"] = lambda: orjson.loads(body)
    except ImportError:  # pragma: no cover - optional
        pass
    contenders["typed"] = lambda: parse_items(Equipment, body)
    wall: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):  # interleaved, so machine noise hits every contender alike
        for name, fn in contenders.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    med = {name: statistics.median(values) for name, values in wall.items()}
    med_cpu = {name: statistics.median(values) for name, values in cpu.items()}

    def fmt(name: str) -> str:
        text = f"{med[name] * 1000:.1f} ms wall, {med_cpu[name] * 1000:.1f} ms cpu"
        if name != "json":
            text += f" = {med[name] / med['json']:.2f}x / {med_cpu[name] / med_cpu['json']:.2f}x json.loads"
        return text

    rows = [("(a) parse 1000 items", "json.loads (lower bound)", fmt("json"))]
    if "orjson" in med:
        rows.append(("", "orjson.loads (lower bound)", fmt("orjson")))
    rows.append(("", "pygen-runtime typed parse", fmt("typed")))
    return rows


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    return _emulator.start_emulator(MODEL, PROJECT)


def config(url: str) -> Any:
    from pygen_client import ClientConfig, Token

    return ClientConfig(base_url=url, project=PROJECT, credentials=Token("bench"), timeout=300.0)


def bench_upsert(url: str, n: int, runs: int) -> list[tuple[str, str, str]]:
    from example_sdk import EquipmentWrite, ExampleClient
    from pygen_client import PygenClient

    def writes(run: int) -> list[EquipmentWrite]:
        out = []
        for i in range(n):
            raw = equipment_json(i)["properties"][SPACE]["Equipment/1"]
            out.append(EquipmentWrite.model_validate({**raw, "space": SPACE, "externalId": f"up{run}:{i}"}))
        return out

    batches = [writes(r) for r in range(runs)]
    with ExampleClient(config(url)) as client:
        samples = []
        for batch in batches:
            start = time.perf_counter()
            client.upsert(batch)
            samples.append(time.perf_counter() - start)
    typed = statistics.median(samples)

    raw_samples = []
    with PygenClient(config(url)) as raw:
        for r in range(runs):
            bodies = []
            for s in range(0, n, 1000):
                items = []
                for i in range(s, min(s + 1000, n)):
                    props = equipment_json(i)["properties"][SPACE]["Equipment/1"]
                    items.append(
                        {
                            "instanceType": "node",
                            "space": SPACE,
                            "externalId": f"raw{r}:{i}",
                            "sources": [
                                {
                                    "source": {
                                        "type": "view",
                                        "space": SPACE,
                                        "externalId": "Equipment",
                                        "version": "1",
                                    },
                                    "properties": props,
                                }
                            ],
                        }
                    )
                bodies.append(json.dumps({"items": items}).encode())
            start = time.perf_counter()
            for body in bodies:
                raw.request("POST", "/models/instances", content=body)
            raw_samples.append(time.perf_counter() - start)
    lower = statistics.median(raw_samples)
    return [
        (f"(c) upsert {n} Equipment", "raw POST, pre-encoded (lower bound)", f"{n / lower:,.0f} items/s"),
        (
            "",
            "client.upsert (validate+dump+send)",
            f"{n / typed:,.0f} items/s = {lower / typed:.2f}x raw speed",
        ),
    ]


def populate_operators(url: str, n: int) -> float:
    from example_sdk import ExampleClient, OperatorWrite

    items = [
        OperatorWrite(space=SPACE, external_id=f"op:{i}", full_name=f"Operator {i}", email=f"op{i}@x.io")
        for i in range(n)
    ]
    with ExampleClient(config(url)) as client:
        start = time.perf_counter()
        client.upsert(items)
        return time.perf_counter() - start


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_iterate(url: str, n: int, mode: str) -> None:
    """Runs in a fresh process: iterate n operators, print seconds and peak RSS as JSON."""
    from example_sdk import ExampleClient
    from pygen_client import PygenClient

    seen = 0
    start = time.perf_counter()
    if mode == "typed":
        with ExampleClient(config(url)) as client:
            for _operator in client.operator.iterate():
                seen += 1
                if seen == n:
                    break
    else:
        with PygenClient(config(url)) as raw:
            cursor = None
            source = [{"source": {"type": "view", "space": SPACE, "externalId": "Operator", "version": "1"}}]
            while seen < n:
                body: dict[str, Any] = {
                    "instanceType": "node",
                    "sources": source,
                    "limit": min(1000, n - seen),
                }
                if cursor:
                    body["cursor"] = cursor
                page = json.loads(raw.request("POST", "/models/instances/list", json=body).content)
                seen += len(page["items"])
                cursor = page.get("nextCursor")
                if not cursor:
                    break
    print(json.dumps({"seconds": time.perf_counter() - start, "seen": seen, "peak_rss_mb": peak_rss_mb()}))


def bench_iterate(url: str, sizes: list[int], runs: int) -> list[tuple[str, str, str]]:
    rows = []
    for mode, label in (
        ("raw", "raw list + json.loads (lower bound)"),
        ("typed", "client.operator.iterate()"),
    ):
        for n in sizes:
            results = []
            for _ in range(runs):
                out = subprocess.run(
                    [sys.executable, __file__, "--child-iterate", str(n), "--url", url, "--mode", mode],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            secs = statistics.median(r["seconds"] for r in results)
            rss = statistics.median(r["peak_rss_mb"] for r in results)
            assert all(r["seen"] == n for r in results), results
            rows.append(
                (f"(b) iterate {n:,} nodes", label, f"peak RSS {rss:.0f} MB, {n / secs:,.0f} items/s")
            )
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=200_000, help="nodes for (b)")
    parser.add_argument("--upserts", type=int, default=10_000, help="items per upsert run for (c)")
    parser.add_argument("--reads", type=int, default=100_000, help="Facility nodes for (e)")
    parser.add_argument("--read-runs", type=int, default=5, help="fresh processes per figure of (e)")
    parser.add_argument("--child-iterate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_iterate:
        child_iterate(args.url, args.child_iterate, args.mode)
        return
    nodes, upserts, reads = (5_000, 2_000, 5_000) if args.quick else (args.nodes, args.upserts, args.reads)
    read_runs = 1 if args.quick else args.read_runs
    rows = bench_parse(max(args.runs, 15))
    print_table(rows)
    # (d) import cost of the example SDK with its client constructed (fresh processes; see import_time.py).
    from import_time import bench_import

    print_table(
        [(f"(d) {label}" if label else "", what, figure) for label, what, figure in bench_import(args.runs)]
    )
    proc, url = start_emulator()
    try:
        more = bench_upsert(url, upserts, args.runs)
        secs = populate_operators(url, nodes)
        more.append(("", f"(populating {nodes:,} Operator nodes for (b))", f"{nodes / secs:,.0f} items/s"))
        sizes = sorted({min(50_000, nodes // 4), nodes})
        more += bench_iterate(url, sizes, args.runs)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # (e) on a fresh emulator: its lists read every Facility node of the project.
    from read_path import bench_read

    proc, url = start_emulator()
    try:
        more += bench_read(url, reads, read_runs)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print_table(more)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s); medians of {args.runs} runs"
        f" ({read_runs} for (e))"
    )


if __name__ == "__main__":
    main()
