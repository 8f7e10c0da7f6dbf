"""Emulator throughput: apply N nodes of a 10-property view in batches, list them in pages, and search.

Usage: ``uv run python benchmarks/emulator/run.py [--quick] [--n 100000] [--search-n 1000000]``

The emulator runs as its own process (``python -m pygen_emulator serve --port 0``) so the figures are
the server's, not shared with the client's interpreter. Reported: instances/s applied and listed, and
the peak resident memory (VmHWM) of the server process. Nothing is asserted: the machine is noisy.

The search section (issue 14) loads ``--search-n`` nodes into a fresh server, nine in ten named
"Pump <i>", then times ``search("pump", limit=10)`` (most nodes match: the case that used to
materialise every match), the same search sorted by a property (every match is a candidate: the
longest search) and a query that matches nothing, as medians of ``--search-reps`` calls, with the
server's peak RSS before and after searching and the worst latency of a one-node byids request sent
by another client while the "pump" searches run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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


def _peak_rss_mb(pid: int, field: str = "VmHWM") -> float:
    """The process's peak resident memory (VmHWM), or with ``field="VmRSS"`` its current one, in MB."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return float("nan")
    match = re.search(rf"{field}:\s+(\d+) kB", status.read_text())
    return int(match.group(1)) / 1024 if match else float("nan")


def _node(i: int, name: str | None = None) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": f"sensor-{i:07d}",
        "sources": [
            {
                "source": VIEW,
                "properties": {
                    "name": name or f"Sensor {i}",
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


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (NaN without a pid): what a request costs the server
    whatever else the machine runs, unlike wall-clock time."""
    if not pid:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    base: str, n: int, batch: int, page: int, pid: int | None
) -> tuple[float, float, float, float, int, float]:
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer bench"}, timeout=300) as client:
        _deploy_schema(client)
        nodes = [_node(i) for i in range(n)]
        cpu_before = _cpu_seconds(pid)
        start = time.perf_counter()
        for offset in range(0, n, batch):
            _post(client, "/instances", {"items": nodes[offset : offset + batch]})
        apply_seconds = time.perf_counter() - start
        apply_cpu = _cpu_seconds(pid) - cpu_before
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
    return apply_seconds, list_seconds, rss_after_apply, peak, listed, apply_cpu


class _Server:
    """A fresh ``pygen_emulator serve`` process on a free port (its base URL and pid), or a running one."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.pid: int | None = None
        self.base = f"{url.rstrip('/')}/api/v1/projects/bench/models" if url else ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> _Server:
        if self.url:
            return self
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pygen_emulator", "serve", "--port", "0", "--project", "bench"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.__exit__()
            raise SystemExit(f"emulator did not start: {line!r}")
        self.base = f"http://127.0.0.1:{match.group(1)}/api/v1/projects/bench/models"
        self.pid = self._process.pid
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=60)
            self._process = None

    def peak_rss_mb(self) -> float:
        return _peak_rss_mb(self.pid) if self.pid else float("nan")

    def rss_mb(self) -> float:
        return _peak_rss_mb(self.pid, "VmRSS") if self.pid else float("nan")


def _search_node(i: int) -> dict[str, Any]:
    # Nine in ten names contain "pump": nearly every node matches, so a search that gathered all its
    # matches before applying the limit would hold ~0.9 N rows.
    return _node(i, f"Pump {i}" if i % 10 else f"Valve {i}")


def _batches(n: int, batch: int) -> Iterator[range]:
    return (range(offset, min(offset + batch, n)) for offset in range(0, n, batch))


def _load_search_nodes(base: str, n: int, batch: int) -> float:
    """Apply ``n`` nodes in the largest batches the API takes; seconds taken.

    Two client threads, each with its own connection, so building and encoding one batch overlaps the
    server applying the previous one (the client never holds more than two batches: N can be 1M).
    """

    local = threading.local()
    clients: list[httpx.Client] = []

    def apply(ids: range) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(
                base_url=base, headers={"Authorization": "Bearer bench"}, timeout=300
            )
            clients.append(client)
        _post(client, "/instances", {"items": [_search_node(i) for i in ids]})

    try:
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            for _ in pool.map(apply, _batches(n, batch)):
                pass
        return time.perf_counter() - start
    finally:
        for client in clients:
            client.close()


_SORT = [{"property": [SPACE, "Sensor/v1", "count"], "direction": "descending"}]


def _time_search(
    client: httpx.Client, query: str, reps: int, sort: list[dict[str, Any]] | None = None
) -> tuple[float, int]:
    """Median seconds of ``reps`` searches for ``query`` with limit 10, and the number of items returned."""
    body: dict[str, Any] = {"view": VIEW, "query": query, "limit": 10}
    if sort is not None:
        body["sort"] = sort
    seconds = []
    found = 0
    for _ in range(reps):
        start = time.perf_counter()
        found = len(_post(client, "/instances/search", body)["items"])
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), found


def _worst_other_request_ms(base: str, busy: threading.Event) -> float:
    """Worst latency of a one-node byids request, repeated while ``busy`` is set (issue 14: a
    search used to stall every other client for its whole duration)."""
    body = {"items": [{"instanceType": "node", "space": SPACE, "externalId": "sensor-0000001"}]}
    worst = 0.0
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer bench"}, timeout=600) as client:
        while busy.is_set():
            start = time.perf_counter()
            _post(client, "/instances/byids", body)
            worst = max(worst, time.perf_counter() - start)
    return worst * 1000


def run_search(n: int, batch: int, reps: int, url: str | None) -> None:
    """Load ``n`` nodes (most named "Pump …") into a fresh emulator and time limit-10 searches."""
    print(
        f"search benchmark: {n:,} nodes, 90% with 'pump' in their name, search limit=10, {reps} call(s) each"
    )
    with _Server(url) as server:
        with httpx.Client(
            base_url=server.base, headers={"Authorization": "Bearer bench"}, timeout=300
        ) as client:
            _deploy_schema(client)
        load_seconds = _load_search_nodes(server.base, n, batch)
        rss_before = server.peak_rss_mb()
        # The load's peak can hide what a search adds: compare the peak after searching with the resident
        # size before it too.
        resident_before = server.rss_mb()
        print(
            f"  loaded in {load_seconds:.1f} s ({n / load_seconds:,.0f}/s); server peak RSS {rss_before:.0f} MB"
        )
        with httpx.Client(
            base_url=server.base, headers={"Authorization": "Bearer bench"}, timeout=600
        ) as client:
            busy = threading.Event()
            busy.set()
            with ThreadPoolExecutor(max_workers=1) as pool:
                other = pool.submit(_worst_other_request_ms, server.base, busy)
                try:
                    match_seconds, matched = _time_search(client, "pump", reps)
                    sorted_seconds, sorted_matched = _time_search(client, "pump", reps, _SORT)
                finally:
                    busy.clear()
                worst_other_ms = other.result()
            none_seconds, unmatched = _time_search(client, "zyzzyva", reps)
        rss_after = server.peak_rss_mb()
    if matched != 10 or sorted_matched != 10 or unmatched != 0:
        raise SystemExit(
            f"search returned {matched} items for 'pump' (expected 10), {sorted_matched} sorted, "
            f"{unmatched} for 'zyzzyva'"
        )
    print(f"  median search 'pump'    (most match) : {match_seconds * 1000:>9,.0f} ms  -> {matched} items")
    print(
        f"  median search 'pump' sorted by count : {sorted_seconds * 1000:>9,.0f} ms  -> {sorted_matched} items"
    )
    print(f"  median search 'zyzzyva' (none match) : {none_seconds * 1000:>9,.0f} ms  -> {unmatched} items")
    print(f"  worst latency of a one-node byids sent during the 'pump' searches: {worst_other_ms:,.0f} ms")
    print(
        f"  server RSS: {resident_before:.0f} MB resident before searching (peak {rss_before:.0f} MB), "
        f"peak {rss_after:.0f} MB after"
    )


def _one_run(n: int, batch: int, page: int, url: str | None) -> tuple[float, float, float, float, float]:
    # With --url: an emulator started by hand (e.g. under a profiler); it must serve project "bench" and be empty.
    with _Server(url) as server:
        apply_seconds, list_seconds, rss_after_apply, peak, listed, apply_cpu = _measure(
            server.base, n, batch, page, server.pid
        )
    if listed != n:
        raise SystemExit(f"listed {listed} instances, expected {n}")
    return apply_seconds, list_seconds, rss_after_apply, peak, apply_cpu


def run(n: int, batch: int, page: int, url: str | None, runs: int) -> None:
    """``runs`` measurements, each on a fresh emulator process; prints each run and the medians."""
    results = []
    print(f"emulator benchmark: {n} nodes of a {len(PROPERTIES)}-property view, {runs} run(s)")
    for index in range(runs):
        apply_seconds, list_seconds, rss_after_apply, peak, apply_cpu = _one_run(n, batch, page, url)
        results.append((n / apply_seconds, n / list_seconds, peak, apply_cpu / n * 1e6))
        print(
            f"  run {index + 1}: apply {n / apply_seconds:>9,.0f}/s  list {n / list_seconds:>9,.0f}/s  "
            f"server peak RSS {rss_after_apply:.0f} MB after apply, {peak:.0f} MB at the end; "
            f"server CPU {apply_cpu / n * 1e6:.1f} µs per node applied"
        )
    apply_rate = statistics.median(r[0] for r in results)
    list_rate = statistics.median(r[1] for r in results)
    peak_rss = max(r[2] for r in results)
    print(f"  median apply : {apply_rate:>10,.0f} instances/s  (batches of {batch}; target >= 10,000/s)")
    print(f"  median list  : {list_rate:>10,.0f} instances/s  (pages of {page}; target >= 50,000/s)")
    print(f"  server peak RSS (max over runs): {peak_rss:.0f} MB")
    cpu = statistics.median(r[3] for r in results)
    print(f"  median server CPU per node applied: {cpu:.1f} µs (less noisy than the rates on a busy machine)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, help="nodes applied and listed (default 100000; --quick 10000)")
    parser.add_argument("--batch", type=int, default=1000, help="nodes per apply request (default 1000)")
    parser.add_argument("--page", type=int, default=1000, help="nodes per list page (default 1000)")
    parser.add_argument(
        "--url", help="use a running emulator (project 'bench', empty) instead of starting one"
    )
    parser.add_argument("--runs", type=int, help="repeat on a fresh emulator; medians (default 3; --quick 1)")
    parser.add_argument(
        "--search-n", type=int, help="nodes loaded for the search section (default 1000000; --quick 50000)"
    )
    parser.add_argument(
        "--search-reps", type=int, default=5, help="calls per search query; median (default 5)"
    )
    parser.add_argument(
        "--only", choices=("throughput", "search"), help="run one section (apply/list or search), not both"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and one run: under a minute")
    args = parser.parse_args()
    n = args.n if args.n is not None else (10_000 if args.quick else 100_000)
    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    search_n = args.search_n if args.search_n is not None else (50_000 if args.quick else 1_000_000)
    if args.url and (runs != 1 or args.only is None):
        parser.error(
            "--url measures an emulator you started (it must be empty): use it with --runs 1 and --only"
        )
    if (
        min(n, runs, search_n, args.search_reps) < 1
        or not 1 <= args.batch <= 1000
        or not 1 <= args.page <= 1000
    ):
        parser.error(
            "--n, --runs, --search-n and --search-reps must be >= 1; --batch and --page must be between 1 and 1000"
        )
    if args.only != "search":
        run(n, args.batch, args.page, args.url, runs)
    if args.only != "throughput":
        run_search(search_n, args.batch, args.search_reps, args.url)


if __name__ == "__main__":
    main()
