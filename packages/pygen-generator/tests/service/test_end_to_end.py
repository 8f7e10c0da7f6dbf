"""End to end: the service answers the same bytes as `pygen generate`; its Python SDK works against
pygen-emulator; `model_id` is fetched from CDF (the emulator) with the caller's token."""

from __future__ import annotations

import importlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pygen_generator import generate_sdk
from pygen_generator.cli import main

from .conftest import CORE_MODEL, EXAMPLE_MODEL, Serve


def _cli_generate(model_file: Path, output: Path, *args: str) -> dict[str, bytes]:
    with pytest.raises(SystemExit) as exit_:
        main(["generate", "--input", str(model_file), "--output", str(output), *args])
    assert exit_.value.code == 0
    return {
        str(p.relative_to(output).as_posix()): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def _single_error(response: Any, loc: list[str]) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == loc
    return dict(error)


def _unzip(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("model_file", [EXAMPLE_MODEL, CORE_MODEL], ids=["example", "CogniteCore"])
def test_service_and_cli_write_the_same_bytes(
    client: TestClient, model_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not model_file.is_file():
        pytest.skip(f"{model_file} is not present")
    model = json.loads(model_file.read_text(encoding="utf-8"))
    cli_files = _cli_generate(model_file, tmp_path / "cli")
    zipped = client.post("/generate", json={"model": model})
    assert zipped.status_code == 200, zipped.text
    assert _unzip(zipped.content) == cli_files
    as_json = client.post("/generate", json={"model": model, "format": "json"})
    assert {path: text.encode("utf-8") for path, text in as_json.json()["files"].items()} == cli_files


def test_options_give_the_same_bytes_as_the_cli_flags(
    client: TestClient, example: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--package", "plant", "--client-name", "PlantClient", "--no-project", "--exclude-space", "other"]
    cli_files = _cli_generate(EXAMPLE_MODEL, tmp_path / "cli", *flags)
    body = {
        "model": example,
        "package": "plant",
        "client_name": "PlantClient",
        "project": False,
        "exclude_spaces": ["other"],
    }
    response = client.post("/generate", json=body)
    assert response.status_code == 200, response.text
    assert _unzip(response.content) == cli_files


def test_an_api_response_gives_the_same_bytes_as_the_cli(
    client: TestClient, example: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response_format = {"items": [{k: v for k, v in example.items() if k != "containers"}]}
    response_format["containers"] = example.get("containers", [])
    model_file = tmp_path / "response.json"
    model_file.write_text(json.dumps(response_format), encoding="utf-8")
    cli_files = _cli_generate(model_file, tmp_path / "cli")
    response = client.post("/generate", json={"model": response_format})
    assert _unzip(response.content) == cli_files


def test_the_python_sdk_from_the_service_works_against_the_emulator(
    client: TestClient,
    example: dict[str, Any],
    emulator: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = {"model": example, "package": "served_sdk", "client_name": "ServedClient"}
    response = client.post("/generate", json=body)
    assert response.status_code == 200, response.text
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    emulator.load_model(EXAMPLE_MODEL)
    try:
        sdk = importlib.import_module("served_sdk")
        space = example["space"]
        with sdk.ServedClient(emulator.config) as served:
            facility = sdk.FacilityWrite(
                space=space, external_id="facility:1", name="Plant 1", location="Site 1"
            )
            result = served.upsert([facility])
            assert [item.status for item in result] == ["created"]
            read = served.facility.retrieve("facility:1", space=space)
            assert isinstance(read, sdk.Facility)
            assert (read.name, read.location) == ("Plant 1", "Site 1")
            assert [f.external_id for f in served.facility.list(limit=10)] == ["facility:1"]
    finally:
        for name in [m for m in sys.modules if m == "served_sdk" or m.startswith("served_sdk.")]:
            del sys.modules[name]


def test_model_id_is_fetched_from_cdf_with_the_callers_token(serve: Serve, emulator: Any) -> None:
    emulator.load_model(EXAMPLE_MODEL)
    model_id = "pygen_example:ExampleModel/1"
    expected = generate_sdk(model_ids=[model_id], config=emulator.config)
    with serve(cdf_url=emulator.base_url, cdf_project=emulator.project) as client:
        headers = {"x-cdf-token": emulator.token}
        response = client.post("/generate", json={"model_id": model_id, "format": "json"}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["files"] == expected
        validated = client.post("/validate", json={"model_id": model_id}, headers=headers).json()
        assert validated["valid"] is True
        assert validated["summary"]["views"] > 0
        missing = client.post("/generate", json={"model_id": "pygen_example:Nope/1"}, headers=headers)
        assert "not found" in _single_error(missing, ["body", "model_id"])["msg"]
        other_project = client.post(
            "/generate", json={"model_id": model_id}, headers={**headers, "x-cdf-project": "elsewhere"}
        )
        refused = _single_error(other_project, ["body", "model_id"])
        assert "CDF refused the credentials (403)" in refused["msg"]
        assert "X-CDF-Token" in refused["hint"]
