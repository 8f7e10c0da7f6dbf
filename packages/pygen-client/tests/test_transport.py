"""Requests as sent: URL, headers, gzip body, params, ownership of the http client, secrets."""

from __future__ import annotations

import gzip
import json
import logging
import threading
from typing import Any

import httpx
import pytest

from pygen_client import (
    APIError,
    APIStatusError,
    AsyncPygenClient,
    BadRequestError,
    ClientConfig,
    PygenClient,
    ServerError,
    Token,
    __version__,
)

SECRET = "super-secret-token-value"


def _config(**kwargs: Any) -> ClientConfig:
    kwargs.setdefault("credentials", Token(SECRET))
    return ClientConfig(
        base_url="https://example.cognitedata.com", project="demo", client_name="my-app", **kwargs
    )


class Recorder:
    def __init__(self, response: httpx.Response | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.response = response or httpx.Response(200, json={"items": []})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.response


def test_post_sends_gzipped_json_with_cdf_headers() -> None:
    recorder = Recorder()
    with PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(recorder))) as client:
        response = client.post("/models/instances/list", json={"limit": 5, "name": "ø"})
    assert response.json() == {"items": []}
    (request,) = recorder.requests
    assert str(request.url) == "https://example.cognitedata.com/api/v1/projects/demo/models/instances/list"
    assert request.method == "POST"
    assert request.headers["content-encoding"] == "gzip"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(gzip.decompress(request.content)) == {"limit": 5, "name": "ø"}
    assert request.headers["cdf-version"] == "20230101"
    assert request.headers["x-cdp-sdk"] == f"pygen-client:{__version__}"
    assert request.headers["x-cdp-app"] == "my-app"
    assert request.headers["user-agent"].startswith(f"pygen-client/{__version__}")
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert request.headers["accept"] == "application/json"


def test_pre_encoded_content_is_gzipped_too() -> None:
    recorder = Recorder()
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(recorder)))
    client.request("POST", "models/spaces", content=b'{"items":[]}')
    (request,) = recorder.requests
    assert request.url.path == "/api/v1/projects/demo/models/spaces"
    assert gzip.decompress(request.content) == b'{"items":[]}'


def test_get_encodes_params_like_cdf() -> None:
    recorder = Recorder()
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(recorder)))
    client.get(
        "/models/containers", params={"includeGlobal": True, "usedFor": ["node", "edge"], "cursor": None}
    )
    (request,) = recorder.requests
    assert request.url.query == b"includeGlobal=true&usedFor=node&usedFor=edge"
    assert "content-encoding" not in request.headers
    assert request.content == b""


def test_absolute_urls_and_double_bodies_are_rejected() -> None:
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(Recorder())))
    with pytest.raises(ValueError, match="relative"):
        client.get("https://elsewhere.example.com/x")
    with pytest.raises(ValueError, match="either json= or content="):
        client.post("/x", json={}, content=b"{}")
    with pytest.raises(TypeError, match="not JSON-serialisable"):
        client.post("/x", json={"a": object()})


def test_callable_credentials_are_called_per_request() -> None:
    tokens = iter(["first", "second"])
    recorder = Recorder()
    client = PygenClient(
        _config(credentials=lambda: next(tokens)), httpx.Client(transport=httpx.MockTransport(recorder))
    )
    client.get("/a")
    client.get("/b")
    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer first", "Bearer second"]


def test_token_is_fetched_again_for_each_retry() -> None:
    calls: list[str] = []

    def provider() -> str:
        calls.append("x")
        return f"token-{len(calls)}"

    responses = iter([httpx.Response(503), httpx.Response(200, json={})])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return next(responses)

    client = PygenClient(
        _config(credentials=provider),
        httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=lambda s: None,
    )
    client.get("/x")
    assert seen == ["Bearer token-1", "Bearer token-2"]


def test_injected_http_client_is_left_open_and_owned_client_is_closed() -> None:
    http = httpx.Client(transport=httpx.MockTransport(Recorder()))
    with PygenClient(_config(), http) as client:
        client.get("/x")
    assert not http.is_closed
    http.close()
    owned = PygenClient(_config())
    owned.close()
    assert owned.http_client.is_closed


def test_error_is_mapped_with_request_context_and_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    response = httpx.Response(
        400,
        headers={"x-request-id": "req-1"},
        json={
            "error": {
                "code": 400,
                "message": "bad",
                "missing": [{"space": "a"}],
                "duplicated": [{"space": "b"}],
            }
        },
    )
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(Recorder(response))))
    with pytest.raises(BadRequestError) as info:
        client.post("/models/spaces", json={"items": []})
    error = info.value
    assert (error.status, error.code, error.message, error.request_id) == (400, 400, "bad", "req-1")
    assert error.missing == [{"space": "a"}]
    assert error.duplicated == [{"space": "b"}]
    assert error.method == "POST"
    assert error.path == "/api/v1/projects/demo/models/spaces"
    text = f"{error} {error!r} {caplog.text}"
    assert "req-1" in str(error)
    assert SECRET not in text


def test_non_json_error_body_is_readable() -> None:
    response = httpx.Response(500, text="<html>Internal Server Error</html>")
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(Recorder(response))))
    with pytest.raises(ServerError, match="Internal Server Error"):
        client.get("/x")


def test_secrets_never_in_reprs() -> None:
    config = _config()
    client = PygenClient(config)
    assert SECRET not in repr(config)
    assert SECRET not in str(config)
    assert SECRET not in repr(client)
    assert SECRET not in repr(Token(SECRET))
    client.close()


def test_sync_concurrency_is_bounded() -> None:
    lock = threading.Lock()
    in_flight = 0
    peak = 0
    release = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        release.wait(0.05)
        with lock:
            in_flight -= 1
        return httpx.Response(200, json={})

    client = PygenClient(
        _config(max_concurrent_requests=2), httpx.Client(transport=httpx.MockTransport(handler))
    )
    threads = [threading.Thread(target=client.get, args=("/x",)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= peak <= 2


async def test_async_request_headers_gzip_and_errors() -> None:
    recorder = Recorder()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    async with http, AsyncPygenClient(_config(), http) as client:
        await client.post("/models/instances/byids", json={"items": [1]})
        await client.get("/models/spaces", params={"limit": 3})
    first, second = recorder.requests
    assert json.loads(gzip.decompress(first.content)) == {"items": [1]}
    assert first.headers["x-cdp-app"] == "my-app"
    assert first.headers["authorization"] == f"Bearer {SECRET}"
    assert second.url.query == b"limit=3"


async def test_async_callable_credentials_may_be_async() -> None:
    async def provider() -> str:
        return "async-token"

    recorder = Recorder()
    async with httpx.AsyncClient(transport=httpx.MockTransport(recorder)) as http:
        client = AsyncPygenClient(_config(credentials=provider), http)
        await client.get("/x")
    assert recorder.requests[0].headers["authorization"] == "Bearer async-token"


def test_async_provider_in_sync_client_gives_a_clear_error() -> None:
    async def provider() -> str:
        return "async-token"

    client = PygenClient(
        _config(credentials=provider), httpx.Client(transport=httpx.MockTransport(Recorder()))
    )
    with pytest.raises(Exception, match="is async; use it with AsyncPygenClient"):
        client.get("/x")


def test_unknown_4xx_maps_to_base_api_status_error() -> None:
    response = httpx.Response(418, json={"error": {"code": 418, "message": "teapot"}})
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(Recorder(response))))
    with pytest.raises(APIError) as info:
        client.get("/x")
    assert type(info.value) is APIStatusError
    assert info.value.status == 418


async def test_async_concurrency_is_bounded() -> None:
    import asyncio

    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = AsyncPygenClient(_config(max_concurrent_requests=3), http)
        await asyncio.gather(*(client.get("/x") for _ in range(12)))
    assert 1 <= peak <= 3


def test_nan_is_rejected_not_sent_as_null() -> None:
    recorder = Recorder()
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(recorder)))
    with pytest.raises(ValueError, match="not valid JSON"):
        client.post("/x", json={"value": float("nan")})
    client.post("/x", json={"text": "NaN and Infinity are fine inside strings"})
    assert json.loads(gzip.decompress(recorder.requests[0].content)) == {
        "text": "NaN and Infinity are fine inside strings"
    }


def test_gzip_body_is_deterministic() -> None:
    recorder = Recorder()
    client = PygenClient(_config(), httpx.Client(transport=httpx.MockTransport(recorder)))
    client.post("/x", json={"a": 1})
    client.post("/x", json={"a": 1})
    first, second = recorder.requests
    assert first.content == second.content


def test_retries_are_logged_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pygen_client")
    responses = iter([httpx.Response(503), httpx.Response(200, json={})])
    client = PygenClient(
        _config(),
        httpx.Client(transport=httpx.MockTransport(lambda r: next(responses))),
        sleep=lambda s: None,
    )
    client.post("/models/spaces", json={"items": []})
    assert "Retrying POST /models/spaces after status 503 (retry 1 of 10)" in caplog.text
    assert SECRET not in caplog.text


def test_errors_survive_pickling() -> None:
    import pickle

    from pygen_client import ConflictError

    error = ConflictError(
        "dup", status=409, code=409, duplicated=[{"space": "s"}], request_id="r1", attempts=2
    )
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is ConflictError
    assert (clone.status, clone.code, clone.duplicated, clone.request_id, clone.attempts) == (
        409,
        409,
        [{"space": "s"}],
        "r1",
        2,
    )
    assert str(clone) == str(error)
