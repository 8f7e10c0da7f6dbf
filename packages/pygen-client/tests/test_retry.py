"""The pure retry policy: which outcomes are retried and how long to sleep."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from pygen_client import RetryPolicy
from pygen_client._retry import parse_retry_after


def _upper(low: float, high: float) -> float:
    return high  # the largest jittered sleep, to check the bounds deterministically


@pytest.mark.parametrize(
    ("status", "headers", "retried"),
    [
        (429, {}, True),
        (502, {}, True),
        (503, {}, True),
        (504, {}, True),
        (500, {}, False),
        (501, {}, False),
        (400, {}, False),
        (401, {}, False),
        (403, {}, False),
        (404, {}, False),
        (409, {}, False),
        (422, {}, False),
        (400, {"cdf-is-auto-retryable": "true"}, True),
        (400, {"cdf-is-auto-retryable": "TRUE"}, True),
        (400, {"cdf-is-auto-retryable": "false"}, False),
        (409, {"cdf-is-auto-retryable": "true"}, False),
    ],
)
def test_retryable_statuses(status: int, headers: dict[str, str], retried: bool) -> None:
    policy = RetryPolicy()
    assert policy.is_retryable_status(status, httpx.Headers(headers)) is retried
    response = httpx.Response(status, headers=headers)
    assert (policy.next_sleep(0, response=response) is not None) is retried


@pytest.mark.parametrize(
    ("exc", "retried"),
    [
        (httpx.ConnectError("x"), True),
        (httpx.ConnectTimeout("x"), True),
        (httpx.ReadTimeout("x"), True),
        (httpx.WriteTimeout("x"), True),
        (httpx.PoolTimeout("x"), True),
        (httpx.ReadError("x"), True),
        (httpx.RemoteProtocolError("x"), True),
        (httpx.UnsupportedProtocol("x"), False),
        (ValueError("x"), False),
    ],
)
def test_retryable_exceptions(exc: Exception, retried: bool) -> None:
    assert RetryPolicy().is_retryable_exception(exc) is retried


def test_full_jitter_bounds_grow_and_cap() -> None:
    policy = RetryPolicy(uniform=_upper)
    assert [policy.backoff(n) for n in range(9)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert policy.backoff(10_000) == 30.0
    assert RetryPolicy(uniform=lambda low, high: low).backoff(3) == 0.0


def test_max_retries_stops() -> None:
    policy = RetryPolicy(max_retries=2)
    response = httpx.Response(503)
    assert policy.next_sleep(1, response=response) is not None
    assert policy.next_sleep(2, response=response) is None
    assert RetryPolicy(max_retries=0).next_sleep(0, exc=httpx.ConnectError("x")) is None


def test_retry_after_parsing() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after("inf") is None
    date = email.utils.formatdate(1_000_010.0, usegmt=True)
    assert parse_retry_after(date, now=1_000_000.0) == pytest.approx(10.0)
    assert parse_retry_after(date, now=2_000_000.0) == 0.0


def test_retry_after_is_capped_and_used_over_jitter() -> None:
    policy = RetryPolicy(uniform=_upper)
    assert policy.next_sleep(0, response=httpx.Response(429, headers={"retry-after": "7"})) == 7.0
    assert policy.next_sleep(0, response=httpx.Response(429, headers={"retry-after": "700"})) == 30.0
    assert policy.next_sleep(3, response=httpx.Response(429)) == 4.0
