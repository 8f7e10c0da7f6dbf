"""CPU time of the emulator's apply handler: N nodes of run.py's 10-property view, in-process.

Usage: ``uv run python benchmarks/emulator/apply_cpu.py [--n 100000] [--runs 3] [--update none|number|text]``

``run.py`` measures wall-clock throughput over HTTP, which a machine shared with other work makes
noisy (runs of the same code differ by a factor of 1.5 there). This calls the apply handler directly
on a fresh app per run and reports the process CPU time it took (no HTTP, no client), so the cost of
a change to the write path (e.g. maintaining the search index, issue 14) shows in a few runs:
compare two checkouts with ``PYTHONPATH=<checkout>/packages/pygen-emulator/src``.

``--update number`` / ``--update text`` times a second apply of the same N nodes instead, each with
its ``count`` (a number) or its ``name`` (a text, so its search document) changed: the cost of an
update, with and without re-indexing; ``--shuffle`` sends the items of each update batch in a random
order (fixed seed), as a client updating what it read in another order would.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

from pygen_emulator import Settings
from pygen_emulator._routing import run
from pygen_emulator.app import create_app
from pygen_emulator.instances import INSTANCE_ENDPOINTS

_APPLY = next(endpoint for endpoint in INSTANCE_ENDPOINTS if endpoint.path == "/")
_BASE = "/api/v1/projects/emulator/models"


class _Client:
    """What ``run._deploy_schema`` needs of an httpx client, over a Starlette TestClient."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def post(self, path: str, content: bytes, headers: dict[str, str]) -> Any:
        return self.client.post(
            _BASE + path, content=content, headers={**headers, "Authorization": "Bearer x"}
        )


def _updated(i: int, update: str) -> dict[str, Any]:
    node = bench._node(i, f"Renamed sensor {i}" if update == "text" else None)
    if update == "number":
        node["sources"][0]["properties"]["count"] = -i - 1
    return node


def one_run(n: int, update: str = "none", shuffle: bool = False) -> float:
    """Seconds of process CPU time to apply ``n`` nodes in batches of 1000 on a fresh app (with
    ``update``: to apply them a second time, changed)."""
    app = create_app(Settings(core_model=False))
    bench._deploy_schema(_Client(TestClient(app)))  # type: ignore[arg-type]
    ctx = app.state.emulator.ctx
    bodies = [{"items": [bench._node(i) for i in range(o, min(o + 1000, n))]} for o in range(0, n, 1000)]
    if update != "none":
        for body in bodies:
            run(ctx, _APPLY, body)
        bodies = [
            {"items": [_updated(i, update) for i in range(o, min(o + 1000, n))]} for o in range(0, n, 1000)
        ]
        if shuffle:
            rng = random.Random(14)
            for body in bodies:
                rng.shuffle(body["items"])
    start = time.process_time()
    for body in bodies:
        run(ctx, _APPLY, body)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100_000, help="nodes applied per run (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="fresh apps; the median is reported (default 3)")
    parser.add_argument(
        "--update",
        choices=("none", "number", "text"),
        default="none",
        help="time a second apply changing a number or a text of every node (default: none, the first)",
    )
    parser.add_argument("--shuffle", action="store_true", help="with --update: each batch in random order")
    args = parser.parse_args()
    if args.n < 1 or args.runs < 1:
        raise SystemExit("--n and --runs must be >= 1")
    seconds = []
    for index in range(args.runs):
        seconds.append(one_run(args.n, args.update, args.shuffle))
        print(f"  run {index + 1}: {args.n / seconds[-1]:>9,.0f} nodes per CPU second")
    median = statistics.median(seconds)
    print(f"  median: {args.n / median:,.0f} nodes per CPU second ({median / args.n * 1e6:.1f} µs per node)")


if __name__ == "__main__":
    main()
