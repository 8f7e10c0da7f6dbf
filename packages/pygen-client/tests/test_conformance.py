"""Runs every case of conformance/transport_cases.json against the sync and the async client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import pygen_client
from pygen_client import APIError, AsyncPygenClient, ClientConfig, PygenClient, Token
from pygen_client import _retry as retry

CASES_FILE = Path(__file__).resolve().parents[3] / "conformance" / "transport_cases.json"
DOC = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOC["cases"]


def _config(case: dict[str, Any]) -> ClientConfig:
    kwargs: dict[str, Any] = {}
    if "max_retries" in case:
        kwargs["max_retries"] = case["max_retries"]
    return ClientConfig(
        base_url="http://127.0.0.1:1", project="conformance", credentials=Token("t"), **kwargs
    )


class _Responder:
    def __init__(self, case: dict[str, Any]) -> None:
        self.responses = list(case["responses"])
        self.attempts = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.attempts >= len(self.responses):
            raise AssertionError(f"more attempts than the case has responses ({len(self.responses)})")
        spec = self.responses[self.attempts]
        self.attempts += 1
        if "network_error" in spec:
            if spec["network_error"] == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            if spec["network_error"] == "timeout":
                raise httpx.ReadTimeout("read timed out", request=request)
            raise AssertionError(f"unknown network_error {spec['network_error']!r}")
        body = spec.get("body")
        headers = dict(spec.get("headers", {}))
        if isinstance(body, str):
            return httpx.Response(spec["status"], headers=headers, content=body.encode())
        return httpx.Response(spec["status"], headers=headers, json=body)


def _check(case: dict[str, Any], responder: _Responder, sleeps: list[float], error: APIError | None) -> None:
    expect = case["expect"]
    assert responder.attempts == expect["attempts"]
    if "sleeps" in expect:
        assert sleeps == pytest.approx(expect["sleeps"])
    if "max_sleeps" in expect:
        assert len(sleeps) == len(expect["max_sleeps"])
        for actual, bound in zip(sleeps, expect["max_sleeps"], strict=True):
            assert 0.0 <= actual <= bound
    if expect.get("ok"):
        assert error is None, f"expected success, got {error!r}"
    if "error" in expect:
        assert error is not None, "expected an error, the call succeeded"
        want = expect["error"]
        if "class" in want:
            assert type(error).__name__ == want["class"]
            assert type(error) is getattr(pygen_client, want["class"])
        for key, attr in (
            ("status", "status"),
            ("code", "code"),
            ("message", "message"),
            ("missing", "missing"),
            ("duplicated", "duplicated"),
            ("request_id", "request_id"),
        ):
            if key in want:
                assert getattr(error, attr) == want[key], key
        if "message_contains" in want:
            assert want["message_contains"] in error.message
        assert error.attempts == expect["attempts"]


def test_constants_match_the_policy() -> None:
    constants = DOC["constants"]
    assert constants["default_max_retries"] == retry.DEFAULT_MAX_RETRIES
    assert constants["backoff_base_seconds"] == retry.BACKOFF_BASE_SECONDS
    assert constants["backoff_max_seconds"] == retry.BACKOFF_MAX_SECONDS
    assert sorted(constants["retryable_statuses"]) == sorted(retry.RETRYABLE_STATUSES)
    assert sorted(constants["never_retried_statuses"]) == sorted(retry.NEVER_RETRIED_STATUSES)
    assert constants["auto_retryable_header"] == retry.AUTO_RETRYABLE_HEADER


def test_the_fixture_has_enough_cases() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_fixture_is_well_formed(case: dict[str, Any]) -> None:
    """Typos in the shared file would silently weaken both languages' tests: only known keys."""
    assert set(case) <= {"name", "max_retries", "responses", "expect"}
    for response in case["responses"]:
        assert set(response) <= {"status", "headers", "body", "network_error"}
        assert ("status" in response) != ("network_error" in response)
        assert response.get("network_error", "connect") in ("connect", "timeout")
    expect = case["expect"]
    assert set(expect) <= {"attempts", "sleeps", "max_sleeps", "ok", "error"}
    assert expect["attempts"] == len(case["responses"]), "every response is consumed"
    assert ("ok" in expect) != ("error" in expect)
    if "error" in expect:
        assert set(expect["error"]) <= {
            "class", "status", "code", "message", "message_contains", "missing", "duplicated", "request_id",
        }  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_sync(case: dict[str, Any]) -> None:
    responder = _Responder(case)
    sleeps: list[float] = []
    client = PygenClient(
        _config(case), httpx.Client(transport=httpx.MockTransport(responder)), sleep=sleeps.append
    )
    error: APIError | None = None
    try:
        response = client.post("/models/instances/list", json={"limit": 1})
        assert response.is_success
    except APIError as exc:
        error = exc
    _check(case, responder, sleeps, error)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
async def test_async(case: dict[str, Any]) -> None:
    responder = _Responder(case)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    http = httpx.AsyncClient(transport=httpx.MockTransport(responder))
    client = AsyncPygenClient(_config(case), http, sleep=sleep)
    error: APIError | None = None
    try:
        response = await client.post("/models/instances/list", json={"limit": 1})
        assert response.is_success
    except APIError as exc:
        error = exc
    finally:
        await http.aclose()
    _check(case, responder, sleeps, error)
