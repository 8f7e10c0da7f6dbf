from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorHandle, Settings, create_app

AUTH = {"Authorization": "Bearer t"}
SPACES = "/api/v1/projects/emulator/models/spaces"


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_header_forces_a_fault(api: httpx.Client, status: int) -> None:
    response = api.get("/spaces", headers={"x-pygen-emulator-fault": str(status)})
    assert response.status_code == status
    assert response.json()["error"]["code"] == status
    assert response.headers["x-request-id"]
    if status == 429:
        assert response.headers["retry-after"] == "1"


def test_header_forces_an_auto_retryable_500(api: httpx.Client) -> None:
    response = api.get("/spaces", headers={"x-pygen-emulator-fault": "retryable"})
    assert response.status_code == 500
    assert response.headers["cdf-is-auto-retryable"] == "true"


def test_header_none_and_bad_values(api: httpx.Client) -> None:
    assert api.get("/spaces", headers={"x-pygen-emulator-fault": "none"}).status_code == 200
    bad = api.get("/spaces", headers={"x-pygen-emulator-fault": "418"})
    assert bad.status_code == 400
    assert "x-pygen-emulator-fault" in bad.json()["error"]["message"]


def _statuses(seed: int, n: int = 40) -> list[int]:
    client = TestClient(create_app(Settings(fault_rate=0.5, fault_seed=seed)))
    return [client.get(SPACES, headers=AUTH).status_code for _ in range(n)]


def test_fault_rate_is_seeded_and_mixes_429_and_503() -> None:
    first = _statuses(7)
    assert first == _statuses(7)
    assert set(first) == {200, 429, 503}
    assert _statuses(8) != first


def test_header_none_wins_over_the_rate() -> None:
    client = TestClient(create_app(Settings(fault_rate=1.0)))
    assert client.get(SPACES, headers=AUTH).status_code in (429, 503)
    assert client.get(SPACES, headers={**AUTH, "x-pygen-emulator-fault": "none"}).status_code == 200


def test_faults_can_be_switched_at_run_time(emulator: EmulatorHandle, api: httpx.Client) -> None:
    emulator.set_faults(1.0, seed=1)
    assert api.get("/spaces").status_code in (429, 503)
    emulator.set_faults(0.0)
    assert api.get("/spaces").status_code == 200
    switched = httpx.post(f"{emulator.base_url}/_emulator/faults", json={"rate": 1.0, "seed": 3})
    assert switched.json() == {"rate": 1.0, "seed": 3, "statuses": [429, 503], "retryAfter": 1}
    assert api.get("/spaces").status_code in (429, 503)
    assert httpx.post(f"{emulator.base_url}/_emulator/faults", json={"rate": 2}).status_code == 400


def test_pygen_client_retries_through_injected_faults(emulator: EmulatorHandle) -> None:
    from pygen_client import PygenClient

    emulator.set_faults(0.6, seed=11, statuses=(429,), retry_after=0)
    before = emulator.faults_injected
    with PygenClient(emulator.config) as client:
        for i in range(8):
            response = client.post("/models/spaces", json={"items": [{"space": f"retried{i}"}]})
            assert response.status_code == 200
    assert emulator.faults_injected > before
    emulator.set_faults(0.0)
    with PygenClient(emulator.config) as client:
        assert len(client.get("/models/spaces", params={"limit": 100}).json()["items"]) == 8
