from __future__ import annotations

from typing import Any

import httpx

import pygen_emulator
from pygen_emulator import EmulatorHandle


def test_public_surface_is_pinned() -> None:
    assert pygen_emulator.__all__ == [
        "DMSError",
        "EmulatorHandle",
        "EmulatorServer",
        "Settings",
        "create_app",
    ]
    for name in pygen_emulator.__all__:
        assert getattr(pygen_emulator, name) is not None


def test_fixture_gives_a_ready_config(emulator: EmulatorHandle) -> None:
    from pygen_client import PygenClient

    assert emulator.base_url.startswith("http://127.0.0.1:")
    assert emulator.config.project == emulator.project == "emulator"
    with PygenClient(emulator.config) as client:
        client.post("/models/spaces", json={"items": [{"space": "from_first_test"}]})
        assert client.get("/models/spaces").json()["items"][0]["space"] == "from_first_test"


def test_state_is_fresh_for_each_test(emulator: EmulatorHandle) -> None:
    listed = httpx.get(
        f"{emulator.base_url}/api/v1/projects/{emulator.project}/models/spaces",
        headers={"Authorization": f"Bearer {emulator.token}"},
    ).json()
    assert listed["items"] == []


def test_load_model_and_reset(emulator: EmulatorHandle, tiny_model: dict[str, Any]) -> None:
    counts = emulator.load_model(tiny_model)
    assert counts == {"spaces": 1, "containers": 1, "views": 1, "data_models": 1}
    url = f"{emulator.base_url}/api/v1/projects/{emulator.project}/models/views"
    auth = {"Authorization": f"Bearer {emulator.token}"}
    assert len(httpx.get(url, headers=auth).json()["items"]) == 1
    emulator.reset()
    assert httpx.get(url, headers=auth).json()["items"] == []
