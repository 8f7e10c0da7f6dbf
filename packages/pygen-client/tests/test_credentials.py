"""Credentials: OAuth2 client credentials caching, refresh margin, single refresh under concurrency."""

from __future__ import annotations

import asyncio
import threading
import urllib.parse
from typing import Any

import httpx
import pytest

from pygen_client import (
    APIConnectionError,
    AsyncPygenClient,
    AuthenticationError,
    ClientConfig,
    ConfigurationError,
    OAuthClientCredentials,
    PygenClient,
)

SECRET = "client-secret-value"
TOKEN_URL = "https://idp.example.com/oauth2/token"


class FakeIdp:
    def __init__(self, expires_in: Any = 3600, delay: float = 0.0) -> None:
        self.forms: list[dict[str, str]] = []
        self.expires_in = expires_in
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = dict(urllib.parse.parse_qsl(request.read().decode()))
        if self.delay:
            threading.Event().wait(self.delay)  # make concurrent callers overlap
        with self.lock:
            self.forms.append(form)
            n = len(self.forms)
        return httpx.Response(
            200, json={"access_token": f"token-{n}", "token_type": "Bearer", "expires_in": self.expires_in}
        )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _credentials(idp: FakeIdp, clock: Clock | None = None, **kwargs: Any) -> OAuthClientCredentials:
    return OAuthClientCredentials(
        TOKEN_URL,
        "my-client",
        SECRET,
        scopes=["https://api.example.com/.default"],
        http_client=httpx.Client(transport=httpx.MockTransport(idp)),
        clock=clock or Clock(),
        **kwargs,
    )


def test_token_request_form() -> None:
    idp = FakeIdp()
    credentials = _credentials(idp, audience="aud")
    assert credentials.get_token() == "token-1"
    assert idp.forms == [
        {
            "grant_type": "client_credentials",
            "client_id": "my-client",
            "client_secret": SECRET,
            "scope": "https://api.example.com/.default",
            "audience": "aud",
        }
    ]


def test_token_cached_and_refreshed_within_margin() -> None:
    idp = FakeIdp(expires_in=100)
    clock = Clock()
    credentials = _credentials(idp, clock, refresh_margin_seconds=30)
    assert credentials.get_token() == "token-1"
    clock.now += 69  # 31 s before expiry: still valid
    assert credentials.get_token() == "token-1"
    clock.now += 1  # 30 s before expiry: inside the margin, refresh
    assert credentials.get_token() == "token-2"
    assert len(idp.forms) == 2


def test_a_margin_longer_than_the_token_is_capped_at_half_its_lifetime() -> None:
    """A 30 s margin with a 4 s token used to refresh on every request (34 requests/s behind the lock)."""
    idp = FakeIdp(expires_in=4)
    clock = Clock()
    credentials = _credentials(idp, clock, refresh_margin_seconds=30)
    assert credentials.get_token() == "token-1"
    clock.now += 1.99  # under half the lifetime: the token is still used
    assert credentials.get_token() == "token-1"
    clock.now += 0.01  # half-way: refresh
    assert credentials.get_token() == "token-2"
    assert credentials.refresh_count == 2


def test_short_lived_tokens_refresh_once_per_half_lifetime_not_per_request() -> None:
    idp = FakeIdp(expires_in=4)
    clock = Clock()
    credentials = _credentials(idp, clock, refresh_margin_seconds=30)
    start = clock.now
    for i in range(1000):  # 100 requests/s for 10 s
        clock.now = start + i * 0.01
        credentials.get_token()
    assert credentials.refresh_count == 5  # at 0, 2, 4, 6 and 8 s; was 1000


def test_clients_with_short_lived_tokens_do_not_refresh_per_request() -> None:
    idp = FakeIdp(expires_in=4)
    clock = Clock()
    credentials = _credentials(idp, clock, refresh_margin_seconds=30)
    config = ClientConfig(base_url="https://api.example.com", project="p", credentials=credentials)
    seen: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"items": []})

    with PygenClient(config, http_client=httpx.Client(transport=httpx.MockTransport(api))) as client:
        for _ in range(200):
            clock.now += 0.005  # 200 requests in one second
            client.get("/models/spaces")
    assert set(seen) == {"Bearer token-1"}
    assert len(idp.forms) == 1


@pytest.mark.parametrize("margin", [-1, float("nan"), "30", True, None])
def test_bad_refresh_margin_is_a_clear_error(margin: Any) -> None:
    with pytest.raises(ConfigurationError, match="refresh_margin_seconds must be a number of seconds >= 0"):
        _credentials(FakeIdp(), refresh_margin_seconds=margin)


def test_expires_in_as_string_and_invalidate() -> None:
    idp = FakeIdp(expires_in="3600")
    credentials = _credentials(idp)
    assert credentials.get_token() == "token-1"
    credentials.invalidate()
    assert credentials.get_token() == "token-2"


def test_single_refresh_under_20_threads() -> None:
    idp = FakeIdp(delay=0.02)
    credentials = _credentials(idp)
    barrier = threading.Barrier(20)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(credentials.get_token())

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-1"] * 20
    assert len(idp.forms) == 1
    assert credentials.refresh_count == 1


async def test_single_refresh_under_20_tasks() -> None:
    idp = FakeIdp(delay=0.02)
    credentials = _credentials(idp)
    results = await asyncio.gather(*(credentials.aget_token() for _ in range(20)))
    assert results == ["token-1"] * 20
    assert len(idp.forms) == 1


def test_single_refresh_shared_by_sync_threads_and_async_loops() -> None:
    idp = FakeIdp(delay=0.02)
    credentials = _credentials(idp)
    barrier = threading.Barrier(6)
    results: list[str] = []

    def sync_worker() -> None:
        barrier.wait()
        results.append(credentials.get_token())

    def async_worker() -> None:
        async def main() -> list[str]:
            barrier.wait()
            return list(await asyncio.gather(*(credentials.aget_token() for _ in range(5))))

        results.extend(asyncio.run(main()))

    threads = [threading.Thread(target=sync_worker) for _ in range(3)]
    threads += [threading.Thread(target=async_worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-1"] * 18
    assert len(idp.forms) == 1


def test_token_endpoint_errors_are_clear_and_secret_free() -> None:
    def reject(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "invalid_client", "error_description": "bad client"})

    credentials = OAuthClientCredentials(
        TOKEN_URL, "c", SECRET, http_client=httpx.Client(transport=httpx.MockTransport(reject))
    )
    with pytest.raises(AuthenticationError) as info:
        credentials.get_token()
    assert "invalid_client: bad client" in str(info.value)
    assert TOKEN_URL in str(info.value)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(credentials)


def test_token_response_without_access_token() -> None:
    def empty(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"token_type": "Bearer"})

    credentials = OAuthClientCredentials(
        TOKEN_URL, "c", SECRET, http_client=httpx.Client(transport=httpx.MockTransport(empty))
    )
    with pytest.raises(AuthenticationError, match="no 'access_token'"):
        credentials.get_token()


def test_token_endpoint_unreachable() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    credentials = OAuthClientCredentials(
        TOKEN_URL, "c", SECRET, http_client=httpx.Client(transport=httpx.MockTransport(down))
    )
    with pytest.raises(APIConnectionError, match="OAuth2 token request"):
        credentials.get_token()


def test_bad_oauth_arguments() -> None:
    with pytest.raises(ConfigurationError, match="client_secret"):
        OAuthClientCredentials(TOKEN_URL, "c", "")
    with pytest.raises(ConfigurationError, match="token_url must be an http"):
        OAuthClientCredentials("idp", "c", "s")


def test_clients_use_oauth_tokens() -> None:
    idp = FakeIdp()
    credentials = _credentials(idp)
    seen: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={})

    config = ClientConfig(base_url="http://127.0.0.1:1", project="p", credentials=credentials)
    client = PygenClient(config, httpx.Client(transport=httpx.MockTransport(api)))
    client.get("/x")
    client.get("/y")
    assert seen == ["Bearer token-1", "Bearer token-1"]

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
            await AsyncPygenClient(config, http).get("/z")

    asyncio.run(run())
    assert seen[-1] == "Bearer token-1"
    assert len(idp.forms) == 1


def test_a_401_makes_the_next_request_fetch_a_new_token() -> None:
    idp = FakeIdp()
    credentials = _credentials(idp)
    statuses = iter([401, 200])
    seen: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(next(statuses), json={"error": {"code": 401, "message": "expired"}})

    config = ClientConfig(base_url="http://127.0.0.1:1", project="p", credentials=credentials)
    client = PygenClient(config, httpx.Client(transport=httpx.MockTransport(api)))
    with pytest.raises(AuthenticationError):
        client.get("/x")  # a 401 is not retried ...
    client.get("/x")  # ... but the next request does not reuse the rejected token
    assert seen == ["Bearer token-1", "Bearer token-2"]


@pytest.mark.parametrize("secret", [SECRET, "s3cr+t/x=?&~ é"])
def test_secret_echoed_by_the_identity_provider_is_masked(secret: str) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"error": "invalid_request", "error_description": request.read().decode()}
        )

    credentials = OAuthClientCredentials(
        TOKEN_URL, "c", secret, http_client=httpx.Client(transport=httpx.MockTransport(echo))
    )
    with pytest.raises(AuthenticationError) as info:
        credentials.get_token()
    form_encoded = urllib.parse.quote_plus(secret)  # how the secret travels in the request body
    for text in (str(info.value), repr(info.value)):
        assert secret not in text
        assert form_encoded not in text
    assert "***" in str(info.value)
