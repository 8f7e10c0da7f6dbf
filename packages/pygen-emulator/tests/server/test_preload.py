from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pygen_emulator import Settings, create_app

AUTH = {"Authorization": "Bearer t"}
MODELS = "/api/v1/projects/emulator/models"


def _write(tmp_path: Path, name: str, model: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(model))
    return str(path)


def test_preloaded_models_survive_reset(tmp_path: Path, tiny_model: dict[str, Any]) -> None:
    app = create_app(Settings(preload=(_write(tmp_path, "tiny.json", tiny_model),)))
    client = TestClient(app)
    models = client.get(f"{MODELS}/datamodels", headers=AUTH).json()["items"]
    assert [m["externalId"] for m in models] == ["Tiny"]
    node = {
        "instanceType": "node",
        "space": "tiny",
        "externalId": "n1",
        "sources": [{"source": {"type": "view", "space": "tiny", "externalId": "Thing", "version": "1"},
                     "properties": {"name": "one"}}],
    }  # fmt: skip
    assert client.post(f"{MODELS}/instances", json={"items": [node]}, headers=AUTH).status_code == 200
    client.post(f"{MODELS}/spaces", json={"items": [{"space": "extra"}]}, headers=AUTH).raise_for_status()

    app.state.emulator.reset()

    spaces = client.get(f"{MODELS}/spaces", headers=AUTH).json()["items"]
    assert [s["space"] for s in spaces] == ["tiny"]
    assert len(client.get(f"{MODELS}/views", headers=AUTH).json()["items"]) == 1
    listed = client.post(f"{MODELS}/instances/list", json={"limit": 10}, headers=AUTH).json()["items"]
    assert listed == []


def test_preloading_the_corpus_core_model(models_dir: Path) -> None:
    app = create_app(Settings(preload=(str(models_dir / "CogniteCore.json"),), core_model=False))
    client = TestClient(app)
    app.state.emulator.reset()
    views = client.get(f"{MODELS}/views", params={"limit": 1000}, headers=AUTH).json()["items"]
    assert len(views) == 33


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{", "not valid JSON"), (json.dumps({"space": "s"}), "missing externalId"), (None, "does not exist")],
)
def test_bad_preload_files_fail_at_start(tmp_path: Path, content: str | None, fragment: str) -> None:
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises((ValueError, FileNotFoundError), match=fragment):
        create_app(Settings(preload=(str(path),)))


def test_preload_that_the_api_refuses_names_the_file(tmp_path: Path, tiny_model: dict[str, Any]) -> None:
    broken = {**tiny_model, "containers": []}
    path = _write(tmp_path, "broken.json", broken)
    with pytest.raises(ValueError, match=r"broken\.json failed: One or more containers do not exist"):
        create_app(Settings(preload=(path,)))


def test_serve_load_option(tmp_path: Path, tiny_model: dict[str, Any]) -> None:
    path = _write(tmp_path, "tiny.json", tiny_model)
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "pygen_emulator",
            "serve",
            "--port",
            "0",
            "--load",
            str(tmp_path / "nope.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "nope.json does not exist" in bad.stderr
    with subprocess.Popen(
        [sys.executable, "-m", "pygen_emulator", "serve", "--port", "0", "--load", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split()[3]
            import httpx

            models = httpx.get(f"{url}{MODELS}/datamodels", headers=AUTH).json()["items"]
            assert [m["externalId"] for m in models] == ["Tiny"]
        finally:
            proc.terminate()
            proc.communicate(timeout=20)


def test_global_spaces_are_listed_only_with_include_global(
    tmp_path: Path, tiny_model: dict[str, Any]
) -> None:
    path = _write(tmp_path, "tiny.json", tiny_model)
    client = TestClient(create_app(Settings(preload=(path,), global_spaces=("tiny",))))
    client.post(f"{MODELS}/spaces", json={"items": [{"space": "mine"}]}, headers=AUTH).raise_for_status()
    for kind in ("spaces", "containers", "views", "datamodels"):
        hidden = client.get(f"{MODELS}/{kind}", headers=AUTH).json()["items"]
        assert all(item["space"] != "tiny" for item in hidden), kind
        shown = client.get(
            f"{MODELS}/{kind}", params={"includeGlobal": "true", "limit": 1000}, headers=AUTH
        ).json()["items"]
        tiny = [item for item in shown if item["space"] == "tiny"]
        assert tiny, kind
        assert all(item["isGlobal"] is True for item in tiny), kind
    mine = client.post(
        f"{MODELS}/spaces/byids", json={"items": [{"space": "mine"}, {"space": "tiny"}]}, headers=AUTH
    )
    assert [(s["space"], s["isGlobal"]) for s in mine.json()["items"]] == [("mine", False), ("tiny", True)]
    view = client.post(
        f"{MODELS}/views/byids", json={"items": [{"space": "tiny", "externalId": "Thing"}]}, headers=AUTH
    ).json()["items"][0]
    assert view["isGlobal"] is True
