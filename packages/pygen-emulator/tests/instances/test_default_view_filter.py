"""The configurable default filter of views without their own filter (dms-api.md §3.4 [UNVERIFIED])."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from pygen_emulator._settings import Settings
from pygen_emulator.app import create_app

BASE = "/api/v1/projects/emulator/models"
VIEW = {"type": "view", "space": "s", "externalId": "V", "version": "1"}


def _ids(mode: str) -> list[str]:
    client = TestClient(create_app(Settings(default_view_filter=mode)))  # type: ignore[arg-type]
    headers = {"Authorization": "Bearer t"}

    def post(path: str, body: Any) -> Any:
        response = client.post(BASE + path, json=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    post("/spaces", {"items": [{"space": "s"}]})
    post(
        "/containers",
        {"items": [{"space": "s", "externalId": "C", "properties": {"p": {"type": {"type": "text"}}}}]},
    )
    container = {"type": "container", "space": "s", "externalId": "C"}
    post(
        "/views",
        {
            "items": [
                {
                    "space": "s",
                    "externalId": "V",
                    "version": "1",
                    "properties": {"p": {"container": container, "containerPropertyIdentifier": "p"}},
                }
            ]
        },
    )
    post(
        "/instances",
        {
            "items": [
                {
                    "instanceType": "node",
                    "space": "s",
                    "externalId": "with",
                    "sources": [{"source": VIEW, "properties": {"p": "x"}}],
                },
                {"instanceType": "node", "space": "s", "externalId": "without"},
            ]
        },
    )
    items = post("/instances/list", {"filter": {"hasData": [VIEW]}})["items"]
    return sorted(item["externalId"] for item in items)


@pytest.mark.parametrize(("mode", "expected"), [("hasData", ["with"]), ("none", ["with", "without"])])
def test_default_view_filter(mode: str, expected: list[str]) -> None:
    assert _ids(mode) == expected
