"""Start ``pygen-emulator serve`` as its own process for a benchmark, with a model loaded.

A separate process, not the in-process ``pygen_emulator.EmulatorServer``: the server's CPU must not share
the measured client's interpreter (and its GIL). Imported by the benchmark scripts, which put this
folder on ``sys.path`` (they are run as scripts, not as a package).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start_emulator(model: Path, project: str) -> tuple[subprocess.Popen[str], str]:
    """The server process and its base URL, once ``model`` is deployed to it (exits when it cannot)."""
    exe = Path(sys.executable).with_name("pygen-emulator")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", "0", "--project", project], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    url = line.split("listening on ", 1)[1].split()[0]
    subprocess.run(
        [str(exe), "load", str(model), "--url", url, "--project", project], check=True, capture_output=True
    )
    return proc, url
