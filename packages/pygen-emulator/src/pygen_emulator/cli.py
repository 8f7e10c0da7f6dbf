"""Command line of pygen-emulator: ``serve`` and ``load`` (click).

Every option can also be set with an environment variable ``PYGEN_EMULATOR_<OPTION>`` (``--fault-rate``
is ``PYGEN_EMULATOR_FAULT_RATE``); ``serve`` and ``load`` share ``PYGEN_EMULATOR_PROJECT`` and
``PYGEN_EMULATOR_TOKEN``, so one environment configures both.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pygen_emulator._settings import DEFAULT_MAX_BODY_BYTES

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = ["main"]

DEFAULT_URL = "http://127.0.0.1:8765"
_ENV = "PYGEN_EMULATOR_"
F = TypeVar("F", bound=Callable[..., Any])
_CONTEXT = {
    "help_option_names": ["-h", "--help"],
    "terminal_width": 100,
    "max_content_width": 100,
    "show_default": True,
}


def _env(option: str) -> str:
    return _ENV + option.upper().replace("-", "_")


def _option(name: str, **kwargs: Any) -> Callable[[F], F]:
    """A ``--name`` option with its ``PYGEN_EMULATOR_NAME`` environment variable shown in the help.

    ``name`` may be a switch pair (``core-model/--no-core-model``): the variable takes its first name.
    """
    return click.option(f"--{name}", envvar=_env(name.split("/")[0]), show_envvar=True, **kwargs)


def _fraction(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise click.BadParameter(f"expected a number between 0 and 1, got {value:g}")
    return value


@click.group(context_settings=_CONTEXT)
def cli() -> None:
    """A local CDF data-modeling (DMS) API server for offline tests."""


@cli.command(context_settings=_CONTEXT)
@_option("host", default="127.0.0.1", help="Interface to listen on.")
@_option("port", type=click.IntRange(0, 65535), default=8765, help="Port; 0 picks a free one.")
@_option("project", default="emulator", help="The CDF project served.")
@_option("db", metavar="PATH", show_default="memory", help="SQLite file that keeps the data across restarts.")
@_option("token", show_default="any bearer token", help="Accept only this bearer token (or an issued one).")
@_option("client-id", default="pygen-emulator", help="Client id for POST /oauth2/token.")
@_option("client-secret", default="pygen-emulator-secret", help="Client secret for POST /oauth2/token.")
@_option(
    "token-ttl", type=click.FloatRange(min=0), default=3600.0, help="Lifetime of issued tokens, in seconds."
)
@_option(
    "fault-rate",
    type=float,
    default=0.0,
    callback=_fraction,
    help="Fraction of API requests answered 429 or 503, between 0 and 1.",
)
@_option("fault-seed", type=int, default=0, help="Seed of the fault generator.")
@_option(
    "default-view-filter",
    type=click.Choice(["hasData", "none"]),
    default="hasData",
    help="What a view without a filter matches: instances with data in all its containers, or every instance.",
)
@_option(
    "load",
    metavar="FILE",
    multiple=True,
    show_default="none",
    help="Model file (corpus format) to deploy at start; repeatable (variable: space-separated); kept by resets.",
)
@_option(
    "global-space",
    metavar="SPACE",
    multiple=True,
    show_default="none",
    help="Report this space as a global system space too (read-only, listed only with includeGlobal); repeatable.",
)
@_option(
    "max-body-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BODY_BYTES,
    help="Largest request body accepted, before and after decompression (larger ones get a 413).",
)
@_option(
    "core-model/--no-core-model",
    default=True,
    help="Serve the Cognite Core Data Model (cdf_cdm, cdf_cdm_3d) built in, as CDF does.",
)
def serve(**options: Any) -> None:
    """Serve the DMS API (prints one line once it accepts connections)."""
    raise SystemExit(_serve(options))


@cli.command(context_settings=_CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@_option("url", default=DEFAULT_URL, help="Emulator base URL.")
@_option("project", default="emulator", help="The CDF project.")
@_option("token", default="pygen-emulator", help="Bearer token to send.")
def load(files: tuple[Path, ...], url: str, project: str, token: str) -> None:
    """Deploy model files (corpus format: a data model in the read format plus 'containers') in order."""
    raise SystemExit(_load(files, url, project, token))


def main(argv: Sequence[str] | None = None) -> None:
    """The ``pygen-emulator`` command (exits with its status: 0 ok, 1 server/API failure, 2 bad input)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="pygen-emulator")


def _serve(options: dict[str, Any]) -> int:
    from pygen_emulator._settings import Settings
    from pygen_emulator.app import create_app

    db = options["db"]
    if db and not Path(db).resolve().parent.is_dir():
        print(f"pygen-emulator: the folder of --db {db} does not exist; create it first", file=sys.stderr)
        return 2
    settings = Settings(
        project=options["project"],
        db_path=db,
        token=options["token"],
        client_id=options["client_id"],
        client_secret=options["client_secret"],
        token_ttl_seconds=options["token_ttl"],
        fault_rate=options["fault_rate"],
        fault_seed=options["fault_seed"],
        default_view_filter=options["default_view_filter"],
        preload=tuple(options["load"]),
        global_spaces=tuple(options["global_space"]),
        core_model=options["core_model"],
        max_body_bytes=options["max_body_bytes"],
    )
    host, port = options["host"], options["port"]
    try:
        app = create_app(settings)
    except (OSError, ValueError) as exc:  # a --load model that cannot be read or deployed
        print(f"pygen-emulator: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_run_server(app, settings.project, host, port))
    except OSError as exc:
        print(
            f"pygen-emulator: cannot listen on {host}:{port}: {exc}; pick another --port (0 = any free one)",
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


def _load(files: tuple[Path, ...], url: str, project: str, token: str) -> int:
    from pygen_client import AuthenticationError, ClientConfig, PygenClient, PygenError, Token
    from pygen_emulator._loader import deploy_model, read_model

    try:
        models = [(path, read_model(path)) for path in files]
    except (OSError, ValueError) as exc:
        print(f"pygen-emulator load: {exc}", file=sys.stderr)
        return 2
    config = ClientConfig(
        base_url=url,
        project=project,
        credentials=Token(token),
        client_name="pygen-emulator-load",
    )
    if (problem := _probe(config)) is not None:
        print(f"pygen-emulator load: {problem}", file=sys.stderr)
        return 1
    with PygenClient(config) as client:
        for path, model in models:
            try:
                counts = deploy_model(client, model)
            except PygenError as exc:
                hint = f"; {_TOKEN_HINT}" if isinstance(exc, AuthenticationError) else ""
                print(f"pygen-emulator load: deploying {path} to {url} failed: {exc}{hint}", file=sys.stderr)
                return 1
            print(
                f"deployed {model['space']}:{model['externalId']}/{model['version']}: {counts['spaces']} spaces, "
                f"{counts['containers']} containers, {counts['views']} views, "
                f"{counts['data_models']} data model{'' if counts['data_models'] == 1 else 's'}",
                flush=True,
            )
    return 0


_TOKEN_HINT = (
    "pass --token (or PYGEN_EMULATOR_TOKEN) with the token the emulator was started with (serve --token)"
)
# Long enough for a busy local server to answer, short enough that a typo in --url fails at once.
_PROBE_TIMEOUT_SECONDS = 2.0


def _probe(config: ClientConfig) -> str | None:
    """One request without retries: why loading cannot work (nothing listening, token refused), or None.

    The deploy itself retries like every pygen client (429/503 from ``--fault-rate`` included); without
    this probe a refused connection would be retried for more than a minute before ``load`` gave up.
    """
    from dataclasses import replace

    from pygen_client import APIConnectionError, AuthenticationError, PygenClient, PygenError

    quick = replace(config, max_retries=0, timeout=_PROBE_TIMEOUT_SECONDS)
    try:
        with PygenClient(quick) as client:
            client.get("/models/spaces", params={"limit": 1})
    except APIConnectionError:
        return (
            f"no emulator at {config.base_url}; start `pygen-emulator serve` or pass `--url` "
            f"(`serve --port 0` picks a free port and prints its URL; `load` defaults to {DEFAULT_URL})"
        )
    except AuthenticationError as exc:
        return f"{config.base_url} refused the token: {exc}; {_TOKEN_HINT}"
    except PygenError:
        return None  # anything else (an injected fault, a 403 for another project) shows in the deploy
    return None
