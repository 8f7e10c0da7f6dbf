from __future__ import annotations

from typing import Any

import httpx
import pytest


def _ref(xid: str, version: str = "v1") -> dict[str, str]:
    return {"type": "view", "space": "sp", "externalId": xid, "version": version}


@pytest.fixture
def schema(api: httpx.Client) -> httpx.Client:
    api.post("/spaces", json={"items": [{"space": "sp"}]}).raise_for_status()
    api.post(
        "/containers",
        json={
            "items": [{"space": "sp", "externalId": "C", "properties": {"name": {"type": {"type": "text"}}}}]
        },
    ).raise_for_status()
    return api


def _model(version: str = "1", views: list[Any] | None = None) -> dict[str, Any]:
    return {"space": "sp", "externalId": "Model", "version": version, "views": views or []}


def test_data_model_with_inline_view_and_inline_read(schema: httpx.Client) -> None:
    inline = {
        "space": "sp",
        "externalId": "Inline",
        "version": "v1",
        "properties": {"name": {"container": {"type": "container", "space": "sp", "externalId": "C"},
                                "containerPropertyIdentifier": "name"}},
    }  # fmt: skip
    created = schema.post("/datamodels", json={"items": [_model(views=[inline])]}).json()["items"][0]
    assert created["views"] == [_ref("Inline")]
    assert created["isGlobal"] is False
    read = schema.post(
        "/datamodels/byids",
        params={"inlineViews": "true"},
        json={"items": [{"space": "sp", "externalId": "Model"}]},
    ).json()["items"][0]
    assert read["views"][0]["properties"]["name"]["type"]["type"] == "text"
    assert read["views"][0]["writable"] is True


def test_missing_views_are_400_with_missing(schema: httpx.Client) -> None:
    response = schema.post("/datamodels", json={"items": [_model(views=[_ref("Ghost")])]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("One or more views do not exist")
    assert error["missing"] == [_ref("Ghost")]
    assert schema.get("/datamodels").json()["items"] == []


def test_versions_list_and_delete(schema: httpx.Client) -> None:
    schema.post(
        "/views", json={"items": [{"space": "sp", "externalId": "V", "version": "v1"}]}
    ).raise_for_status()
    schema.post("/datamodels", json={"items": [_model("1", [_ref("V")])]}).raise_for_status()
    schema.post(
        "/datamodels", json={"items": [_model("2", [{"type": "view", "space": "sp", "externalId": "V"}])]}
    )
    latest = schema.get("/datamodels", params={"inlineViews": "true"}).json()["items"]
    assert [(m["version"], m["views"][0]["externalId"]) for m in latest] == [("2", "V")]
    assert len(schema.get("/datamodels", params={"allVersions": "true"}).json()["items"]) == 2
    deleted = schema.post(
        "/datamodels/delete", json={"items": [{"space": "sp", "externalId": "Model", "version": "1"}]}
    ).json()["items"]
    assert deleted == [{"space": "sp", "externalId": "Model", "version": "1"}]
    # Deleting a data model keeps its views.
    assert len(schema.get("/views").json()["items"]) == 1
