"""Fixtures of the service tests: an app on worker processes, driven through httpx (Starlette's
TestClient, which runs the app's lifespan and so its worker pool)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from fastapi.testclient import TestClient

from pygen_generator.service import ServiceSettings, create_app

REPO = Path(__file__).resolve().parents[4]
EXAMPLE_MODEL = REPO / "examples" / "models" / "example.json"
CORE_MODEL = REPO.parent / "shared" / "models" / "CogniteCore.json"
KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-0123456789abcdef"

Serve = Callable[..., AbstractContextManager[TestClient]]


@contextmanager
def serve_app(**settings: Any) -> Iterator[TestClient]:
    """A started app (workers=1 unless given) and a client for it; stopped on exit."""
    settings.setdefault("workers", 1)
    with TestClient(create_app(ServiceSettings(**settings))) as client:
        yield client


@pytest.fixture
def serve() -> Serve:
    return serve_app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """An app with the default limits and no API key, shared by a module's tests."""
    with serve_app(rate_limit=0) as started:
        yield started


@pytest.fixture(scope="session")
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE_MODEL.read_text())
    return data


@pytest.fixture(scope="session")
def core() -> dict[str, Any]:
    if not CORE_MODEL.is_file():
        pytest.skip(
            f"the shared model corpus ({CORE_MODEL}: public CDF data models used to test on real models) "
            "is not present; it is optional"
        )
    data: dict[str, Any] = json.loads(CORE_MODEL.read_text())
    return data


@pytest.fixture
def silent_cdf() -> Iterator[str]:
    """A "CDF" that accepts connections and never answers: a fetch from it hangs until killed."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
