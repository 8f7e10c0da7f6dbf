from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorHandle, EmulatorServer, Settings, create_app

SPACES = "/api/v1/projects/emulator/models/spaces"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(Settings(token="s3cret", client_id="app", client_secret="pw")))


def _token(client: TestClient, **form: str) -> dict[str, object]:
    response = client.post("/oauth2/token", data=form)
    return {"status": response.status_code, **response.json()}


def test_without_token_setting_any_bearer_token_passes() -> None:
    client = TestClient(create_app(Settings()))
    assert client.get(SPACES, headers={"Authorization": "Bearer whatever"}).status_code == 200
    missing = client.get(SPACES)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == 401
    assert client.get(SPACES, headers={"Authorization": "Basic abc"}).status_code == 401


def test_with_token_setting_only_that_token_passes(client: TestClient) -> None:
    assert client.get(SPACES, headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get(SPACES, headers={"Authorization": "Bearer other"}).status_code == 401


def test_client_credentials_flow(client: TestClient) -> None:
    issued = _token(
        client, grant_type="client_credentials", client_id="app", client_secret="pw", scope="x/.default"
    )
    assert issued["status"] == 200
    assert issued["token_type"] == "Bearer"
    assert issued["expires_in"] == 3600.0
    assert (
        client.get(SPACES, headers={"Authorization": f"Bearer {issued['access_token']}"}).status_code == 200
    )


def test_client_credentials_with_http_basic(client: TestClient) -> None:
    basic = base64.b64encode(b"app:pw").decode()
    response = client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        (
            {"grant_type": "client_credentials", "client_id": "app", "client_secret": "wrong"},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "password", "client_id": "app", "client_secret": "pw"},
            400,
            "unsupported_grant_type",
        ),
        ({"client_id": "app", "client_secret": "pw"}, 400, "unsupported_grant_type"),
    ],
)
def test_token_errors(client: TestClient, form: dict[str, str], status: int, error: str) -> None:
    result = _token(client, **form)
    assert result["status"] == status
    assert result["error"] == error
    assert result["error_description"]


def test_expired_tokens_are_rejected() -> None:
    client = TestClient(create_app(Settings(token_ttl_seconds=0.0)))
    issued = client.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "pygen-emulator",
            "client_secret": "pygen-emulator-secret",
        },
    ).json()
    response = client.get(SPACES, headers={"Authorization": f"Bearer {issued['access_token']}"})
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_token_inspect_answers_for_a_valid_token(client: TestClient) -> None:
    body = client.get("/api/v1/token/inspect", headers={"Authorization": "Bearer s3cret"}).json()
    assert body["projects"][0]["projectUrlName"] == "emulator"
    assert client.get("/api/v1/token/inspect").status_code == 401


def test_oauth_flow_end_to_end_with_pygen_client() -> None:
    from pygen_client import ClientConfig, OAuthClientCredentials, PygenClient

    with EmulatorServer(Settings(token="only-this", client_id="app", client_secret="pw")) as server:
        credentials = OAuthClientCredentials(
            token_url=f"{server.base_url}/oauth2/token",
            client_id="app",
            client_secret="pw",
            scopes=["emulator"],
        )
        config = ClientConfig(base_url=server.base_url, project="emulator", credentials=credentials)
        with PygenClient(config) as client:
            assert client.get("/models/spaces").json() == {"items": []}


def test_oauth_flow_end_to_end_with_cognite_sdk(emulator: EmulatorHandle) -> None:
    from cognite.client import ClientConfig, CogniteClient, global_config
    from cognite.client.credentials import OAuthClientCredentials

    global_config.disable_pypi_version_check = True
    credentials = OAuthClientCredentials(
        token_url=f"{emulator.base_url}/oauth2/token",
        client_id="pygen-emulator",
        client_secret="pygen-emulator-secret",
        scopes=["emulator"],
    )
    client = CogniteClient(
        ClientConfig(
            client_name="t", project=emulator.project, base_url=emulator.base_url, credentials=credentials
        )
    )
    assert len(client.data_modeling.spaces.list(limit=-1)) == 0
    assert credentials.authorization_header()[1].startswith("Bearer emu_")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/_emulator/health", None),
        ("POST", "/_emulator/reset", None),
        ("POST", "/_emulator/faults", {"rate": 0}),
    ],
)
def test_control_paths_need_the_token_when_one_is_set(method: str, path: str, body: object) -> None:
    client = TestClient(create_app(Settings(token="s3cret")))
    assert client.request(method, path, json=body).status_code == 401
    assert (
        client.request(method, path, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    assert (
        client.request(method, path, json=body, headers={"Authorization": "Bearer s3cret"}).status_code == 200
    )
    open_client = TestClient(create_app(Settings()))
    assert open_client.request(method, path, json=body).status_code == 200


def test_issuing_tokens_keeps_no_state_per_token() -> None:
    app = create_app(Settings(token_ttl_seconds=0.0))
    client = TestClient(app)
    issuer = app.state.emulator.tokens  # type: ignore[attr-defined]

    def state_size() -> int:
        return sum(len(value) for value in vars(issuer).values() if hasattr(value, "__len__"))

    form = {
        "grant_type": "client_credentials",
        "client_id": "pygen-emulator",
        "client_secret": "pygen-emulator-secret",
    }
    client.post("/oauth2/token", data=form).raise_for_status()
    before = state_size()
    tokens = [client.post("/oauth2/token", data=form).json()["access_token"] for _ in range(200)]
    assert state_size() == before  # expired tokens are not kept around
    assert len(set(tokens)) == 200
    expired = client.get(
        "/api/v1/projects/emulator/models/spaces", headers={"Authorization": f"Bearer {tokens[0]}"}
    )
    assert expired.status_code == 401
    assert "expired" in expired.json()["error"]["message"]


def test_a_forged_issued_token_is_just_any_token() -> None:
    client = TestClient(create_app(Settings(token="s3cret")))
    response = client.get(
        "/api/v1/projects/emulator/models/spaces", headers={"Authorization": "Bearer emu_AAAA.BBBB"}
    )
    assert response.status_code == 401
