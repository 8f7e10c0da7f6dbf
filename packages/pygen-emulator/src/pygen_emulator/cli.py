"""Command line of pygen-emulator: ``serve`` and ``load``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]

DEFAULT_URL = "http://127.0.0.1:8765"


def _fraction(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {raw!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pygen-emulator", description="A local CDF data-modeling (DMS) API server for offline tests."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the DMS API on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free port)")
    serve.add_argument("--project", default="emulator", help="the CDF project served (default 'emulator')")
    serve.add_argument(
        "--db", metavar="PATH", help="SQLite file that keeps data across restarts (default: memory)"
    )
    serve.add_argument("--token", help="accept only this bearer token (default: any bearer token)")
    serve.add_argument("--client-id", default="pygen-emulator", help="client id for POST /oauth2/token")
    serve.add_argument(
        "--client-secret", default="pygen-emulator-secret", help="client secret for POST /oauth2/token"
    )
    serve.add_argument("--token-ttl", type=float, default=3600.0, help="lifetime of issued tokens in seconds")
    serve.add_argument(
        "--fault-rate",
        type=_fraction,
        default=0.0,
        help="fraction of API requests answered 429 or 503 (0..1)",
    )
    serve.add_argument("--fault-seed", type=int, default=0, help="seed of the fault generator (default 0)")
    serve.add_argument(
        "--default-view-filter",
        choices=["hasData", "none"],
        default="hasData",
        help="what a view without a filter matches (default: instances with data in its containers)",
    )
    serve.add_argument(
        "--load",
        metavar="FILE",
        action="append",
        default=[],
        help="model file (corpus format) to deploy at start; repeatable; kept by resets",
    )
    serve.add_argument(
        "--no-core-model",
        action="store_true",
        help="do not serve the Cognite Core Data Model (cdf_cdm, cdf_cdm_3d) that is built in by default",
    )
    serve.add_argument(
        "--global-space",
        metavar="SPACE",
        action="append",
        default=[],
        help="report this space as a system space (isGlobal, listed only with includeGlobal); repeatable",
    )
    load = commands.add_parser("load", help="deploy model files (corpus format) into a running emulator")
    load.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="JSON file: a data model in the read format plus 'containers' (several are deployed in order)",
    )
    load.add_argument("--url", default=DEFAULT_URL, help=f"emulator base URL (default {DEFAULT_URL})")
    load.add_argument("--project", default="emulator", help="project (default 'emulator')")
    load.add_argument("--token", default="pygen-emulator", help="bearer token to send")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        raise SystemExit(_serve(args))
    raise SystemExit(_load(args))


def _serve(args: argparse.Namespace) -> int:
    from pygen_emulator._settings import Settings
    from pygen_emulator.app import create_app

    if args.db and not Path(args.db).resolve().parent.is_dir():
        print(
            f"pygen-emulator: the folder of --db {args.db} does not exist; create it first", file=sys.stderr
        )
        return 2
    settings = Settings(
        project=args.project,
        db_path=args.db,
        token=args.token,
        client_id=args.client_id,
        client_secret=args.client_secret,
        token_ttl_seconds=args.token_ttl,
        fault_rate=args.fault_rate,
        fault_seed=args.fault_seed,
        default_view_filter=args.default_view_filter,
        preload=tuple(args.load),
        global_spaces=tuple(args.global_space),
        core_model=not args.no_core_model,
    )
    try:
        app = create_app(settings)
    except (OSError, ValueError) as exc:  # a --load model that cannot be read or deployed
        print(f"pygen-emulator: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_run_server(app, settings.project, args.host, args.port))
    except OSError as exc:
        print(
            f"pygen-emulator: cannot listen on {args.host}:{args.port}: {exc}; pick another --port (0 = any free one)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0


async def _run_server(app: Any, project: str, host: str, port: int) -> None:
    import uvicorn

    from pygen_emulator._server import bind_socket, url_for, uvicorn_config

    sock = bind_socket(host, port)
    actual_port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn_config(app))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            await task
            return
        await asyncio.sleep(0.005)
    print(f"pygen-emulator listening on {url_for(host, actual_port)} project={project}", flush=True)
    await task


def _load(args: argparse.Namespace) -> int:
    from pygen_client import ClientConfig, PygenClient, PygenError, Token
    from pygen_emulator._loader import deploy_model, read_model

    try:
        models = [(path, read_model(path)) for path in args.files]
    except (OSError, ValueError) as exc:
        print(f"pygen-emulator load: {exc}", file=sys.stderr)
        return 2
    config = ClientConfig(
        base_url=args.url,
        project=args.project,
        credentials=Token(args.token),
        client_name="pygen-emulator-load",
    )
    with PygenClient(config) as client:
        for path, model in models:
            try:
                counts = deploy_model(client, model)
            except PygenError as exc:
                print(f"pygen-emulator load: deploying {path} to {args.url} failed: {exc}", file=sys.stderr)
                return 1
            print(
                f"deployed {model['space']}:{model['externalId']}/{model['version']}: {counts['spaces']} spaces, "
                f"{counts['containers']} containers, {counts['views']} views, "
                f"{counts['data_models']} data model{'' if counts['data_models'] == 1 else 's'}",
                flush=True,
            )
    return 0
