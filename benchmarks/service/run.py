"""Load test of `pygen serve`: concurrent POST /generate of CogniteCore against a real server process.

    uv run python benchmarks/service/run.py                      # 50 concurrent, the server's default limits
    uv run python benchmarks/service/run.py --max-queue 64       # a queue that holds every request
    uv run python benchmarks/service/run.py --requests 200 --concurrency 50 --json out.json

The server runs as `pygen serve` (its own process, with an API key, so auth is on the path) and its
worker processes. Checks, each failing the run (exit 1): every answer is 200 or 429 (no 5xx, no
transport error), every 200 is a zip with the SDK, and the peak RSS of the server's whole process tree
(server + fork server + workers, sampled every 20 ms) stays under --max-rss-mb. Reports throughput
(200s per second of wall time) and p50/p95 latency.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT.parent / "shared" / "models" / "CogniteCore.json"
KEY = "bench-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task ended meanwhile
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return out


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """The peak of the summed RSS of a process tree, sampled until stopped."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb, self.processes = pid, interval, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(rss_kb(p) for p in pids))
            self.processes = max(self.processes, len(pids))
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def start_server(port: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "pygen"), "serve", "--port", str(port),
        "--workers", str(args.workers), "--max-queue", str(args.max_queue), "--rate-limit", str(args.rate_limit),
        "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "PYGEN_SERVICE_API_KEYS": KEY}
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if healthy(port):
            return server
        time.sleep(0.1)
    server.kill()
    raise SystemExit("pygen serve did not become healthy within 30 s")


async def load(
    port: int, body: bytes, requests: int, concurrency: int
) -> tuple[list[tuple[int, float]], float]:
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"authorization": f"Bearer {KEY}", "content-type": "application/json"}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=120) as client:

        async def one() -> tuple[int, float]:
            async with gate:
                started = time.perf_counter()
                try:
                    response = await client.post("/generate", content=body, headers=headers)
                except httpx.TransportError:
                    return -1, time.perf_counter() - started
                if response.status_code == 200:
                    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
                    if "cognite_core/__init__.py" not in names:
                        return -2, time.perf_counter() - started
                return response.status_code, time.perf_counter() - started

        started = time.perf_counter()
        results = await asyncio.gather(*(one() for _ in range(requests)))
        return list(results), time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="pygen serve --workers")
    parser.add_argument("--max-queue", type=int, default=32, help="pygen serve --max-queue")
    parser.add_argument(
        "--rate-limit", type=int, default=120, help="pygen serve --rate-limit (per key per minute)"
    )
    parser.add_argument("--max-rss-mb", type=float, default=800.0, help="fail above this peak RSS")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not CORE.is_file():
        print(f"load test skipped: {CORE} (the shared model corpus) is not present", file=sys.stderr)
        return 0
    body = json.dumps({"model": json.loads(CORE.read_text(encoding="utf-8"))}).encode()
    port = free_port()
    server = start_server(port, args)
    sampler = RssSampler(server.pid)
    sampler.start()
    try:
        idle_kb = sum(rss_kb(p) for p in tree(server.pid))
        results, wall = asyncio.run(load(port, body, args.requests, args.concurrency))
    finally:
        sampler.stop()
        server.terminate()
        server.wait(10)
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    ok = [seconds for status, seconds in results if status == 200]
    report: dict[str, Any] = {
        "model": "CogniteCore",
        "body_kb": round(len(body) / 1024),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "max_queue": args.max_queue,
        "rate_limit": args.rate_limit,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(ok) / wall, 1),
        "latency_200_ms": {
            "p50": round(percentile(ok, 0.5) * 1000),
            "p95": round(percentile(ok, 0.95) * 1000),
            "max": round(max(ok, default=float("nan")) * 1000),
            "mean": round(statistics.fmean(ok) * 1000) if ok else None,
        },
        "latency_all_ms": {
            "p50": round(percentile([s for _, s in results], 0.5) * 1000),
            "p95": round(percentile([s for _, s in results], 0.95) * 1000),
        },
        "rss_mb": {"idle": round(idle_kb / 1024), "peak": round(sampler.peak_kb / 1024)},
        "processes": sampler.processes,
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    problems = [f"{n} answer(s) with status {s}" for s, n in statuses.items() if s not in (200, 429)]
    if not ok:
        problems.append("no request was answered 200")
    if sampler.peak_kb / 1024 > args.max_rss_mb:
        problems.append(f"peak RSS {sampler.peak_kb / 1024:.0f} MB > {args.max_rss_mb:.0f} MB")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
