"""The read path against its floor: list and iterate N Facility nodes, sync and async, with and without GC.

    uv run python benchmarks/runtime/read_path.py                 # 100k nodes, medians of 5 runs
    uv run python benchmarks/runtime/read_path.py --nodes 5000 --runs 1

Each figure is a fresh process (``--child``) against one ``pygen-emulator serve`` process holding N
Facility nodes of the example model; the clock starts after the imports and includes the client's
construction (as the floor's ``httpx.Client``). Contenders:

* **floor** — the raw pages with ``httpx.Client`` + ``json.loads`` (``list`` keeps every item, ``iterate``
  one page at a time); **async floor** — the same with ``httpx.AsyncClient``, the bound of the async path.
* **sync** / **async** — ``client.facility.list(limit=None)`` and ``for _ in client.facility.iterate()``
  of the generated example SDK (``ExampleClient`` / ``AsyncExampleClient``).

Every contender runs twice: as a program would (the collector on), and with ``gc.disable()`` for the
whole child (every contender alike) — the second shows the work itself, the first adds what the
collector costs each of them (the floor's ``json.loads`` dicts are all GC-tracked, so the floor pays more
there than the SDK). Runs are interleaved, so machine noise hits every contender alike; medians. Wall time
is the figure the aims are about; CPU time (``process_time``) is steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = "bench"
SPACE = "bench_read"
VIEW = {"type": "view", "space": "pygen_example", "externalId": "Facility", "version": "1"}
AUTH = {"Authorization": "Bearer bench"}
TOOLS = ("floor", "async_floor", "sync", "async")
LABELS = {
    "floor": "floor (httpx + json.loads)",
    "async_floor": "async floor (httpx async)",
    "sync": "pygen SDK, sync",
    "async": "pygen SDK, async",
}


def populate(url: str, n: int) -> None:
    """N Facility nodes in SPACE, written raw (1000 per request)."""
    import httpx

    def props(i: int) -> dict[str, str]:
        return {"name": f"Plant {i}", "location": f"Site {i % 97}", "description": f"Facility number {i}"}

    with httpx.Client(base_url=f"{url}/api/v1/projects/{PROJECT}", headers=AUTH, timeout=300.0) as http:
        http.post("/models/spaces", json={"items": [{"space": SPACE}]}).raise_for_status()
        for start in range(0, n, 1000):
            items = [
                {
                    "instanceType": "node",
                    "space": SPACE,
                    "externalId": f"f{i}",
                    "sources": [{"source": VIEW, "properties": props(i)}],
                }
                for i in range(start, min(n, start + 1000))
            ]
            http.post("/models/instances", json={"items": items}).raise_for_status()


def _peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _floor_body(cursor: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"instanceType": "node", "sources": [{"source": VIEW}], "limit": 1000}
    if cursor:
        body["cursor"] = cursor
    return body


def child(tool: str, op: str, url: str, collector: bool) -> dict[str, Any]:
    """One measurement in this (fresh) process: seconds, CPU seconds, instances seen, peak RSS."""
    import httpx

    from example_sdk import AsyncExampleClient, ExampleClient
    from pygen_client import ClientConfig, Token

    if not collector:
        gc.disable()
    config = ClientConfig(base_url=url, project=PROJECT, credentials=Token("bench"), timeout=300.0)
    base = f"{url}/api/v1/projects/{PROJECT}"
    kept: list[Any] = []
    count = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    if tool == "floor":
        with httpx.Client(base_url=base, headers=AUTH, timeout=300.0) as http:
            cursor = None
            while True:
                page = json.loads(http.post("/models/instances/list", json=_floor_body(cursor)).content)
                if op == "list":
                    kept.extend(page["items"])
                count += len(page["items"])
                cursor = page.get("nextCursor")
                if not cursor:
                    break
    elif tool == "async_floor":

        async def floor() -> int:
            seen = 0
            async with httpx.AsyncClient(base_url=base, headers=AUTH, timeout=300.0) as http:
                cursor = None
                while True:
                    response = await http.post("/models/instances/list", json=_floor_body(cursor))
                    page = json.loads(response.content)
                    if op == "list":
                        kept.extend(page["items"])
                    seen += len(page["items"])
                    cursor = page.get("nextCursor")
                    if not cursor:
                        return seen

        count = asyncio.run(floor())
    elif tool == "sync":
        with ExampleClient(config) as client:
            if op == "list":
                kept = client.facility.list(limit=None)
                count = len(kept)
            else:
                count = sum(1 for _ in client.facility.iterate())
    else:

        async def run() -> int:
            nonlocal kept
            async with AsyncExampleClient(config) as aclient:
                if op == "list":
                    kept = await aclient.facility.list(limit=None)
                    return len(kept)
                seen = 0
                async for _ in aclient.facility.iterate():
                    seen += 1
                return seen

        count = asyncio.run(run())
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - started_cpu,
        "count": count,
        "rss_mib": _peak_rss_mib(),
    }


def _run_child(tool: str, op: str, url: str, collector: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", tool, op, "--url", url]
    if not collector:
        cmd.append("--no-gc")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{tool} {op} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(url: str, n: int, runs: int) -> dict[tuple[str, str, bool], dict[str, float]]:
    """Medians per (tool, op, collector on), runs interleaved."""
    keys = [(tool, op, on) for on in (True, False) for op in ("list", "iterate") for tool in TOOLS]
    samples: dict[tuple[str, str, bool], list[dict[str, Any]]] = {key: [] for key in keys}
    for _ in range(runs):
        for key in keys:
            tool, op, on = key
            result = _run_child(tool, op, url, on)
            if result["count"] != n:
                raise SystemExit(f"{key}: expected {n} instances, got {result['count']}")
            samples[key].append(result)
    return {
        key: {name: statistics.median(s[name] for s in values) for name in ("seconds", "cpu", "rss_mib")}
        for key, values in samples.items()
    }


def rows(n: int, medians: dict[tuple[str, str, bool], dict[str, float]]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for on in (True, False):
        for op in ("list", "iterate"):
            first = True
            floor = medians[("floor", op, on)]
            for tool in TOOLS:
                m = medians[(tool, op, on)]
                figure = f"{m['seconds']:.3f} s ({m['cpu']:.3f} s cpu), {m['rss_mib']:.0f} MiB"
                if tool != "floor":
                    figure += f" = {m['seconds'] / floor['seconds']:.2f}x floor"
                if tool == "async":
                    figure += f", {m['seconds'] / medians[('sync', op, on)]['seconds']:.2f}x sync"
                where = f"(e) {op} {n:,} nodes, GC {'on' if on else 'off'}" if first else ""
                out.append((where, LABELS[tool], figure))
                first = False
    return out


def bench_read(url: str, n: int, runs: int) -> list[tuple[str, str, str]]:
    """Populate N Facility nodes on the emulator at ``url`` and measure every contender."""
    populate(url, n)
    return rows(n, measure(url, n, runs))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (medians)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--no-gc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        tool, op = args.child
        print(json.dumps(child(tool, op, args.url, not args.no_gc)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import print_table, start_emulator

    proc, url = start_emulator()
    try:
        print_table(bench_read(url, args.nodes, args.runs))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
