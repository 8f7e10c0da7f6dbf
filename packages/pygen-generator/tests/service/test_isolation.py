"""The service is optional: the generator and `pygen --help` never import FastAPI or uvicorn."""

from __future__ import annotations

import subprocess
import sys

from .conftest import EXAMPLE_MODEL

_CHECK = f"""
import sys
from pygen_generator import generate_sdk
from pygen_generator.cli import cli
generate_sdk({str(EXAMPLE_MODEL)!r})
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("fastapi", "uvicorn", "starlette"))
loaded += [m for m in sys.modules if m.startswith("pygen_generator.service")]
print(",".join(loaded))
"""


def test_the_generator_and_the_cli_import_no_service_code() -> None:
    result = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_pygen_help_lists_serve_without_importing_it() -> None:
    check = "import sys\nfrom pygen_generator.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    check += "print('LOADED' if 'fastapi' in sys.modules else 'CLEAN')"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert "serve" in result.stdout
    assert result.stdout.strip().endswith("CLEAN")
