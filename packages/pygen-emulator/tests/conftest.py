"""Shared fixtures of the emulator tests (the ``emulator`` fixture comes from the pytest plugin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from cognite.client import CogniteClient

    from pygen_emulator import EmulatorHandle

# <checkout>/../shared/models, present in CI; tests over it skip when it is absent.
MODELS_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "models"
CORPUS_ABSENT = (
    f"the shared model corpus ({MODELS_DIR}: 20 public CDF data models, used to check the emulator "
    "against real models) is not present; it is optional, and the rest of the suite runs without it"
)


@pytest.fixture
def cognite_client(emulator: EmulatorHandle) -> CogniteClient:
    """The official cognite-sdk, unmodified, pointed at a fresh emulator."""
    from cognite.client import ClientConfig, CogniteClient, global_config
    from cognite.client.credentials import Token

    global_config.disable_pypi_version_check = True
    global_config.max_retries = 3
    config = ClientConfig(
        client_name="pygen-emulator-compat",
        project=emulator.project,
        base_url=emulator.base_url,
        credentials=Token(emulator.token),
    )
    return CogniteClient(config)


@pytest.fixture
def models_dir() -> Path:
    """The shared model corpus; skips the test when the folder is absent."""
    if not MODELS_DIR.is_dir():
        pytest.skip(CORPUS_ABSENT)
    return MODELS_DIR


@pytest.fixture
def api(emulator: EmulatorHandle) -> Iterator[httpx.Client]:
    """Raw HTTP against a fresh emulator: paths are relative to ``/api/v1/projects/{project}/models``."""
    with httpx.Client(
        base_url=f"{emulator.base_url}/api/v1/projects/{emulator.project}/models",
        headers={"Authorization": f"Bearer {emulator.token}"},
        timeout=30.0,
    ) as client:
        yield client


@pytest.fixture
def tiny_model() -> dict[str, Any]:
    """A one-view model in the corpus format (read format plus ``containers``)."""
    return {
        "space": "tiny",
        "externalId": "Tiny",
        "version": "1",
        "views": [
            {
                "space": "tiny",
                "externalId": "Thing",
                "version": "1",
                "properties": {
                    "name": {
                        "container": {"type": "container", "space": "tiny", "externalId": "Thing"},
                        "containerPropertyIdentifier": "name",
                        "type": {"type": "text", "list": False},
                        "nullable": True,
                        "immutable": False,
                        "autoIncrement": False,
                    }
                },
            }
        ],
        "containers": [
            {
                "space": "tiny",
                "externalId": "Thing",
                "usedFor": "node",
                "properties": {"name": {"type": {"type": "text"}}},
            }
        ],
    }
