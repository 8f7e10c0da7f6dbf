"""``pygen serve``: the generation service. FastAPI and uvicorn are imported only when it runs."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["serve"]

_FC = TypeVar("_FC", bound=Callable[..., Any])

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _api_keys(given: tuple[str, ...]) -> tuple[str, ...]:
    from_env = re.split(r"[,\s]+", os.environ.get("PYGEN_SERVICE_API_KEYS", "").strip())
    return tuple(dict.fromkeys(key for key in (*given, *from_env) if key))


def _configure_logging(level: str) -> None:
    from pygen_generator.service._logs import configure_logging

    configure_logging(level)


def _count_option(flag: str, default: int, minimum: int, help: str) -> Callable[[_FC], _FC]:
    return click.option(flag, default=default, show_default=True, type=click.IntRange(minimum), help=help)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; other than 127.0.0.1 needs an API key.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--api-key",
    "api_keys",
    multiple=True,
    metavar="KEY",
    help="A bearer key clients must send (16+ characters). Repeatable. Prefer PYGEN_SERVICE_API_KEYS "
    "(comma-separated): a command line is visible to other users.",
)
@_count_option("--max-body-bytes", 5 * 1024 * 1024, 1, "Largest request body (413 past it).")
@_count_option("--max-views", 500, 1, "Most views in a model (422 past it).")
@_count_option("--max-properties", 10_000, 1, "Most properties over all views (422 past it).")
@click.option(
    "--timeout",
    "generation_timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds a generation may run (its worker is then killed; 422), and may wait for a worker (429).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes: concurrent generations.",
)
@_count_option("--max-queue", 32, 0, "Requests that may wait for a worker (429 past it).")
@_count_option("--rate-limit", 120, 0, "Requests per API key per minute (429 past it); 0: no limit.")
@click.option(
    "--cdf-url",
    metavar="URL",
    help="Allow 'model_id' requests, fetched from this CDF cluster with the caller's X-CDF-Token.",
)
@click.option(
    "--cdf-project", metavar="PROJECT", help="The CDF project of 'model_id' unless X-CDF-Project names one."
)
@click.option(
    "--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning", "error"])
)
def serve(**params: Any) -> None:
    """Serve SDK generation over HTTP (needs the 'service' extra: pip install "pygen-generator[service]").

    POST /generate and /validate, GET /health and /version; the API is described at /docs.
    One JSON log line per request goes to stderr.
    """  # fmt: skip
    keys = _api_keys(params["api_keys"])
    host = params["host"]
    if not keys and host not in _LOOPBACK:
        raise click.UsageError(
            f"refusing to listen on {host} without an API key: give --api-key or PYGEN_SERVICE_API_KEYS"
        )
    try:
        import uvicorn

        from pygen_generator.service import ServiceSettings, create_app
    except ImportError as exc:
        raise click.ClickException(
            f'pygen serve needs the service extra ({exc.name} is missing): pip install "pygen-generator[service]"'
        ) from None
    try:
        settings = ServiceSettings(
            api_keys=keys,
            **{name: params[name] for name in (
                "max_body_bytes", "max_views", "max_properties", "generation_timeout", "workers", "max_queue",
                "rate_limit", "cdf_url", "cdf_project",
            )},
        )  # fmt: skip
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _configure_logging(params["log_level"])
    if keys:
        click.echo(f"pygen serve: {len(keys)} API key(s); listening on {host}:{params['port']}", err=True)
    else:
        click.echo(
            f"pygen serve: no API key configured, so listening on {host} only "
            "(give --api-key or PYGEN_SERVICE_API_KEYS to serve other hosts)",
            err=True,
        )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=params["port"],
        log_config=None,  # our JSON lines, not uvicorn's format
        access_log=False,  # the request log line replaces it (and never holds headers)
        server_header=False,
    )
