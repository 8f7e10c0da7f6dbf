"""``pygen build``: render the Python SDK into a temporary project and build its wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.errors import OutputError
from pygen_generator.ir import SdkIR

__all__ = ["build_wheel"]


def _command(project: Path, out: Path) -> list[str]:
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if Path(uv).exists():
        return [uv, "build", "--wheel", "--out-dir", str(out), str(project)]
    return [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(project)]


def build_wheel(ir: SdkIR, out: Path) -> Path:
    """Build ``<distribution>-<version>-py3-none-any.whl`` into ``out``; returns its path."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pygen-build-") as tmp:
        project = write_files(generate_files(ir), Path(tmp) / ir.python.distribution)
        done = subprocess.run(_command(project, out), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["unknown error"]
            raise OutputError(
                f"building the wheel failed: {last[0]}", "run `uv build` in a generated project to see why"
            )
    wheels = sorted(out.glob(f"{ir.python.package}-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        raise OutputError(f"no wheel appeared in {out}", "run `uv build` in a generated project to see why")
    return wheels[-1]
