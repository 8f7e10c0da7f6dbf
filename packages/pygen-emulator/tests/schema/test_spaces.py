from __future__ import annotations

import base64
import time

import httpx
import pytest


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == status
    return str(body["error"]["message"])


def test_create_is_an_idempotent_upsert(api: httpx.Client) -> None:
    first = api.post("/spaces", json={"items": [{"space": "my_space", "name": "Mine"}]}).json()["items"][0]
    assert first["space"] == "my_space"
    assert first["isGlobal"] is False
    assert first["createdTime"] == first["lastUpdatedTime"]
    time.sleep(0.005)
    again = api.post("/spaces", json={"items": [{"space": "my_space", "name": "Mine"}]}).json()["items"][0]
    assert again == first
    time.sleep(0.005)
    changed = api.post("/spaces", json={"items": [{"space": "my_space", "name": "Other"}]}).json()["items"][0]
    assert changed["name"] == "Other"
    assert changed["createdTime"] == first["createdTime"]
    assert changed["lastUpdatedTime"] > first["lastUpdatedTime"]


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        ({"space": "system"}, "reserved"),
        ({"space": "1abc"}, "not a valid space"),
        ({"space": "a" * 44}, "not a valid space"),
        ({"space": "ok", "name": "n" * 256}, "at most 255"),
        ({"space": "ok", "description": "d" * 1025}, "at most 1024"),
        ({"space": "ok", "color": "red"}, "Unexpected field - items[0].color"),
        ({"name": "no id"}, "Missing required field - items[0].space"),
        ({"space": 7}, "must be a string"),
    ],
)
def test_invalid_spaces_are_400(api: httpx.Client, item: dict[str, object], fragment: str) -> None:
    message = _error(api.post("/spaces", json={"items": [item]}), 400)
    assert fragment in message
    assert api.get("/spaces").json()["items"] == []


def test_item_count_and_duplicates(api: httpx.Client) -> None:
    assert "between 1 and 100" in _error(api.post("/spaces", json={"items": []}), 400)
    many = [{"space": f"s{i}"} for i in range(101)]
    assert "between 1 and 100" in _error(api.post("/spaces", json={"items": many}), 400)
    response = api.post("/spaces", json={"items": [{"space": "dup"}, {"space": "dup"}]})
    _error(response, 400)
    assert response.json()["error"]["duplicated"] == [{"space": "dup"}]


def test_list_pages_with_cursor(api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": f"space{i:02d}"} for i in range(25)]})
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 10}
        if cursor:
            params["cursor"] = cursor
        body = api.get("/spaces", params=params).json()
        seen += [s["space"] for s in body["items"]]
        pages += 1
        cursor = body.get("nextCursor")
        if not cursor:
            break
    assert pages == 3
    assert seen == [f"space{i:02d}" for i in range(25)]
    assert "limit" in _error(api.get("/spaces", params={"limit": 0}), 400)
    assert "cursor" in _error(api.get("/spaces", params={"cursor": "%%%"}), 400)
    foreign = base64.urlsafe_b64encode(b"[1, 2]").decode()
    assert "cursor" in _error(api.get("/spaces", params={"cursor": foreign}), 400)


def test_byids_keeps_order_and_omits_missing(api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": "a"}, {"space": "b"}]})
    body = api.post(
        "/spaces/byids", json={"items": [{"space": "b"}, {"space": "nope"}, {"space": "a"}]}
    ).json()
    assert [s["space"] for s in body["items"]] == ["b", "a"]


def test_delete_returns_only_deleted_and_refuses_non_empty(api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": "a"}, {"space": "full"}]})
    api.post(
        "/containers",
        json={
            "items": [{"space": "full", "externalId": "C", "properties": {"p": {"type": {"type": "text"}}}}]
        },
    )
    body = api.post("/spaces/delete", json={"items": [{"space": "a"}, {"space": "ghost"}]}).json()
    assert body["items"] == [{"space": "a"}]
    assert "not empty" in _error(api.post("/spaces/delete", json={"items": [{"space": "full"}]}), 400)
    assert [s["space"] for s in api.get("/spaces").json()["items"]] == ["full"]


def test_space_with_instances_cannot_be_deleted(api: httpx.Client) -> None:
    api.post("/spaces", json={"items": [{"space": "busy"}]}).raise_for_status()
    node = {"instanceType": "node", "space": "busy", "externalId": "n1"}
    api.post("/instances", json={"items": [node]}).raise_for_status()
    assert "not empty" in _error(api.post("/spaces/delete", json={"items": [{"space": "busy"}]}), 400)
    api.post("/instances/delete", json={"items": [node]}).raise_for_status()
    assert api.post("/spaces/delete", json={"items": [{"space": "busy"}]}).json()["items"] == [
        {"space": "busy"}
    ]
