"""Malformed and edge-case schema requests: always a CDF-shaped 4xx (never 5xx), storage unchanged."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from pygen_emulator import Settings, create_app

AUTH = {"Authorization": "Bearer fuzz"}
MODELS = "/api/v1/projects/emulator/models"
C_REF = {"type": "container", "space": "fz", "externalId": "Base"}
V_REF = {"type": "view", "space": "fz", "externalId": "Base", "version": "v1"}

SEEDS: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/spaces", {"items": [{"space": "new_space", "name": "n", "description": "d"}]}),
    (
        "POST",
        "/containers",
        {
            "items": [
                {
                    "space": "fz",
                    "externalId": "Other",
                    "usedFor": "node",
                    "properties": {
                        "a": {"type": {"type": "text", "list": True, "maxListSize": 10}, "nullable": False},
                        "b": {"type": {"type": "enum", "values": {"x": {"name": "X"}}}, "defaultValue": "x"},
                        "c": {"type": {"type": "direct", "container": C_REF}},
                        "d": {"type": {"type": "int64"}, "autoIncrement": True},
                    },
                    "constraints": {
                        "u": {"constraintType": "uniqueness", "properties": ["a"]},
                        "r": {"constraintType": "requires", "require": C_REF},
                    },
                    "indexes": {"i": {"indexType": "btree", "properties": ["d"], "cursorable": True}},
                }
            ]
        },
    ),
    (
        "POST",
        "/views",
        {
            "items": [
                {
                    "space": "fz",
                    "externalId": "Child",
                    "version": "v1",
                    "implements": [V_REF],
                    "filter": {"hasData": [C_REF]},
                    "properties": {
                        "n": {"container": C_REF, "containerPropertyIdentifier": "name", "source": V_REF},
                        "e": {
                            "connectionType": "single_edge_connection",
                            "type": {"space": "fz", "externalId": "t"},
                            "source": V_REF,
                            "edgeSource": V_REF,
                            "direction": "inwards",
                        },
                        "r": {
                            "connectionType": "multi_reverse_direct_relation",
                            "source": V_REF,
                            "through": {"source": C_REF, "identifier": "name"},
                        },
                    },
                }
            ]
        },
    ),
    (
        "POST",
        "/datamodels",
        {
            "items": [
                {
                    "space": "fz",
                    "externalId": "M",
                    "version": "1",
                    "views": [V_REF, {**V_REF, "externalId": "In", "properties": {}}],
                }
            ]
        },
    ),
    ("POST", "/views/byids", {"items": [{"space": "fz", "externalId": "Base", "version": "v1"}]}),
    ("POST", "/datamodels/delete", {"items": [{"space": "fz", "externalId": "M", "version": "1"}]}),
    (
        "POST",
        "/containers/indexes/delete",
        {"items": [{"space": "fz", "containerExternalId": "Base", "identifier": "i"}]},
    ),
]

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=300),
    st.sampled_from(
        ["", "node", "edge", "all", "view", "container", "text", "direct", "v1", "Base", "fz", "Query"]
    ),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _paths(child, (*prefix, i))
    return out


def _mutate(body: dict[str, Any], data: st.DataObject) -> Any:
    body = copy.deepcopy(body)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(body)
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            return data.draw(JSON_VALUE) if action == "replace" else body
        parent = body
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        if action == "replace":
            parent[last] = data.draw(JSON_VALUE)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=10))] = data.draw(JSON_VALUE)
    return body


def _snapshot(client: TestClient) -> list[Any]:
    """Every stored schema row (the emulator's own tables)."""
    with client.app.state.emulator.ctx.db.read() as conn:  # type: ignore[attr-defined]
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("dms_space", "dms_container", "dms_view", "dms_datamodel")
        ]


def _client() -> TestClient:
    client = TestClient(create_app(Settings()), raise_server_exceptions=False)
    client.post(MODELS + "/spaces", json={"items": [{"space": "fz"}]}, headers=AUTH).raise_for_status()
    base = {"space": "fz", "externalId": "Base", "properties": {"name": {"type": {"type": "text"}}}}
    client.post(MODELS + "/containers", json={"items": [base]}, headers=AUTH).raise_for_status()
    view = {"space": "fz", "externalId": "Base", "version": "v1",
            "properties": {"name": {"container": C_REF, "containerPropertyIdentifier": "name"}}}  # fmt: skip
    client.post(MODELS + "/views", json={"items": [view]}, headers=AUTH).raise_for_status()
    return client


CLIENT = _client()


def test_seeds_are_valid_requests() -> None:
    for method, path, body in SEEDS:
        response = TestClient(CLIENT.app).request(method, MODELS + path, json=body, headers=AUTH)
        assert response.status_code == 200, (path, response.text)
    CLIENT.app.state.emulator.reset()  # type: ignore[attr-defined]
    globals()["CLIENT"] = _client()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_schema_requests_are_4xx_or_ok(data: st.DataObject) -> None:
    client: TestClient = globals()["CLIENT"]
    method, path, seed = data.draw(st.sampled_from(SEEDS))
    body = _mutate(seed, data)
    before = _snapshot(client)
    response = client.request(method, MODELS + path, content=json.dumps(body).encode(), headers=AUTH)
    assert response.status_code < 500, (path, body, response.text)
    assert response.headers["x-request-id"]
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] == response.status_code
        assert isinstance(error["message"], str)
        assert error["message"]
        assert _snapshot(client) == before, (path, body)


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(["/spaces", "/containers", "/views", "/datamodels"]), params=st.dictionaries(
    st.sampled_from(["limit", "cursor", "space", "includeGlobal", "allVersions", "inlineViews",
                     "includeInheritedProperties", "usedFor"]), st.text(max_size=12), max_size=4))  # fmt: skip
def test_list_parameters_are_4xx_or_ok(path: str, params: dict[str, str]) -> None:
    response = globals()["CLIENT"].get(MODELS + path, params=params, headers=AUTH)
    assert response.status_code in (200, 400), response.text
