"""The ``pygen`` command line. Only click is imported at start-up; each command imports what it uses.

Exit codes: 0 success; 1 validation errors (``validate``, or warnings under ``--strict``); 2 bad input
(files, options, model errors such as unknown property types or cyclic implements); 3 CDF unreachable or
refusing the credentials; 4 the output cannot be written. Errors are one line plus a hint, no traceback.
"""

from __future__ import annotations

import sys

import click

from pygen_generator._version import __version__
from pygen_generator.cli._commands import build, demo, generate, inspect_, validate
from pygen_generator.cli._mock import mock
from pygen_generator.cli._serve import serve
from pygen_generator.errors import GeneratorError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, "--version", prog_name="pygen-generator")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """pygen: generate a typed SDK for a Cognite Data Fusion data model.

    Defaults come from [tool.pygen] in pyproject.toml or from pygen.toml (nearest to the current
    folder); command-line flags win.
    """
    from pathlib import Path

    from pygen_generator.cli._config import load_config

    defaults = load_config(Path.cwd())
    ctx.default_map = dict.fromkeys(("generate", "validate", "inspect", "build"), defaults)


for command in (generate, validate, inspect_, build, demo, serve, mock):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``pygen``: user errors become ``error: ...`` / ``hint: ...`` and an exit code."""
    try:
        cli.main(args=argv, prog_name="pygen", standalone_mode=False)
    except GeneratorError as exc:
        click.echo(f"error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)
