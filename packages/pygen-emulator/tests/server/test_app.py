from __future__ import annotations

import gzip

import httpx
import orjson
import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorHandle, Settings, create_app
from pygen_emulator.schema._store import SchemaStore

AUTH = {"Authorization": "Bearer anything"}
MODELS = "/api/v1/projects/emulator/models"


def test_every_response_has_a_request_id(emulator: EmulatorHandle, api: httpx.Client) -> None:
    ok = api.get("/spaces")
    bad = api.post("/spaces", json={"items": []})
    unknown = api.get("/no-such-thing")
    ids = {r.headers["x-request-id"] for r in (ok, bad, unknown)}
    assert len(ids) == 3
    assert httpx.get(f"{emulator.base_url}/api/v1/projects/x/models/spaces").headers["x-request-id"]


def test_unknown_path_and_method_are_cdf_shaped(api: httpx.Client) -> None:
    unknown = api.get("/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == 404
    wrong_method = api.delete("/spaces")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == 405


def test_gzip_bodies_are_accepted(api: httpx.Client) -> None:
    body = gzip.compress(orjson.dumps({"items": [{"space": "zipped"}]}))
    response = api.post(
        "/spaces", content=body, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["space"] == "zipped"


@pytest.mark.parametrize(
    ("content", "headers", "fragment"),
    [
        (b"not gzip", {"Content-Encoding": "gzip"}, "not valid gzip"),
        (b"{not json", {}, "not valid JSON"),
        (b"", {}, "empty"),
        (b"{}", {"Content-Encoding": "br"}, "Unsupported Content-Encoding"),
        (b"[1, 2]", {}, "must be a JSON object"),
    ],
)
def test_bad_bodies_are_400(
    api: httpx.Client, content: bytes, headers: dict[str, str], fragment: str
) -> None:
    response = api.post("/spaces", content=content, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == 400
    assert fragment in response.json()["error"]["message"]


def test_wrong_project_is_403(emulator: EmulatorHandle) -> None:
    response = httpx.get(f"{emulator.base_url}/api/v1/projects/other/models/spaces", headers=AUTH)
    assert response.status_code == 403
    assert "'emulator'" in response.json()["error"]["message"]


def test_unexpected_exception_becomes_a_cdf_shaped_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: SchemaStore, space: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(SchemaStore, "get_space", boom)
    client = TestClient(create_app(Settings()), raise_server_exceptions=False)
    response = client.post(f"{MODELS}/spaces/byids", json={"items": [{"space": "a"}]}, headers=AUTH)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == 500
    assert response.headers["x-request-id"]


def test_a_failing_request_changes_nothing(api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": "sp"}]}).raise_for_status()
    good = {"space": "sp", "externalId": "Good", "properties": {"p": {"type": {"type": "text"}}}}
    bad = {"space": "missing", "externalId": "Bad", "properties": {"p": {"type": {"type": "text"}}}}
    assert api.post("/containers", json={"items": [good, bad]}).status_code == 400
    assert api.get("/containers").json()["items"] == []


def test_file_database_survives_a_new_app(tmp_path: pytest.TempPathFactory) -> None:
    path = str(tmp_path / "emulator.db")  # type: ignore[operator]
    first = TestClient(create_app(Settings(db_path=path)))
    assert (
        first.post(f"{MODELS}/spaces", json={"items": [{"space": "kept"}]}, headers=AUTH).status_code == 200
    )
    second = TestClient(create_app(Settings(db_path=path)))
    assert [s["space"] for s in second.get(f"{MODELS}/spaces", headers=AUTH).json()["items"]] == ["kept"]
    second.app.state.emulator.reset()  # type: ignore[attr-defined]
    assert second.get(f"{MODELS}/spaces", headers=AUTH).json()["items"] == []
