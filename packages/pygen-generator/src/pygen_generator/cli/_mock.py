"""``pygen mock``: write deterministic mock instances of a model's writable views to CDF or the emulator."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from pygen_generator.cli._commands import _ir, _print_issues, model_options
from pygen_generator.errors import CDFError, InputError

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = ["mock"]


def _config(url: str | None, project: str | None, token: str | None) -> ClientConfig:
    from pygen_client import ClientConfig, ConfigurationError, Token

    try:
        if url is not None:  # the emulator (or any cluster with a static token)
            return ClientConfig(
                base_url=url,
                project=project or "emulator",  # pygen-emulator's default project
                credentials=Token(
                    token or "pygen-mock"
                ),  # the emulator takes any token unless started with one
                client_name="pygen-mock",
            )
        return ClientConfig.from_env(client_name="pygen-mock")
    except ConfigurationError as exc:
        raise InputError(
            str(exc), "set CDF_URL, CDF_PROJECT and CDF_TOKEN (or IDP_*), or pass --url for the emulator"
        ) from None


@click.command()
@model_options
@click.option(
    "--count",
    "-n",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Nodes per writable node view (edges follow the connections between them).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed writes the same data.")
@click.option(
    "--space",
    default="pygen_mock",
    show_default=True,
    help="The instance space to write into (created when missing).",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="VIEW",
    help="Only this view (externalId or SPACE:XID/VERSION). Repeatable.",
)
@click.option(
    "--url",
    metavar="URL",
    help="A cluster or emulator URL with a static token (default: CDF_* / IDP_* variables).",
)
@click.option(
    "--project",
    "cdf_project",
    metavar="NAME",
    help="With --url: the project (default emulator, pygen-emulator's).",
)
@click.option(
    "--token",
    metavar="TOKEN",
    help="With --url: the bearer token (the emulator accepts any unless started with --token).",
)
@click.option(
    "--delete",
    "delete_",
    is_flag=True,
    default=False,
    help="Delete the instances this seed and count write, instead.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    default=False,
    help="Print the instances as DMS write JSON lines; write nothing.",
)
def mock(**params: Any) -> None:
    """Write mock instances of every writable view of a model (deploy the model first)."""
    from pygen_client import APIConnectionError, APIError, PygenClient
    from pygen_generator.mock import delete_mock_data, generate_mock_data, write_mock_data

    ir = _ir(params)
    _print_issues(ir)
    try:
        data = generate_mock_data(
            ir, params["count"], seed=params["seed"], space=params["space"], views=params["views"] or None
        )
    except ValueError as exc:
        raise InputError(str(exc), "pick views with `pygen inspect --input MODEL`") from None
    for reason in data.skipped:
        click.echo(f"skipped {reason}", err=True)
    if params["dry_run"]:
        for item in data.dump():
            click.echo(json.dumps(item, sort_keys=True))
        return
    config = _config(params["url"], params["cdf_project"], params["token"])
    try:
        with PygenClient(config) as client:
            if params["delete_"]:
                done = delete_mock_data(client, data)
                click.echo(f"deleted {done} instances from space {data.space} ({config.base_url})")
                return
            done = write_mock_data(client, data)
    except APIConnectionError as exc:
        hint = "check the URL; for the emulator: pygen-emulator serve --port 8765, then --url http://127.0.0.1:8765"
        raise CDFError(f"cannot reach {config.base_url}: {exc}", hint) from None
    except APIError as exc:
        hint = "deploy the model first (for the emulator: pygen-emulator load MODEL --url URL)"
        raise CDFError(f"{config.base_url} refused the mock data: {exc}", hint) from None
    click.echo(
        f"wrote {len(data.nodes)} nodes and {len(data.edges)} edges (seed {data.seed}) "
        f"to space {data.space} ({config.base_url}, project {config.project}): {done} instances"
    )
