from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_emulator import EmulatorHandle
from pygen_emulator.cli import main

LINE = re.compile(r"^pygen-emulator listening on http://127\.0\.0\.1:(\d+) project=(\S+)\n$")


@contextmanager
def serve(*args: str) -> Iterator[tuple[str, str]]:
    with subprocess.Popen(
        [sys.executable, "-m", "pygen_emulator", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = LINE.match(line)
            assert match, line
            yield f"http://127.0.0.1:{match.group(1)}", match.group(2)
        finally:
            proc.terminate()
            proc.communicate(timeout=20)


def test_serve_prints_one_line_and_serves(tmp_path: Path) -> None:
    with serve("--project", "demo", "--token", "tok") as (url, project):
        assert project == "demo"
        spaces = f"{url}/api/v1/projects/demo/models/spaces"
        assert httpx.get(spaces, headers={"Authorization": "Bearer tok"}).status_code == 200
        assert httpx.get(spaces, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_serve_with_db_keeps_data_across_restarts(tmp_path: Path) -> None:
    db = str(tmp_path / "data.db")
    auth = {"Authorization": "Bearer t"}
    with serve("--db", db) as (url, project):
        spaces = f"{url}/api/v1/projects/{project}/models/spaces"
        httpx.post(spaces, json={"items": [{"space": "durable"}]}, headers=auth).raise_for_status()
    with serve("--db", db) as (url, project):
        listed = httpx.get(f"{url}/api/v1/projects/{project}/models/spaces", headers=auth).json()["items"]
        assert [s["space"] for s in listed] == ["durable"]


def test_serve_reports_a_busy_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "pygen_emulator", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "cannot listen" in result.stderr
    assert result.stdout == ""


def test_bad_fault_rate_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--fault-rate", "2"])
    assert exit_info.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err


def test_load_deploys_a_model_file(
    emulator: EmulatorHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_model: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny_model))
    second = tmp_path / "tiny2.json"
    second.write_text(json.dumps({**tiny_model, "externalId": "Tiny2"}))
    with pytest.raises(SystemExit) as exit_info:
        main(["load", str(path), str(second), "--url", emulator.base_url, "--project", emulator.project])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "deployed tiny:Tiny/1: 1 spaces, 1 containers, 1 views" in out
    assert "deployed tiny:Tiny2/1:" in out
    models = httpx.get(
        f"{emulator.base_url}/api/v1/projects/{emulator.project}/models/datamodels",
        headers={"Authorization": "Bearer x"},
    ).json()["items"]
    assert [m["externalId"] for m in models] == ["Tiny", "Tiny2"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(None, "does not exist"), ("{", "not valid JSON"), ("[]", "must hold a JSON object")],
)
def test_load_rejects_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, fragment: str
) -> None:
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SystemExit) as exit_info:
        main(["load", str(path)])
    assert exit_info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_load_reports_api_errors(
    emulator: EmulatorHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_model: dict[str, Any]
) -> None:
    broken = json.loads(json.dumps(tiny_model))
    broken["containers"] = []
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(SystemExit) as exit_info:
        main(["load", str(path), "--url", emulator.base_url])
    assert exit_info.value.code == 1
    assert "One or more containers do not exist" in capsys.readouterr().err


def test_every_option_has_an_environment_variable_and_one_help_style() -> None:
    import click

    from pygen_emulator.cli import cli

    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert (command.help or "").endswith("."), name
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            assert param.envvar == "PYGEN_EMULATOR_" + param.name.upper(), (name, param.name)  # type: ignore[union-attr]
            assert param.show_envvar, (name, param.name)
            text = param.help or ""
            assert text[:1].isupper(), (name, param.name)
            assert text.endswith("."), (name, param.name)


def test_environment_variables_are_the_defaults(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "PYGEN_EMULATOR_PROJECT": "from-env",
        "PYGEN_EMULATOR_TOKEN": "env-token",
        "PYGEN_EMULATOR_PORT": "0",
        "PYGEN_EMULATOR_CORE_MODEL": "false",
    }
    with subprocess.Popen(
        [sys.executable, "-m", "pygen_emulator", "serve"], stdout=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            match = LINE.match(proc.stdout.readline())
            assert match
            assert match.group(2) == "from-env"
            url = f"http://127.0.0.1:{match.group(1)}/api/v1/projects/from-env/models/spaces"
            auth = {"Authorization": "Bearer env-token"}
            assert httpx.get(url, params={"includeGlobal": "true"}, headers=auth).json()["items"] == []
            assert httpx.get(url, headers={"Authorization": "Bearer other"}).status_code == 401
        finally:
            proc.terminate()
            proc.communicate(timeout=20)


def test_no_core_model_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with serve("--no-core-model") as (url, project):
        spaces = httpx.get(
            f"{url}/api/v1/projects/{project}/models/spaces",
            params={"includeGlobal": "true"},
            headers={"Authorization": "Bearer t"},
        ).json()["items"]
        assert spaces == []
    with serve() as (url, project):
        spaces = httpx.get(
            f"{url}/api/v1/projects/{project}/models/spaces",
            params={"includeGlobal": "true"},
            headers={"Authorization": "Bearer t"},
        ).json()["items"]
        assert [s["space"] for s in spaces] == ["cdf_cdm", "cdf_cdm_3d"]


def test_load_takes_its_url_from_the_environment(
    emulator: EmulatorHandle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tiny_model: dict[str, Any],
) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny_model))
    monkeypatch.setenv("PYGEN_EMULATOR_URL", emulator.base_url)
    monkeypatch.setenv("PYGEN_EMULATOR_PROJECT", emulator.project)
    with pytest.raises(SystemExit) as exit_info:
        main(["load", str(path)])
    assert exit_info.value.code == 0
    assert "deployed tiny:Tiny/1" in capsys.readouterr().out


def test_max_body_bytes_option() -> None:
    with serve("--max-body-bytes", "200") as (url, project):
        spaces = f"{url}/api/v1/projects/{project}/models/spaces"
        auth = {"Authorization": "Bearer t"}
        assert httpx.post(spaces, json={"items": [{"space": "small"}]}, headers=auth).status_code == 200
        big = {"items": [{"space": "big", "description": "x" * 300}]}
        assert httpx.post(spaces, json=big, headers=auth).status_code == 413


def test_load_without_a_server_fails_at_once_and_says_how_to_start_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_model: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny_model))
    with socket.socket() as free:  # a port nothing listens on once this socket is closed
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with pytest.raises(SystemExit) as exit_info:
        main(["load", str(path), "--url", url])
    elapsed = time.perf_counter() - started
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"no emulator at {url}; start `pygen-emulator serve` or pass `--url`" in err
    assert "`serve --port 0` picks a free port and prints its URL" in err
    assert "defaults to http://127.0.0.1:8765" in err
    assert elapsed < 5, f"took {elapsed:.1f} s: the refused connection was retried"


def test_load_with_a_refused_token_hints_at_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_model: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny_model))
    with serve("--token", "right") as (url, project):
        with pytest.raises(SystemExit) as exit_info:
            main(["load", str(path), "--url", url, "--project", project, "--token", "wrong"])
        assert exit_info.value.code == 1
        err = capsys.readouterr().err
        assert "refused the token" in err
        assert "pass --token (or PYGEN_EMULATOR_TOKEN)" in err
        with pytest.raises(SystemExit) as exit_info:
            main(["load", str(path), "--url", url, "--project", project, "--token", "right"])
        assert exit_info.value.code == 0
