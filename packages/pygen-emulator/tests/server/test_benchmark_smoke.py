"""The emulator benchmark stays runnable (tiny N; figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "benchmarks" / "emulator" / "run.py"


@pytest.mark.skipif(not SCRIPT.is_file(), reason=f"{SCRIPT} not found")
def test_benchmark_runs_with_a_small_n() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            *("--n", "300", "--batch", "100", "--page", "100", "--runs", "1"),
            *("--search-n", "500", "--search-reps", "1"),  # the full search section loads 1M nodes
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "apply :" in result.stdout
    assert "list  :" in result.stdout
    assert "instances/s" in result.stdout
    assert "server peak RSS" in result.stdout
    assert "median search 'pump'" in result.stdout
