"""Fixtures for the example SDK tests: the emulator with the example model, and the SDK client in sync
and async flavours (every integration test runs in both)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from example_sdk import AsyncExampleClient, ExampleClient

MODEL = Path(__file__).resolve().parents[2] / "models" / "example.json"
# Shared test data lives beside the tests (example_testdata.py); importlib mode does not add this folder.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, emulator: Any) -> AsyncIterator[Any]:
    """An ``ExampleClient`` or an ``AsyncExampleClient`` on a fresh emulator with the example model."""
    emulator.load_model(MODEL)
    if request.param == "sync":
        with ExampleClient(emulator.config) as client:
            yield client
    else:
        async with AsyncExampleClient(emulator.config) as aclient:
            yield aclient
