"""Request bodies drawn from the official DMS OpenAPI contract (dms-openapi.json) never cause a 5xx.

A small generator turns the contract's request schemas ($ref, allOf, oneOf/anyOf, objects, arrays,
enums, bounds) into hypothesis strategies; strings are drawn mostly from names that exist in the
fixture's model, so many requests get past reference resolution into the engine. Every answer must
be a success or a 4xx DMSError, and a failed write must leave storage unchanged.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from pygen_emulator._errors import DMSError
from pygen_emulator._routing import run
from pygen_emulator.app import create_app
from pygen_emulator.instances import INSTANCE_ENDPOINTS

_ENDPOINTS = {endpoint.path: endpoint for endpoint in INSTANCE_ENDPOINTS}

CONTRACT = Path(__file__).resolve().parents[4].parent / "shared" / "reference" / "dms-openapi.json"
SPACE = "fz"
NAMES = [
    "fz",
    "Thing",
    "ThingC",
    "v1",
    "n1",
    "n2",
    "e1",
    "name",
    "size",
    "score",
    "tags",
    "parent",
    "when",
    "node",
    "edge",
    "externalId",
    "space",
    "type",
    "a",
    "b",
    "Thing/v1",
    "*",
]
PATHS = {"/models/instances": "/", **{f"/models/instances{p}": p for p in _ENDPOINTS if p != "/"}}
MAX_DEPTH = 7


class Generator:
    """Draws one value for a schema of the contract (interactive drawing keeps recursion bounded)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def draw(self, data: st.DataObject, schema: dict[str, Any], depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if depth > MAX_DEPTH + 3:  # hard stop: a leaf whatever the schema says (then invalid: fine)
            return data.draw(st.sampled_from([{}, "x", 1, None]))
        if "allOf" in schema:
            parts = [self.draw(data, part, depth) for part in schema["allOf"]]
            return _merge(tuple(parts))
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = schema[key] if depth < MAX_DEPTH else schema[key][:1]
                return self.draw(data, data.draw(st.sampled_from(options)), depth + 1)
        if "enum" in schema:
            return data.draw(st.sampled_from(schema["enum"]))
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return self._object(data, schema, depth)
        if kind == "array":
            hi = min(schema.get("maxItems", 3), 3 if depth < MAX_DEPTH else 1)
            lo = min(schema.get("minItems", 0), hi)
            size = data.draw(st.integers(lo, hi))
            return [self.draw(data, schema.get("items", {}), depth + 1) for _ in range(size)]
        if kind == "string":
            return data.draw(st.sampled_from(NAMES) | st.text(max_size=8))
        if kind == "integer":
            lo, hi = schema.get("minimum", -5), schema.get("maximum", 3000)
            return data.draw(st.integers(min(lo, hi), hi) | st.sampled_from([lo, hi]))
        if kind == "number":
            return data.draw(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
        if kind == "boolean":
            return data.draw(st.booleans())
        return data.draw(st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(NAMES))

    def _object(self, data: st.DataObject, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        props: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        out: dict[str, Any] = {}
        for key, sub in props.items():
            if key in required or (depth < MAX_DEPTH and data.draw(st.booleans())):
                out[key] = self.draw(data, sub, depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and depth < MAX_DEPTH:
            for _ in range(data.draw(st.integers(0, 2))):
                out.setdefault(data.draw(st.sampled_from(NAMES)), self.draw(data, extra, depth + 1))
        return out


def _merge(parts: tuple[Any, ...]) -> Any:
    dicts = [p for p in parts if isinstance(p, dict)]
    if len(dicts) != len(parts):
        return parts[0]
    out: dict[str, Any] = {}
    for part in dicts:
        out.update(part)
    return out


def _contract() -> dict[str, Any]:
    if not CONTRACT.is_file():
        pytest.skip(f"DMS OpenAPI contract not found at {CONTRACT}")
    return json.loads(CONTRACT.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _bodies_schema() -> dict[str, dict[str, Any]]:
    spec = _contract()
    return {
        endpoint: spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        for path, endpoint in PATHS.items()
    }


@pytest.fixture(scope="module")
def ctx_holder() -> Any:
    app = create_app()
    client = TestClient(app)
    headers = {"Authorization": "Bearer fuzz"}
    base = "/api/v1/projects/emulator/models"
    props = {
        "name": {"type": {"type": "text"}},
        "size": {"type": {"type": "int64"}},
        "score": {"type": {"type": "float64"}},
        "tags": {"type": {"type": "text", "list": True}},
        "parent": {"type": {"type": "direct"}},
        "when": {"type": {"type": "timestamp"}},
    }
    container = {"type": "container", "space": SPACE, "externalId": "ThingC"}
    view = {"type": "view", "space": SPACE, "externalId": "Thing", "version": "v1"}
    for path, body in [
        ("/spaces", {"items": [{"space": SPACE}]}),
        ("/containers", {"items": [{"space": SPACE, "externalId": "ThingC", "properties": props}]}),
        (
            "/views",
            {
                "items": [
                    {
                        "space": SPACE,
                        "externalId": "Thing",
                        "version": "v1",
                        "properties": {
                            name: {"container": container, "containerPropertyIdentifier": name}
                            for name in props
                        },
                    }
                ]
            },
        ),
        (
            "/instances",
            {
                "items": [
                    {
                        "instanceType": "node",
                        "space": SPACE,
                        "externalId": f"n{i}",
                        "sources": [
                            {
                                "source": view,
                                "properties": {
                                    "name": f"thing {i}",
                                    "size": i,
                                    "tags": ["a"],
                                    "parent": {"space": SPACE, "externalId": "n1"},
                                },
                            }
                        ],
                    }
                    for i in range(1, 4)
                ]
            },
        ),
    ]:
        response = client.post(base + path, json=body, headers=headers)
        assert response.status_code == 200, response.text
    return app.state.emulator


def _digest(ctx: Any) -> str:
    with ctx.db.read() as conn:
        rows = conn.execute("SELECT * FROM dms_instances ORDER BY id").fetchall()
        data = conn.execute("SELECT * FROM dms_instance_data ORDER BY iid, cid").fetchall()
    return hashlib.sha256(repr((rows, data)).encode()).hexdigest()


def test_contract_bodies_never_fail_with_5xx(ctx_holder: Any) -> None:
    schemas = _bodies_schema()
    gen = Generator(_contract())

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(sorted(schemas)), data=st.data())
    def check(path: str, data: st.DataObject) -> None:
        body = gen.draw(data, schemas[path])
        ctx = ctx_holder.ctx
        before = _digest(ctx)
        error: DMSError | None = None
        try:
            run(ctx, _ENDPOINTS[path], body)
        except DMSError as exc:
            error = exc
        if error is not None:
            assert 400 <= error.status < 500, error
            assert _digest(ctx) == before, f"a failed {path} changed storage"

    check()
