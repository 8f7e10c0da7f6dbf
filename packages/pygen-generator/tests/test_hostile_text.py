"""Model text cannot hide code, break a file or escape a comment in either language ("Trojan Source").

Descriptions and names come from whoever wrote the model: bidi overrides (U+202E) reorder what an
editor shows, a NUL byte is a SyntaxError in Python, U+2028 ends a `//` comment in JavaScript, and
`\"\"\"` / `*/` would close a docstring / JSDoc block early.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from pygen_generator import generate_sdk
from pygen_generator.ir import plain_text

from .conftest import EXAMPLE_MODEL
from .typescript.conftest import BIOME, REPO, write_files

RLO, LRI, PDI, ZWSP, LS = "\u202e", "\u2066", "\u2069", "\u200b", "\u2028"
# Each piece would be an attack or a broken file if printed raw.
HOSTILE = (
    f'Trusted{RLO} }};"""\nimport os; os.system("x") #*/ alert(1) /*{LS}alert(2); '
    f"// {LRI}admin{PDI}\x00\x1b[31m{ZWSP}ok\\"
)
BIDI_VALUE = f"on{RLO}off"


def _hostile_model(tmp_path: Path) -> Path:
    data: dict[str, Any] = json.loads(EXAMPLE_MODEL.read_text())
    data = copy.deepcopy(data)
    data["description"] = HOSTILE
    for view in data["views"]:
        view["description"] = HOSTILE
        view["name"] = f"{view['externalId']}{RLO}"
        for prop in view["properties"].values():
            prop["description"] = HOSTILE
            values = prop.get("type", {}).get("values")
            if isinstance(values, dict):
                values[BIDI_VALUE] = {"name": HOSTILE, "description": HOSTILE}
    for container in data.get("containers", []):
        for prop in container["properties"].values():
            values = prop.get("type", {}).get("values")
            if isinstance(values, dict):
                values[BIDI_VALUE] = {"name": HOSTILE, "description": HOSTILE}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _invisible(text: str) -> list[str]:
    return sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp") or ch == "\x00"
        }
        | {f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n"}
    )


def test_plain_text_drops_invisible_characters_and_normalises_line_breaks() -> None:
    assert plain_text(f"a{RLO}b{ZWSP}c\x00d\r\ne{LS}f\tg") == "abc d\ne\nf\tg"
    assert plain_text("plain text, as is") == "plain text, as is"


def test_python_sdk_compiles_and_shows_what_it_runs(tmp_path: Path) -> None:
    files = generate_sdk(_hostile_model(tmp_path), package="hostile_sdk")
    assert isinstance(files, dict)
    for path, text in files.items():
        assert _invisible(text) == [], f"{path} carries invisible characters"
        if path.endswith(".py"):
            tree = ast.parse(text, path)  # a SyntaxError (NUL, an unescaped \"\"\") fails here
            # Nothing from a description became code: every top-level statement is one the generator writes.
            imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            assert "os" not in imported, path
            assert not any(
                isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "system" for n in ast.walk(tree)
            )
    equipment = files["hostile_sdk/equipment.py"]
    docstring = ast.get_docstring(ast.parse(equipment)) or ""
    assert 'Trusted };"""' in docstring  # the description is still there, quotes included
    enum_line = next(line for line in equipment.splitlines() if line.startswith("Status = Literal["))
    assert '"on\\u202eoff"' in enum_line  # the wire value is kept, escaped


def _code_outside_comments(text: str) -> str:
    """The TypeScript text without comments and string literals (a tiny lexer: enough for our output)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("/*", i):
            end = text.index("*/", i + 2)
            i = end + 2
        elif text.startswith("//", i):
            i = text.index("\n", i) if "\n" in text[i:] else len(text)
        elif text[i] in "\"'":
            quote, i = text[i], i + 1
            while text[i] != quote:
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def test_typescript_sdk_comments_stay_comments(tmp_path: Path) -> None:
    model = _hostile_model(tmp_path)
    files = generate_sdk(model, package="hostile_sdk", language="typescript")
    assert isinstance(files, dict)
    clean = generate_sdk(EXAMPLE_MODEL, package="hostile_sdk", language="typescript")
    assert isinstance(clean, dict)
    for path, text in files.items():
        assert _invisible(text) == [], f"{path} carries invisible characters"
        code = _code_outside_comments(text)
        assert "alert" not in code, f"{path}: a description escaped its comment"
        assert "import os" not in code
    status = next(line for line in files["src/equipment.ts"].splitlines() if "EQUIPMENT_STATUS = [" in line)
    assert '"on\\u202eoff"' in status


@pytest.mark.skipif(not BIOME.exists(), reason=f"biome is not installed ({BIOME}); run `make install`")
def test_typescript_sdk_with_hostile_text_passes_biome(tmp_path: Path) -> None:
    files = generate_sdk(_hostile_model(tmp_path), package="hostile_sdk", language="typescript")
    assert isinstance(files, dict)
    write_files(tmp_path / "sdk", files)
    result = subprocess.run(
        [str(BIOME), "check", f"--config-path={REPO}", "--vcs-enabled=false", str(tmp_path / "sdk")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"parse|unterminated", result.stdout + result.stderr, re.IGNORECASE)
