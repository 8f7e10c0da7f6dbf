"""Every page of the documentation site runs: its examples cannot rot.

For each page under docs/ (those written for the site; `architecture.md` and `connections.md` are the
project's design pages), the fenced blocks run in order, in a fresh temporary folder and against a fresh
emulator (the `emulator` fixture of pygen-emulator's pytest plugin), as a reader would run them:

* a block with a title (```` ```json title="shop.json" ````) is a file: it is written under that name;
* a `python` block runs; the blocks of one page share their names, as in one interpreter session
  (`assert` lines in them are the expected results);
* a `console` block runs each `$ ` line with bash (the workspace's commands on PATH); the lines shown
  after a command must be among the lines it prints;
* `bash`, `ts`, `toml`, `text` and untitled `json` blocks are shown, not run (installs, TypeScript,
  configuration); `<!-- docs-test: skip -->` right before a block skips it too (for code that needs a
  real CDF project).

The emulator listens on a free port, not on the documented default 8765: its URL replaces
`http://127.0.0.1:8765` in what runs, and `PYGEN_EMULATOR_URL` points `pygen-emulator load` at it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pygen_emulator import EmulatorHandle

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
DESIGN_PAGES = {"architecture.md", "connections.md"}
PAGES = sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).as_posix() not in DESIGN_PAGES)
DOCUMENTED_URL = "http://127.0.0.1:8765"
FENCE = re.compile(
    r"^(?P<skip><!-- docs-test: skip -->\n)?```(?P<lang>[\w-]*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
TITLE = re.compile(r'title="([^"]+)"')
RUN_LANGUAGES = {"python", "console"}


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    title: str | None
    body: str
    skip: bool


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        title = TITLE.search(match["attrs"])
        found.append(
            Block(
                page=page.relative_to(REPO).as_posix(),
                line=text.count("\n", 0, match.start("lang")) + 1,
                lang=match["lang"],
                title=title.group(1) if title else None,
                body=match["body"],
                skip=bool(match["skip"]),
            )
        )
    return found


def _console_commands(body: str) -> list[tuple[str, list[str]]]:
    """`$ ` lines with the output lines shown after each (until the next command)."""
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands and line.strip():
            commands[-1][1].append(line.strip())
    return commands


def _run_console(block: Block, cwd: Path, env: dict[str, str], url: str) -> None:
    for command, shown in _console_commands(block.body):
        command = command.replace(DOCUMENTED_URL, url)
        result = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )
        where = f"{block.page}:{block.line}: `{command}`"
        assert result.returncode == 0, f"{where} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        printed = [line.strip() for line in result.stdout.splitlines()]
        for line in shown:  # the output the page shows is the output the command prints
            assert line in printed, f"{where} did not print {line!r}; it printed:\n{result.stdout}"


def _run_python(block: Block, namespace: dict[str, Any], url: str) -> None:
    # Padded to the block's first line and named by the page's path: a traceback shows the page's lines.
    source = "\n" * block.line + block.body.replace(DOCUMENTED_URL, url)
    code = compile(source, str(REPO / block.page), "exec")
    exec(code, namespace)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_runs(
    page: Path, emulator: EmulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # a package generated into the folder imports, as from a shell
    (tmp_path / "examples").symlink_to(REPO / "examples")  # pages use examples/models/example.json
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYGEN_EMULATOR_URL": emulator.base_url,
        "PYGEN_EMULATOR_PROJECT": emulator.project,
    }
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    modules_before = set(sys.modules)
    try:
        for block in blocks(page):
            if block.skip:
                continue
            if block.title is not None:
                (tmp_path / block.title).write_text(block.body.replace(DOCUMENTED_URL, emulator.base_url))
            elif block.lang == "python":
                _run_python(block, namespace, emulator.base_url)
            elif block.lang == "console":
                _run_console(block, tmp_path, env, emulator.base_url)
    finally:
        # A package generated into this page's folder must not be what the next page imports.
        for name in set(sys.modules) - modules_before:
            if (getattr(sys.modules[name], "__file__", None) or "").startswith(str(tmp_path)):
                del sys.modules[name]


def test_every_page_is_in_the_site_navigation() -> None:
    nav = (REPO / "mkdocs.yml").read_text()
    for page in DOCS.rglob("*.md"):
        assert page.relative_to(DOCS).as_posix() in nav, f"{page} is not in mkdocs.yml's nav"


def test_the_runner_sees_the_blocks_it_runs() -> None:
    """The fence pattern must not silently match nothing (then every page would pass)."""
    started = [b for page in PAGES for b in blocks(page) if b.lang in RUN_LANGUAGES and not b.skip]
    assert len(started) >= 20, started
    assert any(b.title == "shop.json" for page in PAGES for b in blocks(page))
    assert all(shlex.split(b.body) is not None for b in started if b.lang == "console")
