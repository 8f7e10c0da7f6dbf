"""The Cognite Core Data Model is built in: global, read-only, kept by resets; opt out at will."""

from __future__ import annotations

import json
import textwrap
import time
from importlib import resources
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorHandle, Settings, create_app

pytest_plugins = ["pytester"]

AUTH = {"Authorization": "Bearer anything"}
MODELS = "/api/v1/projects/emulator/models"
ASSET = {"type": "view", "space": "cdf_cdm", "externalId": "CogniteAsset", "version": "v1"}


def _get(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(MODELS + path, params={"limit": 1000, **params}, headers=AUTH)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_the_core_model_is_served_as_global() -> None:
    client = TestClient(create_app(Settings()))
    assert _get(client, "/spaces") == []
    spaces = _get(client, "/spaces", includeGlobal="true")
    assert [(s["space"], s["isGlobal"]) for s in spaces] == [("cdf_cdm", True), ("cdf_cdm_3d", True)]
    assert len(_get(client, "/containers", includeGlobal="true")) == 29
    assert len(_get(client, "/views", includeGlobal="true")) == 33
    models = _get(client, "/datamodels", includeGlobal="true")
    assert [(m["space"], m["externalId"], m["version"], m["isGlobal"]) for m in models] == [
        ("cdf_cdm", "CogniteCore", "v1", True)
    ]
    assert _get(client, "/views") == []
    assert _get(client, "/containers") == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/spaces", {"items": [{"space": "cdf_cdm", "name": "mine now"}]}),
        ("/spaces/delete", {"items": [{"space": "cdf_cdm_3d"}]}),
        (
            "/containers",
            {
                "items": [
                    {
                        "space": "cdf_cdm",
                        "externalId": "Mine",
                        "properties": {"p": {"type": {"type": "text"}}},
                    }
                ]
            },
        ),
        ("/containers/delete", {"items": [{"space": "cdf_cdm", "externalId": "CogniteAsset"}]}),
        (
            "/containers/indexes/delete",
            {"items": [{"space": "cdf_cdm", "containerExternalId": "CogniteAsset", "identifier": "x"}]},
        ),
        (
            "/views",
            {"items": [{"space": "cdf_cdm", "externalId": "Mine", "version": "v1", "properties": {}}]},
        ),
        ("/views/delete", {"items": [{"space": "cdf_cdm", "externalId": "CogniteAsset", "version": "v1"}]}),
        ("/datamodels", {"items": [{"space": "cdf_cdm", "externalId": "Mine", "version": "v1"}]}),
        (
            "/datamodels/delete",
            {"items": [{"space": "cdf_cdm", "externalId": "CogniteCore", "version": "v1"}]},
        ),
        ("/instances", {"items": [{"instanceType": "node", "space": "cdf_cdm", "externalId": "n"}]}),
        ("/instances/delete", {"items": [{"instanceType": "node", "space": "cdf_cdm", "externalId": "n"}]}),
    ],
)
def test_writes_to_the_core_spaces_are_refused(path: str, body: dict[str, Any]) -> None:
    client = TestClient(create_app(Settings()))
    response = client.post(MODELS + path, json=body, headers=AUTH)
    assert response.status_code == 403, response.text
    assert "global system space" in response.json()["error"]["message"]
    assert len(_get(client, "/views", includeGlobal="true")) == 33


def test_user_models_build_on_the_core_model(emulator: EmulatorHandle, api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": "plant"}]}).raise_for_status()
    pump = {"space": "plant", "externalId": "Pump", "version": "v1", "implements": [ASSET], "properties": {}}
    created = api.post("/views", json={"items": [pump]})
    assert created.status_code == 200, created.text
    assert "name" in created.json()["items"][0]["properties"]  # inherited from CogniteAsset
    node = {
        "instanceType": "node",
        "space": "plant",
        "externalId": "p1",
        "sources": [{"source": ASSET, "properties": {"name": "pump 1"}}],
    }
    assert api.post("/instances", json={"items": [node]}).status_code == 200
    listed = api.post("/instances/list", json={"sources": [{"source": ASSET}]}).json()["items"]
    assert listed[0]["properties"]["cdf_cdm"]["CogniteAsset/v1"]["name"] == "pump 1"
    emulator.reset()
    assert api.post("/views/byids", json={"items": [ASSET]}).json()["items"]  # kept by the reset
    pump_id = {"space": "plant", "externalId": "Pump", "version": "v1"}
    assert api.post("/views/byids", json={"items": [pump_id]}).json()["items"] == []


def test_the_core_model_can_be_left_out() -> None:
    client = TestClient(create_app(Settings(core_model=False)))
    assert _get(client, "/spaces", includeGlobal="true") == []
    created = client.post(MODELS + "/spaces", json={"items": [{"space": "cdf_cdm"}]}, headers=AUTH)
    assert created.status_code == 200
    assert created.json()["items"][0]["isGlobal"] is False


def test_the_model_ships_inside_the_package_and_starts_fast() -> None:
    packaged = resources.files("pygen_emulator") / "models" / "CogniteCore.json"
    assert json.loads(packaged.read_text(encoding="utf-8"))["externalId"] == "CogniteCore"
    started = time.perf_counter()
    create_app(Settings())
    assert time.perf_counter() - started < 1.0  # about 10 ms on a 2-core machine


def test_the_pytest_plugin_setting_opts_out(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        pygen_emulator_core_model = false
        """
    )
    pytester.makepyfile(
        textwrap.dedent(
            """
            import httpx

            def test_no_core(emulator):
                url = f"{emulator.base_url}/api/v1/projects/{emulator.project}/models/spaces"
                auth = {"Authorization": f"Bearer {emulator.token}"}
                assert httpx.get(url, params={"includeGlobal": "true"}, headers=auth).json()["items"] == []
            """
        )
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
