"""Every endpoint's answers for good input: /generate (zip and json), /validate, /health, /version, docs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fastapi.testclient import TestClient

from pygen_generator import __version__, generate_sdk

from .conftest import EXAMPLE_MODEL


def test_generate_json_is_the_generators_files(client: TestClient, example: dict[str, Any]) -> None:
    response = client.post("/generate", json={"model": example, "format": "json"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["files"] == generate_sdk(EXAMPLE_MODEL)
    assert isinstance(body["warnings"], list)
    assert response.headers["content-type"] == "application/json"


def test_generate_zip_by_default(client: TestClient, example: dict[str, Any]) -> None:
    response = client.post("/generate", json={"model": example, "package": "svc_sdk", "project": False})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="svc_sdk-python.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    expected = generate_sdk(EXAMPLE_MODEL, package="svc_sdk", project=False)
    assert isinstance(expected, dict)
    assert sorted(archive.namelist()) == sorted(expected)
    assert {name: archive.read(name).decode() for name in archive.namelist()} == expected
    assert int(response.headers["x-pygen-warnings"]) >= 0


def test_generate_zip_is_reproducible(client: TestClient, example: dict[str, Any]) -> None:
    first = client.post("/generate", json={"model": example})
    second = client.post("/generate", json={"model": example})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


def test_generate_options_reach_the_generator(client: TestClient, example: dict[str, Any]) -> None:
    body = {
        "model": example,
        "format": "json",
        "package": "plant",
        "client_name": "PlantClient",
        "exclude_views": ["Pump"],
        "default_instance_space": "my_space",
    }
    response = client.post("/generate", json=body)
    assert response.status_code == 200, response.text
    expected = generate_sdk(
        EXAMPLE_MODEL,
        package="plant",
        client_name="PlantClient",
        exclude_views=["Pump"],
        default_instance_space="my_space",
    )
    assert response.json()["files"] == expected
    assert "plant/pump.py" not in response.json()["files"]


def test_generate_an_api_response_with_items(client: TestClient, example: dict[str, Any]) -> None:
    containers = example.get("containers", [])
    item = {k: v for k, v in example.items() if k != "containers"}
    response = client.post(
        "/generate", json={"model": {"items": [item], "containers": containers}, "format": "json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["files"] == generate_sdk(EXAMPLE_MODEL)


def test_validate_summarises_the_model(client: TestClient, example: dict[str, Any]) -> None:
    response = client.post("/validate", json={"model": example})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["valid"] is True
    assert body["errors"] == []
    summary = body["summary"]
    assert summary["views"] == len(example["views"])
    assert summary["properties"] >= sum(len(v["properties"]) for v in example["views"])
    assert 0 < summary["connections"] < summary["properties"]
    for warning in body["warnings"]:
        assert set(warning) == {"code", "location", "message", "action"}


def test_validate_lists_warnings_of_a_degraded_model(client: TestClient, core: dict[str, Any]) -> None:
    body = client.post("/validate", json={"model": core}).json()
    assert body["valid"] is True
    assert body["warnings"], "CogniteCore has properties named like reserved words"
    assert any(w["location"].startswith("cdf_cdm:") for w in body["warnings"])
    strict = client.post("/validate", json={"model": core, "strict": True}).json()
    assert strict["valid"] is False
    assert len(strict["errors"]) == len(body["warnings"])
    assert strict["warnings"] == []


def test_validate_reports_an_unreadable_model_as_invalid(client: TestClient, example: dict[str, Any]) -> None:
    broken = {**example, "views": [{**example["views"][0], "implements": [{"space": "x"}]}]}
    response = client.post("/validate", json={"model": broken})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["valid"] is False
    assert body["summary"] is None
    assert body["errors"][0]["location"] == "model"
    assert "model" in body["errors"][0]["message"]


def test_health_and_version(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "workers": 1}
    version = client.get("/version").json()
    assert version["generator"] == __version__
    assert "python" in version["languages"]
    assert version["runtime_requirement"].startswith("pygen-runtime")


def test_openapi_documents_the_bodies(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/generate", "/validate", "/health", "/version"}
    request = schema["components"]["schemas"]["GenerateRequest"]
    assert {"model", "model_id", "language", "package", "client_name", "format"} <= set(request["properties"])
    assert "ValidateResponse" in schema["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


def test_every_answer_has_a_request_id(client: TestClient) -> None:
    generated = client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    given = client.get("/health", headers={"x-request-id": "trace-42"})
    assert given.headers["x-request-id"] == "trace-42"
    unsafe = client.get("/health", headers={"x-request-id": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"
    assert client.post("/generate", content=b"{").headers["x-request-id"]
    assert client.get("/nowhere").headers["x-request-id"]


def test_the_zip_is_produced_file_by_file() -> None:
    from pygen_generator.service._zip import iter_zip

    files = {"b/second.py": "x = 'é'\n", "a.txt": "first\n", "c/third.md": ""}
    chunks = list(iter_zip(files))
    assert len(chunks) >= len(files)  # one chunk per file, then the central directory
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.namelist() == sorted(files)
    assert {n: archive.read(n).decode("utf-8") for n in archive.namelist()} == files
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    assert archive.testzip() is None
