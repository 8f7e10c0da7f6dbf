"""`make demo` keeps working: run it and check what it printed came from the server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "demo.py"


def test_demo_runs_end_to_end() -> None:
    result = subprocess.run([sys.executable, str(DEMO)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "'views': 6" in out
    assert re.search(r"upserted 2003 instances", out)
    assert "pumps in plant-1 (through the Pump view, which implements Equipment): 167" in out
    assert re.search(r"running\s+count=667", out)
    assert "plant-0 as a facility: 'Plant 0'; as equipment: None" in out
    assert "iterated 2000 equipment, 500 per request" in out
    assert "priority 0 in 4 pages of at most 100, cursors [True, True, True, False]" in out
    assert "async client, two requests at once: 667 stopped, 3 facilities" in out
