"""The typed surface of connections in the example SDK, checked by mypy (see typing_connections.py)."""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

CASES = Path(__file__).with_name("typing_connections.py")


def test_connections_are_typed_and_wrong_views_are_errors() -> None:
    stdout, stderr, _ = api.run(["--strict", "--no-error-summary", "--show-error-codes", str(CASES)])
    got = set()
    for line in stdout.splitlines():
        if ": note: " in line:
            continue
        match = re.match(r".*typing_connections\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        assert match, f"unexpected mypy output: {line}\n{stderr}"
        got.add((int(match.group(1)), match.group(2)))
    expected = {
        (n, m.group(1))
        for n, text in enumerate(CASES.read_text().splitlines(), start=1)
        if (m := re.search(r"# E: ([\w-]+)", text))
    }
    assert got == expected, stdout
