"""Write generated files atomically: all of them, or none.

Files are written into a fresh folder beside the output and swapped in with renames, so a failure
(disk full, permission denied, an interrupted run) never leaves a half-written SDK. An existing,
non-empty output folder is refused unless ``overwrite``; then it is replaced as a whole, which also
removes files that are no longer generated.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pygen_generator.errors import OutputError

__all__ = ["write_files"]


def _check_target(output: Path, overwrite: bool) -> None:
    if output.exists() and not output.is_dir():
        raise OutputError(f"output {output} exists and is not a folder", "choose another --output")
    if output.is_dir() and any(output.iterdir()) and not overwrite:
        raise OutputError(
            f"output folder {output} is not empty",
            "pass --overwrite to replace it (files no longer generated are removed), or choose another --output",
        )


def write_files(files: Mapping[str, str], output: Path, *, overwrite: bool = False) -> Path:
    """Write ``{relative path: text}`` under ``output``; returns the output folder."""
    output = output.resolve()
    _check_target(output, overwrite)
    parent = output.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.pygen-", dir=parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write to {parent}: {exc.strerror or exc}", "check the folder's permissions"
        ) from None
    old: Path | None = None
    try:
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a package folder is normally readable
        if output.exists():
            old = parent / f"{staging.name}.old"
            os.rename(output, old)
        os.rename(staging, output)
    except OSError as exc:
        if old is not None and not output.exists():
            os.rename(old, output)  # put the previous SDK back
            old = None
        raise OutputError(
            f"cannot write the SDK to {output}: {exc.strerror or exc}", "check the folder's permissions"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return output
