"""The public surface is pinned: a change here is a change of the published API."""

from __future__ import annotations

import re
from pathlib import Path

import pygen_client
import pygen_client.plans
import pygen_client.schema


def test_pygen_client_all() -> None:
    assert sorted(pygen_client.__all__) == [
        "APIConnectionError",
        "APIError",
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
        "make_api_error",
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
        "AsyncRequester",
        "Call",
        "Page",
        "PagePlan",
        "Plan",
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
    api = pygen_client.APIError
    assert issubclass(api, pygen_client.PygenError)
    for name in (
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "RateLimitError",
        "ServerError",
        "APIConnectionError",
    ):
        assert issubclass(getattr(pygen_client, name), api), name
    assert issubclass(pygen_client.APITimeoutError, pygen_client.APIConnectionError)


def test_version_matches_pyproject() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert match is not None
    assert pygen_client.__version__ == match.group(1)
