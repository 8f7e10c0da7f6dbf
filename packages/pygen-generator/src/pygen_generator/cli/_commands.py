"""The ``pygen`` commands. Each imports the pipeline inside its body, so ``pygen --help`` stays fast."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pygen_generator.errors import InputError, ModelValidationError

if TYPE_CHECKING:
    from pygen_generator.ir import SdkIR
    from pygen_generator.validation import GenerateOptions

__all__ = ["build", "demo", "generate", "inspect_", "validate"]

F = TypeVar("F", bound=Callable[..., Any])

_MODEL_OPTIONS = [
    click.option("--input", "-i", "inputs", multiple=True, type=click.Path(path_type=Path),
                 help="A model file (.json/.yaml, corpus or API-response format) or a Toolkit module folder. Repeatable."),
    click.option("--model", "-m", "models", multiple=True, metavar="SPACE:XID[/VERSION]",
                 help="A data model in CDF (credentials from CDF_* / IDP_* variables). Repeatable."),
    click.option("--var", "variables", multiple=True, metavar="KEY=VALUE", help="A Toolkit {{ variable }} value. Repeatable."),
    click.option("--exclude-view", "exclude_views", multiple=True, metavar="VIEW",
                 help="Leave a view out (externalId or SPACE:XID[/VERSION]). Repeatable."),
    click.option("--exclude-space", "exclude_spaces", multiple=True, metavar="SPACE", help="Leave a space's views out. Repeatable."),
    click.option("--default-instance-space", metavar="SPACE", help="The instance space the SDK uses by default."),
    click.option("--package", metavar="NAME", help="Python package name (default: snake_case of the model's externalId)."),
    click.option("--client-name", metavar="NAME", help="Client class name (default: <Model>Client)."),
    click.option("--npm-package", metavar="NAME",
                 help="npm package name of a TypeScript SDK, e.g. @my-org/my-sdk (default: the package, kebab-case)."),
    click.option("--strict", is_flag=True, default=False, help="Treat every validation warning as an error."),
]  # fmt: skip


def model_options(func: F) -> F:
    for option in reversed(_MODEL_OPTIONS):
        func = option(func)
    return func


def _variables(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--var {pair!r} is not KEY=VALUE", "e.g. --var my_space=sp_dev")
        out[key.strip()] = value
    return out


def _options(params: dict[str, Any]) -> GenerateOptions:
    from pygen_generator.validation import GenerateOptions

    return GenerateOptions(
        package=params.get("package"),
        client_name=params.get("client_name"),
        npm_package=params.get("npm_package"),
        exclude_views=tuple(params.get("exclude_views") or ()),
        exclude_spaces=tuple(params.get("exclude_spaces") or ()),
        default_instance_space=params.get("default_instance_space"),
        strict=bool(params.get("strict")),
    )


def _ir(params: dict[str, Any]) -> SdkIR:
    from pygen_generator._api import generate_ir

    return generate_ir(
        list(params.get("inputs") or ()),
        list(params.get("models") or ()),
        options=_options(params),
        variables=_variables(params.get("variables") or ()),
    )


def _print_issues(ir: SdkIR) -> None:
    for issue in ir.issues:
        click.echo(f"{issue.severity}: {issue.location}: {issue.message} -> {issue.action}", err=True)


@click.command()
@model_options
@click.option("--language", type=click.Choice(["python", "typescript"]), default="python", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="The folder to write (required unless --dry-run)."
)
@click.option(
    "--overwrite",
    is_flag=True,
    default=False,
    help="Replace a non-empty output folder (removes stale files).",
)
@click.option(
    "--dry-run", is_flag=True, default=False, help="Validate and render, print the files, write nothing."
)
@click.option(
    "--project/--no-project",
    default=True,
    show_default=True,
    help="Write the project files beside the package (--no-project: only the Python package folder, or the "
    "TypeScript src/ folder).",
)
def generate(**params: Any) -> None:
    """Generate an SDK from a model file, a Toolkit module or CDF."""
    from pygen_generator._api import generate_files
    from pygen_generator._output import write_files

    started = time.perf_counter()
    if params["output"] is None and not params["dry_run"]:
        raise InputError("no --output folder given", "pass --output DIR (or --dry-run to write nothing)")
    ir = _ir(params)
    _print_issues(ir)
    files = generate_files(ir, params["language"], project=params["project"])
    summary = (
        f"{len(ir.views)} views, {len(files)} files, {sum(t.count(chr(10)) for t in files.values())} lines"
    )
    if params["dry_run"]:
        for path in sorted(files):
            click.echo(f"  {path}")
        click.echo(f"dry run: would write {summary} ({time.perf_counter() - started:.2f} s)")
        return
    output = write_files(files, params["output"], overwrite=params["overwrite"])
    click.echo(f"wrote {summary} to {output} in {time.perf_counter() - started:.2f} s")


@click.command()
@model_options
def validate(**params: Any) -> None:
    """Check a model: print each warning (location, problem, what generation will do); exit 1 on errors."""
    try:
        ir = _ir(params)
    except InputError as exc:
        raise ModelValidationError(exc.message, exc.hint) from None
    _print_issues(ir)
    click.echo(f"ok: {len(ir.views)} views, {len(ir.issues)} warning(s)")


@click.command("inspect")
@model_options
@click.option("--json", "as_json", is_flag=True, default=False, help="Print the IR as JSON.")
def inspect_(**params: Any) -> None:
    """Show what will be generated: views, properties, connections (or the whole IR with --json)."""
    from pygen_generator.cli._table import describe

    ir = _ir(params)
    if params["as_json"]:
        click.echo(ir.to_json())
        return
    _print_issues(ir)
    click.echo(describe(ir))


@click.command()
@model_options
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Where to put the wheel.",
)
def build(**params: Any) -> None:
    """Generate the Python SDK and build its wheel (with uv, or pip when uv is absent)."""
    from pygen_generator._build import build_wheel

    ir = _ir(params)
    _print_issues(ir)
    wheel = build_wheel(ir, params["output"])
    click.echo(f"built {wheel}")


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Generate the SDK here (default: a temporary folder).",
)
def demo(output: Path | None) -> None:
    """Generate the example SDK and run it against an embedded pygen-emulator, printing each step."""
    from pygen_generator._demo import run_demo

    run_demo(output)
    sys.stdout.flush()
