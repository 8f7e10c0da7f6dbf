"""The public surface is pinned: a change here is a change of the published API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pygen_client
import pygen_client.plans
import pygen_client.schema


def test_pygen_client_all() -> None:
    assert sorted(pygen_client.__all__) == [
        "APIConnectionError",
        "APIError",
        "APIStatusError",
        "APITimeoutError",
        "AsyncPygenClient",
        "AuthenticationError",
        "BadRequestError",
        "CallableCredentials",
        "ClientConfig",
        "ConfigurationError",
        "ConflictError",
        "ContainerId",
        "Credentials",
        "DataModelId",
        "NotFoundError",
        "OAuthClientCredentials",
        "Page",
        "PermissionDeniedError",
        "PygenClient",
        "PygenError",
        "RateLimitError",
        "RetryPolicy",
        "ServerError",
        "SpaceId",
        "Token",
        "ViewId",
        "__version__",
    ]
    assert pygen_client.__all__ == sorted(pygen_client.__all__)
    for name in pygen_client.__all__:
        assert hasattr(pygen_client, name), name


def test_schema_all_is_sorted_and_importable() -> None:
    assert pygen_client.schema.__all__ == sorted(pygen_client.schema.__all__)
    for name in pygen_client.schema.__all__:
        assert hasattr(pygen_client.schema, name), name
    assert len(pygen_client.schema.__all__) == 57


def test_plans_all() -> None:
    assert pygen_client.plans.__all__ == [
        "DEFAULT_CONCURRENCY",
        "AsyncRequester",
        "Call",
        "Emit",
        "Page",
        "PagePlan",
        "Plan",
        "StreamPlan",
        "SyncRequester",
        "aiterate",
        "arun",
        "iterate",
        "run",
    ]
    for name in pygen_client.plans.__all__:
        assert hasattr(pygen_client.plans, name), name
    assert pygen_client.Page is pygen_client.plans.Page


def test_error_hierarchy() -> None:
    """PygenError -> APIError -> APIStatusError -> the status classes; connection errors beside it."""
    api, status = pygen_client.APIError, pygen_client.APIStatusError
    assert api.__bases__ == (pygen_client.PygenError,)
    assert status.__bases__ == (api,)
    for name in (
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "RateLimitError",
        "ServerError",
    ):
        assert getattr(pygen_client, name).__bases__ == (status,), name
    assert pygen_client.APIConnectionError.__bases__ == (api,)
    assert pygen_client.APITimeoutError.__bases__ == (pygen_client.APIConnectionError,)
    assert not issubclass(pygen_client.APIConnectionError, status)


def test_a_status_error_always_has_a_status() -> None:
    error = pygen_client.BadRequestError("bad", status=400)
    assert error.status == 400
    with pytest.raises(TypeError):
        pygen_client.BadRequestError("bad")  # type: ignore[call-arg]


def test_version_matches_pyproject() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert match is not None
    assert pygen_client.__version__ == match.group(1)
