from __future__ import annotations

from typing import Any

import httpx
import pytest

from pygen_emulator import EmulatorHandle

C = {"type": "container", "space": "sp", "externalId": "Asset"}


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == status
    return error


def _mapped(prop: str, **extra: Any) -> dict[str, Any]:
    return {"container": C, "containerPropertyIdentifier": prop, **extra}


def _view(xid: str, version: str = "v1", **kwargs: Any) -> dict[str, Any]:
    return {"space": "sp", "externalId": xid, "version": version, **kwargs}


@pytest.fixture
def schema(api: httpx.Client) -> httpx.Client:
    api.post("/spaces", json={"items": [{"space": "sp"}]}).raise_for_status()
    container = {
        "space": "sp",
        "externalId": "Asset",
        "properties": {
            "name": {"type": {"type": "text"}, "name": "Container name"},
            "code": {"type": {"type": "int32"}, "nullable": False},
            "parent": {"type": {"type": "direct"}},
            "children": {"type": {"type": "direct", "list": True}},
        },
    }
    edge_container = {
        "space": "sp",
        "externalId": "Flow",
        "usedFor": "edge",
        "properties": {"rate": {"type": {"type": "float64"}}},
    }
    api.post("/containers", json={"items": [container, edge_container]}).raise_for_status()
    return api


def test_view_read_form_and_derived_fields(schema: httpx.Client) -> None:
    source = {"type": "view", "space": "sp", "externalId": "Asset", "version": "v1"}
    view = _view(
        "Asset",
        properties={
            "name": _mapped("name"),
            "code": _mapped("code", name="Code"),
            "parent": _mapped("parent", source=source),
            "kids": {"connectionType": "multi_reverse_direct_relation", "source": source,
                     "through": {"source": source, "identifier": "parent"}},
            "flows": {"type": {"space": "sp", "externalId": "flows"}, "source": source},
        },
    )  # fmt: skip
    got = schema.post("/views", json={"items": [view]}).json()["items"][0]
    assert got["writable"] is True
    assert got["queryable"] is True
    assert got["usedFor"] == "node"
    assert got["isGlobal"] is False
    assert got["implements"] == []
    assert got["mappedContainers"] == [C]
    props = got["properties"]
    assert props["name"]["name"] == "Container name"
    assert props["name"]["type"] == {"type": "text", "list": False, "collation": "ucs_basic"}
    assert props["code"]["nullable"] is False
    assert props["parent"]["type"] == {"type": "direct", "list": False, "source": source}
    assert props["kids"]["targetsList"] is False
    assert props["flows"]["connectionType"] == "multi_edge_connection"
    assert props["flows"]["direction"] == "outwards"


def test_writable_needs_every_required_property(schema: httpx.Client) -> None:
    got = schema.post(
        "/views", json={"items": [_view("Partial", properties={"name": _mapped("name")})]}
    ).json()
    assert got["items"][0]["writable"] is False
    edge = _view(
        "FlowEdge",
        properties={
            "rate": {"container": {**C, "externalId": "Flow"}, "containerPropertyIdentifier": "rate"}
        },
    )
    assert schema.post("/views", json={"items": [edge]}).json()["items"][0]["usedFor"] == "edge"


def test_implements_resolution_priority_and_inheritance_flag(schema: httpx.Client) -> None:
    base = _view(
        "Base", properties={"name": _mapped("name", description="from Base"), "code": _mapped("code")}
    )
    other = _view("Other", properties={"name": _mapped("name", description="from Other")})
    # The child names the parents without versions: the latest version is used at creation.
    child = _view(
        "Child",
        implements=[
            {"type": "view", "space": "sp", "externalId": "Base"},
            {"type": "view", "space": "sp", "externalId": "Other"},
        ],
        properties={"parent": _mapped("parent")},
    )
    got = schema.post("/views", json={"items": [child, base, other]}).json()["items"]
    assert [v["externalId"] for v in got] == ["Child", "Base", "Other"]
    resolved = got[0]
    assert [i["version"] for i in resolved["implements"]] == ["v1", "v1"]
    assert set(resolved["properties"]) == {"name", "code", "parent"}
    assert resolved["properties"]["name"]["description"] == "from Other"
    own = schema.post(
        "/views/byids",
        params={"includeInheritedProperties": "false"},
        json={"items": [{"space": "sp", "externalId": "Child", "version": "v1"}]},
    ).json()["items"][0]
    assert set(own["properties"]) == {"parent"}
    assert own["writable"] is True


@pytest.mark.parametrize(
    ("view", "fragment"),
    [
        (_view("Bad", properties={"x": {"container": {**C, "externalId": "Nope"}, "containerPropertyIdentifier": "x"}}),
         "One or more containers do not exist"),
        (_view("Bad", properties={"x": _mapped("nope")}), "not a property of container"),
        (_view("Bad", implements=[{"type": "view", "space": "sp", "externalId": "Ghost", "version": "1"}]),
         "One or more views do not exist"),
        (_view("Bad", version="1.0-"), "not a valid version"),
        (_view("String"), "reserved"),
        (_view("Bad", properties={"x": {"connectionType": "sideways"}}), "connectionType"),
        (_view("Bad", filter={"equal": {"property": ["node", "space"], "value": "a"}}), "unknown filter 'equal'"),
        (_view("Bad", filter={"and": []}), "non-empty array"),
        (_view("Bad", filter={"not": {"hasData": {}}}), "must be an array"),
    ],
)  # fmt: skip
def test_invalid_views_are_400(schema: httpx.Client, view: dict[str, Any], fragment: str) -> None:
    assert fragment in _error(schema.post("/views", json={"items": [view]}), 400)["message"]
    assert schema.get("/views").json()["items"] == []


def test_implements_cycle_is_rejected(schema: httpx.Client) -> None:
    ref = {"type": "view", "space": "sp", "externalId": "A", "version": "v1"}
    schema.post("/views", json={"items": [_view("A")]}).raise_for_status()
    schema.post("/views", json={"items": [_view("B", implements=[ref])]}).raise_for_status()
    cyclic = _view("A", implements=[{**ref, "externalId": "B"}])
    assert "cycle" in _error(schema.post("/views", json={"items": [cyclic]}), 400)["message"]


def test_versions_list_byids_and_delete(schema: httpx.Client) -> None:
    schema.post("/views", json={"items": [_view("V", "v1")]}).raise_for_status()
    schema.post("/views", json={"items": [_view("V", "v2"), _view("W")]}).raise_for_status()
    latest = schema.get("/views").json()["items"]
    assert [(v["externalId"], v["version"]) for v in latest] == [("V", "v2"), ("W", "v1")]
    every = schema.get("/views", params={"allVersions": "true"}).json()["items"]
    assert len(every) == 3
    all_of_v = schema.post("/views/byids", json={"items": [{"space": "sp", "externalId": "V"}]}).json()[
        "items"
    ]
    assert {v["version"] for v in all_of_v} == {"v1", "v2"}
    assert (
        "version is required"
        in _error(schema.post("/views/delete", json={"items": [{"space": "sp", "externalId": "V"}]}), 400)[
            "message"
        ]
    )
    deleted = schema.post(
        "/views/delete",
        json={
            "items": [
                {"space": "sp", "externalId": "V", "version": "v1"},
                {"space": "sp", "externalId": "V", "version": "v9"},
            ]
        },
    ).json()["items"]
    assert deleted == [{"space": "sp", "externalId": "V", "version": "v1"}]


def test_unchanged_view_keeps_last_updated_time(schema: httpx.Client) -> None:
    first = schema.post("/views", json={"items": [_view("V", properties={"name": _mapped("name")})]}).json()[
        "items"
    ][0]
    again = schema.post("/views", json={"items": [_view("V", properties={"name": _mapped("name")})]}).json()[
        "items"
    ][0]
    assert again["lastUpdatedTime"] == first["lastUpdatedTime"]


def test_schema_store_answers_the_instance_engine(emulator: EmulatorHandle, schema: httpx.Client) -> None:
    ref = {"type": "view", "space": "sp", "externalId": "A", "version": "v1"}
    schema.post(
        "/views", json={"items": [_view("A", properties={"name": _mapped("name")})]}
    ).raise_for_status()
    schema.post("/views", json={"items": [_view("B", implements=[ref])]}).raise_for_status()
    schema.post(
        "/views", json={"items": [_view("C", implements=[{**ref, "externalId": "B"}])]}
    ).raise_for_status()
    store = emulator._server.emulator.ctx.schema
    assert store.space_exists("sp")
    assert not store.space_exists("nope")
    assert store.views_implementing("sp", "A", "v1") == [("sp", "B", "v1"), ("sp", "C", "v1")]
    assert store.latest_view_version("sp", "A") == "v1"
    assert store.view_exists("sp", "C", "v1")
    view = store.get_view("sp", "C", "v1")
    assert view is not None
    assert set(view["properties"]) == {"name"}
    assert store.get_view("sp", "C", "v9") is None
    container = store.get_container("sp", "Asset")
    assert container is not None
    assert container["properties"]["code"]["nullable"] is False
