"""API keys (every endpoint but /health), the per-key rate limit, and what `pygen serve` refuses."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from click.testing import CliRunner

from pygen_generator.cli import cli
from pygen_generator.service._security import KeyRing, RateLimiter, key_id

from .conftest import KEY, OTHER_KEY, Serve

ENDPOINTS = [
    ("GET", "/version"),
    ("POST", "/generate"),
    ("POST", "/validate"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
]


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_keys_are_required_except_for_health(serve: Serve, example: dict[str, Any]) -> None:
    with serve(api_keys=(KEY, OTHER_KEY)) as client:
        assert client.get("/health").status_code == 200
        for method, path in ENDPOINTS:
            body = {"model": example} if method == "POST" else None
            for headers in (
                {},
                _auth("wrong-key-0123456789abcdef"),
                {"Authorization": KEY},
                {"Authorization": f"Basic {KEY}"},
            ):
                response = client.request(method, path, json=body, headers=headers)
                assert response.status_code == 401, (path, headers)
                assert response.headers["www-authenticate"] == "Bearer"
                assert "x-request-id" in response.headers
            assert client.request(method, path, json=body, headers=_auth(KEY)).status_code == 200, path
            assert client.request(method, path, json=body, headers=_auth(OTHER_KEY)).status_code == 200, path


def test_the_key_is_checked_before_the_body_is_read(serve: Serve) -> None:
    with serve(api_keys=(KEY,), max_body_bytes=100) as client:
        assert client.post("/generate", json={"bogus": True}).status_code == 401
        assert (
            client.post("/generate", content=b"{", headers={"content-type": "application/json"}).status_code
            == 401
        )
        assert client.post("/generate", content=b"x" * 1000).status_code == 401  # not 413: never read
        assert client.get("/nowhere").status_code == 401  # no probing of paths either
        assert client.get("/nowhere", headers=_auth(KEY)).status_code == 404
        assert client.post("/generate", content=b"x" * 1000, headers=_auth(KEY)).status_code == 413


def test_keys_are_never_logged(
    serve: Serve, example: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with serve(api_keys=(KEY,)) as client:
        client.post("/generate", json={"model": example}, headers=_auth(KEY))
        client.get("/version", headers=_auth(OTHER_KEY))
    lines = [r for r in caplog.records if r.name == "pygen.service.requests"]
    assert [r.fields["status"] for r in lines] == [200, 401]  # type: ignore[attr-defined]
    assert lines[0].fields["key_id"] == key_id(KEY)  # type: ignore[attr-defined]
    assert lines[1].fields["key_id"] is None  # type: ignore[attr-defined]
    assert KEY not in caplog.text
    assert OTHER_KEY not in caplog.text


def test_key_ring_identifies_only_configured_keys() -> None:
    ring = KeyRing((KEY, OTHER_KEY))
    assert ring.identify(KEY) == key_id(KEY)
    assert ring.identify(OTHER_KEY) == key_id(OTHER_KEY)
    assert ring.identify(KEY[:-1]) is None
    assert ring.identify(KEY + "x") is None
    assert ring.identify("") is None
    assert ring.identify("é" * 20) is None
    assert not KeyRing(()).enabled


def test_rate_limit_per_key(serve: Serve) -> None:
    with serve(api_keys=(KEY, OTHER_KEY), rate_limit=3) as client:
        statuses = [client.get("/version", headers=_auth(KEY)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/version", headers=_auth(KEY))
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert client.get("/version", headers=_auth(OTHER_KEY)).status_code == 200  # its own budget
        assert (
            client.post("/generate", content=b"{", headers=_auth(KEY)).status_code == 429
        )  # before the body
        assert [client.get("/health").status_code for _ in range(5)] == [200] * 5  # never limited


def test_rate_limit_without_keys_counts_all_requests(serve: Serve) -> None:
    with serve(rate_limit=2) as client:
        assert [client.get("/version").status_code for _ in range(3)] == [200, 200, 429]


def test_rate_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.retry_after("k") is None
    now[0] += 30
    assert limiter.retry_after("k") is None
    assert limiter.retry_after("k") == pytest.approx(30.0)
    now[0] += 30.5  # the first request left the window
    assert limiter.retry_after("k") is None
    assert limiter.retry_after("other") is None
    assert RateLimiter(0).retry_after("k") is None  # 0: no limit


def test_serve_refuses_other_hosts_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYGEN_SERVICE_API_KEYS", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0 without an API key" in result.output


def test_serve_refuses_short_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYGEN_SERVICE_API_KEYS", "short")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "at least 16 characters" in result.output


def test_serve_binds_loopback_without_keys_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.delenv("PYGEN_SERVICE_API_KEYS", raising=False)
    monkeypatch.setattr("pygen_generator.cli._serve._configure_logging", lambda level: None)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    result = CliRunner().invoke(cli, ["serve", "--port", "9999"])
    assert result.exit_code == 0, result.output
    assert "no API key configured, so listening on 127.0.0.1 only" in result.output
    assert calls[0]["host"] == "127.0.0.1"
    assert calls[0]["port"] == 9999
    assert calls[0]["access_log"] is False


def test_serve_takes_keys_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setenv("PYGEN_SERVICE_API_KEYS", f"{KEY}, {OTHER_KEY}")
    monkeypatch.setattr("pygen_generator.cli._serve._configure_logging", lambda level: None)
    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: apps.append(app))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "2 API key(s)" in result.output
    assert KEY not in result.output
    assert apps[0].state.settings.api_keys == (KEY, OTHER_KEY)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cdf-url", "ftp://x"], "cdf_url must be a cluster URL"),
        (["--cdf-url", "https://api.cognitedata.com/api/v1/projects/p"], "cdf_url must be a cluster URL"),
        (["--workers", "0"], "--workers"),
        (["--timeout", "0"], "--timeout"),
    ],
)
def test_serve_refuses_bad_settings(monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.delenv("PYGEN_SERVICE_API_KEYS", raising=False)
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
