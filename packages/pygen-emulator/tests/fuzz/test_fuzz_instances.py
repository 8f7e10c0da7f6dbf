"""Property-based fuzzing of the instance endpoints: malformed and edge-case bodies never cause a 5xx.

Valid request bodies are mutated at random paths (value replaced by arbitrary JSON, key dropped, unknown
key added). Every answer must be a success or a DMSError with a 4xx status, and a failed write must leave
storage exactly as it was (all-or-nothing).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from pygen_emulator._errors import DMSError
from pygen_emulator._routing import run
from pygen_emulator.app import create_app
from pygen_emulator.instances import INSTANCE_ENDPOINTS

_ENDPOINTS = {endpoint.path: endpoint for endpoint in INSTANCE_ENDPOINTS}

SPACE = "fz"
VIEW = {"type": "view", "space": SPACE, "externalId": "Thing", "version": "v1"}
CONTAINER = {"type": "container", "space": SPACE, "externalId": "ThingC"}
PROPS = {
    "name": {"type": {"type": "text"}, "nullable": False},
    "size": {"type": {"type": "int64"}},
    "score": {"type": {"type": "float32"}},
    "tags": {"type": {"type": "text", "list": True, "maxListSize": 5}},
    "parent": {"type": {"type": "direct"}},
    "when": {"type": {"type": "timestamp"}},
    "day": {"type": {"type": "date"}},
    "doc": {"type": {"type": "json"}},
    "flag": {"type": {"type": "boolean"}},
    "kind": {"type": {"type": "enum", "values": {"a": {}, "b": {}}}},
}
P = [SPACE, "Thing/v1"]
NODE = {
    "instanceType": "node",
    "space": SPACE,
    "externalId": "n1",
    "sources": [
        {
            "source": VIEW,
            "properties": {
                "name": "x",
                "score": 2.5,
                "size": 3,
                "tags": ["a"],
                "when": "2020-01-01T00:00:00Z",
                "parent": {"space": SPACE, "externalId": "n0"},
            },
        }
    ],
}
EDGE = {
    "instanceType": "edge",
    "space": SPACE,
    "externalId": "e1",
    "type": {"space": SPACE, "externalId": "t"},
    "startNode": {"space": SPACE, "externalId": "n0"},
    "endNode": {"space": SPACE, "externalId": "n1"},
}
FILTER = {
    "and": [
        {"equals": {"property": [*P, "size"], "value": 3}},
        {"range": {"property": ["node", "createdTime"], "gt": 0}},
        {"nested": {"scope": [*P, "parent"], "filter": {"prefix": {"property": [*P, "name"], "value": "x"}}}},
        {"not": {"containsAny": {"property": [*P, "tags"], "values": ["b"]}}},
    ]
}
TEMPLATES: dict[str, dict[str, Any]] = {
    "/": {
        "items": [NODE, EDGE],
        "delete": [{"instanceType": "node", "space": SPACE, "externalId": "n9"}],
        "autoCreateStartNodes": True,
        "replace": False,
        "skipOnVersionConflict": False,
    },
    "/list": {
        "instanceType": "node",
        "sources": [{"source": VIEW}],
        "filter": FILTER,
        "limit": 10,
        "sort": [{"property": [*P, "size"], "direction": "descending", "nullsFirst": True}],
    },
    "/byids": {
        "items": [{"instanceType": "node", "space": SPACE, "externalId": "n1"}],
        "sources": [{"source": VIEW}],
        "includeTyping": True,
    },
    "/search": {
        "view": VIEW,
        "query": "x y",
        "properties": ["name"],
        "filter": FILTER,
        "limit": 5,
        "operator": "AND",
    },
    "/aggregate": {
        "view": VIEW,
        "aggregates": [{"avg": {"property": "size"}}, {"histogram": {"property": "score", "interval": 2.5}}],
        "groupBy": ["kind"],
        "filter": FILTER,
    },
    "/delete": {
        "items": [{"instanceType": "node", "space": SPACE, "externalId": "n1", "existingVersion": 5}]
    },
    "/query": {
        "with": {
            "a": {"nodes": {"filter": FILTER}, "limit": 5},
            "b": {"edges": {"from": "a", "direction": "inwards", "maxDistance": 2}},
            "c": {
                "nodes": {
                    "from": "a",
                    "through": {"source": VIEW, "identifier": "parent"},
                    "direction": "outwards",
                }
            },
            "d": {"union": ["a", "c"]},
        },
        "select": {"a": {"sources": [{"source": VIEW, "properties": ["*"]}]}, "b": {}, "d": {}},
        "cursors": {"a": None},
        "parameters": {"p": 1},
    },
    "/sync": {
        "with": {
            "a": {
                "nodes": {"filter": FILTER},
                "limit": 5,
                "mode": "twoPhase",
                "backfillSort": [{"property": [*P, "size"]}],
            },
            "b": {"edges": {"from": "a", "direction": "inwards"}, "skipAlreadyDeleted": False},
        },
        "select": {"a": {"sources": [{"source": VIEW, "properties": ["name"]}]}, "b": {}},
    },
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "node", "edge", SPACE, "Thing/v1", "*", "\x00", "n1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    path = draw(st.sampled_from(sorted(TEMPLATES)))
    body = copy.deepcopy(TEMPLATES[path])
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(body))
        target = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "drop", "extra"]))
        if not target:
            body = draw(json_values) if action == "replace" else body
            continue
        parent = body
        for step in target[:-1]:
            parent = parent[step]
        last = target[-1]
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "drop":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(json_values)
        else:
            parent.append(draw(json_values))
    return path, body


@pytest.fixture(scope="module")
def app_ctx() -> Any:
    app = create_app()
    client = TestClient(app)
    headers = {"Authorization": "Bearer fuzz"}
    base = "/api/v1/projects/emulator/models"
    for path, body in [
        ("/spaces", {"items": [{"space": SPACE}]}),
        ("/containers", {"items": [{"space": SPACE, "externalId": "ThingC", "properties": PROPS}]}),
        (
            "/views",
            {
                "items": [
                    {
                        "space": SPACE,
                        "externalId": "Thing",
                        "version": "v1",
                        "properties": {
                            name: {"container": CONTAINER, "containerPropertyIdentifier": name}
                            for name in PROPS
                        },
                    }
                ]
            },
        ),
        ("/instances", TEMPLATES["/"]),
    ]:
        response = client.post(base + path, json=body, headers=headers)
        assert response.status_code == 200, response.text
    return app.state.emulator


def _digest(ctx: Any) -> str:
    with ctx.db.read() as conn:
        rows = conn.execute("SELECT * FROM dms_instances ORDER BY id").fetchall()
        data = conn.execute("SELECT * FROM dms_instance_data ORDER BY iid, cid").fetchall()
        seq = conn.execute("SELECT value FROM dms_instance_meta").fetchall()
    return hashlib.sha256(repr((rows, data, seq)).encode()).hexdigest()


def _call(ctx: Any, path: str, body: Any) -> DMSError | None:
    """Run one endpoint handler; any exception other than a DMSError propagates (it would be a 500)."""
    try:
        run(ctx, _ENDPOINTS[path], body)
    except DMSError as exc:
        return exc
    return None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_mutated_requests_never_fail_with_5xx(app_ctx: Any, case: tuple[str, Any]) -> None:
    path, body = case
    ctx = app_ctx.ctx
    before = _digest(ctx)
    error = _call(ctx, path, body)
    if error is not None:
        assert 400 <= error.status < 500, error
        assert error.message
        assert _digest(ctx) == before, f"a failed {path} changed storage"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(sorted(TEMPLATES)), body=json_values)
def test_arbitrary_json_bodies_are_4xx(app_ctx: Any, path: str, body: Any) -> None:
    ctx = app_ctx.ctx
    before = _digest(ctx)
    error = _call(ctx, path, body)
    if error is not None:
        assert 400 <= error.status < 500, error
        assert _digest(ctx) == before, f"a failed {path} changed storage"
    elif path not in ("/", "/delete"):
        assert _digest(ctx) == before, f"a read ({path}) changed storage"


def test_http_errors_are_cdf_shaped(app_ctx: Any) -> None:
    app = create_app()
    client = TestClient(app)
    headers = {"Authorization": "Bearer fuzz"}
    for path in TEMPLATES:
        url = "/api/v1/projects/emulator/models/instances" + ("" if path == "/" else path)
        for body in (b"{", b"[]", b'{"unknownField": 1}', b"null"):
            response = client.post(url, content=body, headers={**headers, "content-type": "application/json"})
            assert response.status_code == 400, (path, body, response.text)
            error = response.json()["error"]
            assert error["code"] == 400
            assert isinstance(error["message"], str)
            assert "x-request-id" in response.headers


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prop=st.sampled_from(sorted(PROPS)), value=json_values)
def test_property_values_are_rejected_or_read_back(app_ctx: Any, prop: str, value: Any) -> None:
    """Any JSON value for any property type: a 4xx with storage unchanged, or stored and read back."""

    ctx = app_ctx.ctx
    props = {"name": "fuzzed", prop: value} if prop != "name" else {"name": value}
    item = {
        "instanceType": "node",
        "space": SPACE,
        "externalId": "fuzzed",
        "sources": [{"source": VIEW, "properties": props}],
    }
    before = _digest(ctx)
    error = _call(ctx, "/", {"items": [item]})
    if error is not None:
        assert 400 <= error.status < 500
        assert _digest(ctx) == before
        return
    got = run(
        ctx,
        _ENDPOINTS["/byids"],
        {
            "items": [{"instanceType": "node", "space": SPACE, "externalId": "fuzzed"}],
            "sources": [{"source": VIEW}],
        },
    )
    got = orjson.loads(orjson.dumps(got))  # items may hold spliced JSON fragments
    stored = got["items"][0]["properties"][SPACE]["Thing/v1"].get(prop)
    if PROPS[prop]["type"]["type"] not in ("timestamp",):
        assert stored == value
