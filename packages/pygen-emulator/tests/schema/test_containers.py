from __future__ import annotations

from typing import Any

import httpx
import pytest


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == status
    return error


def _container(xid: str = "Pump", **props: Any) -> dict[str, Any]:
    return {"space": "sp", "externalId": xid, "properties": props or {"name": {"type": {"type": "text"}}}}


@pytest.fixture
def space(api: httpx.Client) -> str:
    api.post("/spaces", json={"items": [{"space": "sp"}]}).raise_for_status()
    return "sp"


def test_read_form_has_every_field_the_sdks_need(api: httpx.Client, space: str) -> None:
    item = _container(
        name={"type": {"type": "text"}, "nullable": False},
        tags={"type": {"type": "text", "list": True, "maxListSize": 20}},
        kind={"type": {"type": "enum", "values": {"a": {}, "b": {"name": "B"}}, "unknownValue": "a"}},
        counter={"type": {"type": "int64"}, "autoIncrement": True},
        parent={
            "type": {
                "type": "direct",
                "container": {"type": "container", "space": "sp", "externalId": "Pump"},
            }
        },
    )
    item["constraints"] = {"uniq": {"constraintType": "uniqueness", "properties": ["name"]}}
    item["indexes"] = {"idx": {"properties": ["name"], "cursorable": True}}
    got = api.post("/containers", json={"items": [item]}).json()["items"][0]
    assert got["usedFor"] == "node"
    assert got["isGlobal"] is False
    assert {"createdTime", "lastUpdatedTime"} <= set(got)
    props = got["properties"]
    assert props["name"] == {
        "type": {"type": "text", "list": False, "collation": "ucs_basic"},
        "nullable": False,
        "immutable": False,
        "autoIncrement": False,
        "constraintState": {},
    }
    assert props["tags"]["type"] == {
        "type": "text",
        "list": True,
        "maxListSize": 20,
        "collation": "ucs_basic",
    }
    assert props["kind"]["type"]["values"]["b"] == {"name": "B"}
    assert "list" not in props["kind"]["type"]
    assert props["parent"]["type"]["list"] is False
    assert got["constraints"]["uniq"]["state"] == "current"
    assert got["indexes"]["idx"] == {
        "indexType": "btree",
        "properties": ["name"],
        "cursorable": True,
        "bySpace": False,
        "state": "current",
    }


@pytest.mark.parametrize(
    ("props", "fragment"),
    [
        ({"p": {"type": {"type": "string"}}}, "type must be one of"),
        ({"p": {"type": {"type": "text"}, "autoIncrement": True}}, "autoIncrement"),
        ({"space": {"type": {"type": "text"}}}, "reserved property"),
        ({"p": {"type": {"type": "int32"}, "defaultValue": "x"}}, "does not match"),
        ({"p": {"type": {"type": "enum", "values": {"true": {}}}}}, "not a valid enum value"),
        ({"p": {"type": {"type": "text", "maxListSize": 5}}}, "only be set on list"),
        ({"p": {"type": {"type": "text"}, "nullabel": True}}, "Unexpected field"),
    ],
)
def test_invalid_containers_are_400(
    api: httpx.Client, space: str, props: dict[str, Any], fragment: str
) -> None:
    assert fragment in _error(api.post("/containers", json={"items": [_container(**props)]}), 400)["message"]
    assert api.get("/containers").json()["items"] == []


def test_reserved_external_id_and_missing_space(api: httpx.Client, space: str) -> None:
    assert (
        "reserved" in _error(api.post("/containers", json={"items": [_container("Query")]}), 400)["message"]
    )
    item = {**_container(), "space": "elsewhere"}
    error = _error(api.post("/containers", json={"items": [item]}), 400)
    assert error["message"].startswith("One or more spaces do not exist")
    assert error["missing"] == [{"space": "elsewhere"}]


def test_upsert_keeps_timestamps_and_rejects_type_changes(api: httpx.Client, space: str) -> None:
    first = api.post("/containers", json={"items": [_container()]}).json()["items"][0]
    assert api.post("/containers", json={"items": [_container()]}).json()["items"][0] == first
    grown = api.post("/containers", json={"items": [_container(other={"type": {"type": "float64"}})]}).json()
    assert set(grown["items"][0]["properties"]) == {"name", "other"}
    changed = _container(name={"type": {"type": "int32"}})
    assert (
        "Cannot change the type" in _error(api.post("/containers", json={"items": [changed]}), 409)["message"]
    )


def test_list_filters_and_byids(api: httpx.Client, space: str) -> None:
    edge = {**_container("Edge"), "usedFor": "edge"}
    api.post("/containers", json={"items": [_container("A"), edge, _container("B")]}).raise_for_status()
    listed = api.get("/containers", params={"limit": 1000}).json()["items"]
    assert [c["externalId"] for c in listed] == ["A", "B", "Edge"]
    only_edges = api.get("/containers", params=[("usedFor", "edge")]).json()["items"]
    assert [c["externalId"] for c in only_edges] == ["Edge"]
    assert api.get("/containers", params={"space": "other"}).json()["items"] == []
    body = api.post(
        "/containers/byids",
        json={
            "items": [
                {"space": "sp", "externalId": "B"},
                {"space": "sp", "externalId": "X"},
                {"space": "sp", "externalId": "A"},
            ]
        },
    ).json()
    assert [c["externalId"] for c in body["items"]] == ["B", "A"]


def test_delete_container_and_index(api: httpx.Client, space: str) -> None:
    item = _container(name={"type": {"type": "text"}})
    item["indexes"] = {"idx": {"indexType": "btree", "properties": ["name"]}}
    api.post("/containers", json={"items": [item]}).raise_for_status()
    removed = api.post(
        "/containers/indexes/delete",
        json={"items": [{"space": "sp", "containerExternalId": "Pump", "identifier": "idx"}]},
    ).json()["items"]
    assert removed == [{"space": "sp", "containerExternalId": "Pump", "identifier": "idx"}]
    assert (
        api.post("/containers/byids", json={"items": [{"space": "sp", "externalId": "Pump"}]}).json()[
            "items"
        ][0]["indexes"]
        == {}
    )
    body = api.post(
        "/containers/delete",
        json={"items": [{"space": "sp", "externalId": "Pump"}, {"space": "sp", "externalId": "No"}]},
    ).json()
    assert body["items"] == [{"space": "sp", "externalId": "Pump"}]
    assert api.get("/containers").json()["items"] == []


@pytest.mark.parametrize("identifier", [[], 5, None, "x" * 44])
def test_index_delete_needs_a_string_identifier(api: httpx.Client, space: str, identifier: Any) -> None:
    api.post("/containers", json={"items": [_container()]}).raise_for_status()
    body = {"items": [{"space": space, "containerExternalId": "Pump", "identifier": identifier}]}
    _error(api.post("/containers/indexes/delete", json=body), 400)
