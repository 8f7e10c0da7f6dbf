"""The plugin as a user meets it: a fresh pytest run with its own conftest overriding the settings."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest_plugins = ["pytester"]


def test_user_overrides_settings_and_preloads(pytester: pytest.Pytester, tiny_model: dict[str, Any]) -> None:
    (pytester.path / "tiny.json").write_text(json.dumps(tiny_model))
    pytester.makeini(
        """
        [pytest]
        filterwarnings = error
        asyncio_default_fixture_loop_scope = function
        """
    )
    pytester.makeconftest(
        """
        import pytest
        from pathlib import Path
        from pygen_emulator import Settings

        @pytest.fixture(scope="session")
        def pygen_emulator_settings():
            return Settings(project="user-project", preload=(str(Path(__file__).parent / "tiny.json"),))
        """
    )
    pytester.makepyfile(
        """
        from pygen_client import PygenClient

        def test_first(emulator):
            assert emulator.project == "user-project"
            with PygenClient(emulator.config) as client:
                client.post("/models/spaces", json={"items": [{"space": "scratch"}]})
                spaces = [s["space"] for s in client.get("/models/spaces").json()["items"]]
            assert spaces == ["scratch", "tiny"]

        def test_second_starts_from_the_preloaded_state(emulator):
            with PygenClient(emulator.config) as client:
                spaces = [s["space"] for s in client.get("/models/spaces").json()["items"]]
                views = client.get("/models/views").json()["items"]
            assert spaces == ["tiny"]
            assert [v["externalId"] for v in views] == ["Thing"]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
