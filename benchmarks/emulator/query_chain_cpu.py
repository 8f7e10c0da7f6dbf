"""CPU time of one chained /query request (the one pygen's ``follow`` sends) at depth 1..6, in-process.

Usage: ``uv run python benchmarks/emulator/query_chain_cpu.py [--chains 10000] [--runs 5] [--depths 1,6]
[--profile 6]``

Loads ``benchmarks/traversal``'s chain (views L0..L6, ``--chains`` chains of one node per level and one
edge per hop) into a fresh app by calling the handlers, then times the query handler alone: roots, then
``edges_<i>`` / ``nodes_<i>`` per hop, 10,000 per set, only the last set selected
(docs/connections.md §3 "Chained requests"). Reports the median process CPU time of ``--runs`` calls per
depth (CPU time: wall clock is too noisy on a shared machine); ``--profile D`` adds a cProfile of one
depth-D request. Compare two versions with ``PYTHONPATH=<other checkout>/packages/pygen-emulator/src``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "traversal"))

import chain_model

from pygen_emulator import Settings
from pygen_emulator._context import AppContext
from pygen_emulator._routing import run
from pygen_emulator.app import create_app
from pygen_emulator.instances import INSTANCE_ENDPOINTS
from pygen_emulator.schema import SCHEMA_ENDPOINTS

_APPLY = next(e for e in INSTANCE_ENDPOINTS if e.path == "/")
_QUERY = next(e for e in INSTANCE_ENDPOINTS if e.path == "/query")
_SPACES = next(e for e in SCHEMA_ENDPOINTS if e.path == "/spaces" and e.method == "POST")
_DATA = "bench_chain_data"
_LIMIT = 10_000


def build(chains: int, model_dir: Path) -> AppContext:
    model = chain_model.write_chain_model(model_dir / "chain.json")
    ctx: AppContext = create_app(Settings(core_model=False, preload=(str(model),))).state.emulator.ctx
    run(ctx, _SPACES, {"items": [{"space": _DATA}]})
    levels = chain_model.LEVELS
    nodes = [
        {
            "instanceType": "node",
            "space": _DATA,
            "externalId": f"L{level}:{k}",
            "sources": [{"source": chain_model.view_id(level), "properties": {"name": f"L{level} {k}"}}],
        }
        for level in range(levels)
        for k in range(chains)
    ]
    edges = [
        {
            "instanceType": "edge",
            "space": _DATA,
            "externalId": f"L{level}:{k}.next",
            "type": chain_model.edge_type(level),
            "startNode": {"space": _DATA, "externalId": f"L{level}:{k}"},
            "endNode": {"space": _DATA, "externalId": f"L{level + 1}:{k}"},
        }
        for level in range(levels - 1)
        for k in range(chains)
    ]
    items = nodes + edges
    for start in range(0, len(items), 1000):
        run(ctx, _APPLY, {"items": items[start : start + 1000]})
    return ctx


def body(depth: int) -> dict[str, Any]:
    def has_data(level: int) -> dict[str, Any]:
        return {"hasData": [chain_model.view_id(level)]}

    with_: dict[str, Any] = {"roots": {"nodes": {"filter": has_data(0)}, "limit": _LIMIT}}
    previous = "roots"
    for i in range(1, depth + 1):
        edge_type = {"equals": {"property": ["edge", "type"], "value": chain_model.edge_type(i - 1)}}
        with_[f"edges_{i}"] = {
            "edges": {
                "from": previous,
                "direction": "outwards",
                "maxDistance": 1,
                "filter": edge_type,
                "nodeFilter": has_data(i),
            },
            "limit": _LIMIT,
        }
        with_[f"nodes_{i}"] = {"nodes": {"from": f"edges_{i}", "chainTo": "destination"}, "limit": _LIMIT}
        previous = f"nodes_{i}"
    select = {previous: {"sources": [{"source": chain_model.view_id(depth), "properties": ["*"]}]}}
    return {"with": with_, "select": select, "includeTyping": False}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chains", type=int, default=10_000, help="chains loaded (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="calls per depth; the median is reported")
    parser.add_argument("--depths", default="1,6", help="comma-separated depths 1..6 (default 1,6)")
    parser.add_argument("--profile", type=int, default=0, help="cProfile one request of this depth")
    args = parser.parse_args()
    depths = [int(d) for d in args.depths.split(",")]
    if args.chains < 1 or args.runs < 1 or not all(1 <= d < chain_model.LEVELS for d in depths):
        raise SystemExit(f"--chains and --runs must be >= 1, depths 1..{chain_model.LEVELS - 1}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as model_dir:  # the model file is read at start-up only
        ctx = build(args.chains, Path(model_dir))
    print(f"loaded {args.chains:,} chains in {time.perf_counter() - started:.1f} s", flush=True)
    for depth in depths:
        request = body(depth)
        first = run(ctx, _QUERY, request)
        returned = len(orjson.loads(orjson.dumps(first["items"][f"nodes_{depth}"])))
        seconds = []
        for _ in range(args.runs):
            start = time.process_time()
            run(ctx, _QUERY, request)
            seconds.append(time.process_time() - start)
        runs = ", ".join(f"{s:.3f}" for s in seconds)
        print(f"depth {depth}: {returned:,} nodes, median {statistics.median(seconds):.3f} s CPU ({runs})")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        run(ctx, _QUERY, body(args.profile))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
