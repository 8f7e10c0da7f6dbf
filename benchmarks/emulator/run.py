"""Emulator throughput: apply N nodes of a 10-property view in batches, then list them in pages.

Usage: ``uv run python benchmarks/emulator/run.py [--n 100000] [--batch 1000] [--page 1000]``

The emulator runs as its own process (``python -m pygen_emulator serve --port 0``) so the figures are
the server's, not shared with the client's interpreter. Reported: instances/s applied and listed, and
the peak resident memory (VmHWM) of the server process. Nothing is asserted: the machine is noisy.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

SPACE = "bench"
VIEW = {"type": "view", "space": SPACE, "externalId": "Sensor", "version": "v1"}
CONTAINER = {"type": "container", "space": SPACE, "externalId": "Sensor"}
PROPERTIES: dict[str, dict[str, Any]] = {
    "name": {"type": "text"},
    "description": {"type": "text"},
    "tag": {"type": "text"},
    "unit": {"type": "text"},
    "value": {"type": "float64"},
    "minimum": {"type": "float64"},
    "maximum": {"type": "float64"},
    "count": {"type": "int64"},
    "active": {"type": "boolean"},
    "updated": {"type": "timestamp"},
}


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return float("nan")
    match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
    return int(match.group(1)) / 1024 if match else float("nan")


def _node(i: int) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": f"sensor-{i:07d}",
        "sources": [
            {
                "source": VIEW,
                "properties": {
                    "name": f"Sensor {i}",
                    "description": f"Benchmark sensor number {i}",
                    "tag": f"TAG-{i % 997:03d}",
                    "unit": "bar",
                    "value": i * 0.5,
                    "minimum": 0.0,
                    "maximum": 1000.0,
                    "count": i,
                    "active": i % 2 == 0,
                    "updated": "2024-01-01T00:00:00.000+00:00",
                },
            }
        ],
    }


def _post(client: httpx.Client, path: str, body: dict[str, Any]) -> Any:
    response = client.post(path, content=orjson.dumps(body), headers={"content-type": "application/json"})
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: {response.text[:500]}")
    return orjson.loads(response.content)


def _deploy_schema(client: httpx.Client) -> None:
    _post(client, "/spaces", {"items": [{"space": SPACE}]})
    props = {pid: {"type": t} for pid, t in PROPERTIES.items()}
    _post(client, "/containers", {"items": [{"space": SPACE, "externalId": "Sensor", "properties": props}]})
    view_props = {pid: {"container": CONTAINER, "containerPropertyIdentifier": pid} for pid in PROPERTIES}
    _post(
        client,
        "/views",
        {"items": [{"space": SPACE, "externalId": "Sensor", "version": "v1", "properties": view_props}]},
    )


def _measure(
    base: str, n: int, batch: int, page: int, pid: int | None
) -> tuple[float, float, float, float, int]:
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer bench"}, timeout=300) as client:
        _deploy_schema(client)
        nodes = [_node(i) for i in range(n)]
        start = time.perf_counter()
        for offset in range(0, n, batch):
            _post(client, "/instances", {"items": nodes[offset : offset + batch]})
        apply_seconds = time.perf_counter() - start
        rss_after_apply = _peak_rss_mb(pid) if pid else float("nan")

        start = time.perf_counter()
        listed = 0
        cursor: str | None = None
        while True:
            body: dict[str, Any] = {"instanceType": "node", "limit": page, "sources": [{"source": VIEW}]}
            if cursor:
                body["cursor"] = cursor
            result = _post(client, "/instances/list", body)
            listed += len(result["items"])
            cursor = result.get("nextCursor")
            if not cursor:
                break
        list_seconds = time.perf_counter() - start
    peak = _peak_rss_mb(pid) if pid else float("nan")
    return apply_seconds, list_seconds, rss_after_apply, peak, listed


def _one_run(n: int, batch: int, page: int, url: str | None) -> tuple[float, float, float, float]:
    if url:
        # An emulator started by hand (e.g. under a profiler); it must serve project "bench" and be empty.
        base = f"{url.rstrip('/')}/api/v1/projects/bench/models"
        apply_seconds, list_seconds, rss_after_apply, peak, listed = _measure(base, n, batch, page, None)
    else:
        with subprocess.Popen(
            [sys.executable, "-m", "pygen_emulator", "serve", "--port", "0", "--project", "bench"],
            stdout=subprocess.PIPE,
            text=True,
        ) as server:
            try:
                assert server.stdout is not None
                line = server.stdout.readline()
                match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
                if not match:
                    raise SystemExit(f"emulator did not start: {line!r}")
                base = f"http://127.0.0.1:{match.group(1)}/api/v1/projects/bench/models"
                apply_seconds, list_seconds, rss_after_apply, peak, listed = _measure(
                    base, n, batch, page, server.pid
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
    if listed != n:
        raise SystemExit(f"listed {listed} instances, expected {n}")
    return apply_seconds, list_seconds, rss_after_apply, peak


def run(n: int, batch: int, page: int, url: str | None, runs: int) -> None:
    """``runs`` measurements, each on a fresh emulator process; prints each run and the medians."""
    results = []
    print(f"emulator benchmark: {n} nodes of a {len(PROPERTIES)}-property view, {runs} run(s)")
    for index in range(runs):
        apply_seconds, list_seconds, rss_after_apply, peak = _one_run(n, batch, page, url)
        results.append((n / apply_seconds, n / list_seconds, peak))
        print(
            f"  run {index + 1}: apply {n / apply_seconds:>9,.0f}/s  list {n / list_seconds:>9,.0f}/s  "
            f"server peak RSS {rss_after_apply:.0f} MB after apply, {peak:.0f} MB at the end"
        )
    apply_rate = statistics.median(r[0] for r in results)
    list_rate = statistics.median(r[1] for r in results)
    peak_rss = max(r[2] for r in results)
    print(f"  median apply : {apply_rate:>10,.0f} instances/s  (batches of {batch}; target >= 10,000/s)")
    print(f"  median list  : {list_rate:>10,.0f} instances/s  (pages of {page}; target >= 50,000/s)")
    print(f"  server peak RSS (max over runs): {peak_rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100_000, help="number of nodes (default 100000)")
    parser.add_argument("--batch", type=int, default=1000, help="nodes per apply request (default 1000)")
    parser.add_argument("--page", type=int, default=1000, help="nodes per list page (default 1000)")
    parser.add_argument(
        "--url", help="use a running emulator (project 'bench', empty) instead of starting one"
    )
    parser.add_argument("--runs", type=int, default=3, help="repeat on a fresh emulator; medians (default 3)")
    args = parser.parse_args()
    if args.url and args.runs != 1:
        parser.error("--url measures an emulator you started (it must be empty): use it with --runs 1")
    if args.n < 1 or args.runs < 1 or not 1 <= args.batch <= 1000 or not 1 <= args.page <= 1000:
        parser.error("--n and --runs must be >= 1; --batch and --page must be between 1 and 1000")
    run(args.n, args.batch, args.page, args.url, args.runs)


if __name__ == "__main__":
    main()
