"""The typed surface of the example SDK, checked by mypy (see typing_cases.py)."""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

CASES = Path(__file__).with_name("typing_cases.py")


def test_typed_surface_accepts_good_code_and_rejects_bad_code() -> None:
    stdout, stderr, _ = api.run(["--strict", "--no-error-summary", "--show-error-codes", str(CASES)])
    got = set()
    for line in stdout.splitlines():
        if ": note: " in line:
            continue
        match = re.match(r".*typing_cases\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        assert match, f"unexpected mypy output: {line}\n{stderr}"
        got.add((int(match.group(1)), match.group(2)))
    expected = {
        (n, m.group(1))
        for n, text in enumerate(CASES.read_text().splitlines(), start=1)
        if (m := re.search(r"# E: ([\w-]+)", text))
    }
    assert got == expected, stdout
