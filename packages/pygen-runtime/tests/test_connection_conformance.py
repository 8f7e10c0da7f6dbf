"""Runs conformance/connection_cases.json against pygen-runtime: default edge ids, the flattening of
nested writes, the requests of include / query().follow() / sync and how their answers are read.

@pygen/runtime runs the same file (test/connection-conformance.test.ts), so the two cannot drift apart.
The cases use the connection test model both runtimes declare (connection_model.py here).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from conformance_harness import Responder, conformance_config, contains
from connection_model import (
    AsyncBladeAPI,
    AsyncSensorAPI,
    AsyncTurbineAPI,
    BladeAPI,
    BladeFields,
    BladeWrite,
    MountProperties,
    SensorAPI,
    SensorFields,
    SensorWrite,
    TurbineAPI,
    TurbineFields,
    TurbineWrite,
)

import pygen_runtime as rt
from pygen_client import AsyncPygenClient, PygenClient
from pygen_runtime._connections import fnv1a64

CASES_FILE = Path(__file__).resolve().parents[3] / "conformance" / "connection_cases.json"
DOC = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOC["cases"]
OPERATIONS = {"upsert", "list", "query", "sync"}
APIS: dict[str, Any] = {"Turbine": TurbineAPI, "Blade": BladeAPI, "Sensor": SensorAPI}
ASYNC_APIS: dict[str, Any] = {"Turbine": AsyncTurbineAPI, "Blade": AsyncBladeAPI, "Sensor": AsyncSensorAPI}
FIELDS: dict[str, Any] = {"Turbine": TurbineFields, "Blade": BladeFields, "Sensor": SensorFields}
WRITES: dict[str, Any] = {"Turbine": TurbineWrite, "Blade": BladeWrite, "Sensor": SensorWrite}
# Where a connection or direct relation of the model leads: (owner view, name) -> target view.
TARGETS = {
    ("Blade", "turbine"): "Turbine",
    ("Blade", "spareFor"): "Turbine",
    ("Blade", "sensors"): "Sensor",
    ("Blade", "primary"): "Sensor",
    ("Sensor", "blades"): "Blade",
    ("Turbine", "blades"): "Blade",
    ("Turbine", "spareBlades"): "Blade",
}
EDGE_PROPERTIES = {("Blade", "sensors"): MountProperties}


def snake(name: str) -> str:
    """Case keys are property ids / TypeScript names (camelCase); the model's Python names are their snake_case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def known_difference(case: dict[str, Any]) -> str | None:
    """A case marked as a known difference of pygen-runtime is skipped here with its reason (never silently)."""
    reason = case.get("known_differences", {}).get("python")
    return None if reason is None else str(reason)


def _id(pair: list[str]) -> rt.InstanceId:
    return rt.InstanceId(pair[0], pair[1])


def _is_write(value: Any) -> bool:
    """The design's rule: a write object has space, externalId and at least one more field."""
    return isinstance(value, dict) and {"space", "externalId"} < set(value) and "instanceType" not in value


def _nested(view: str, name: str, value: Any) -> Any:
    """A nested value of the case as the Python write shape: a write object, an id or a ConnectionEdgeWrite."""
    target = TARGETS[(view, name)]
    if isinstance(value, dict) and "node" in value:  # an edge with properties
        node = _nested(view, name, value["node"])
        props = {snake(k): v for k, v in value.items() if k not in {"node", "space", "externalId"}}
        return rt.ConnectionEdgeWrite(
            node,
            EDGE_PROPERTIES[(view, name)](**props),
            space=value.get("space"),
            external_id=value.get("externalId"),
        )
    if _is_write(value):
        return _write(target, value)
    return rt.InstanceId(value["space"], value["externalId"])


def _write(view: str, item: dict[str, Any]) -> Any:
    fields: dict[str, Any] = {}
    for key, value in item.items():
        if key in {"space", "externalId"}:
            continue
        if (view, key) in TARGETS and value is not None:
            fields[snake(key)] = (
                [_nested(view, key, v) for v in value]
                if isinstance(value, list)
                else _nested(view, key, value)
            )
        else:
            fields[snake(key)] = value
    return WRITES[view](space=item["space"], external_id=item["externalId"], **fields)


def _include(view: str, spec: dict[str, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for name, value in spec.items():
        descriptor = getattr(FIELDS[view], snake(name))
        if isinstance(value, dict):
            target = TARGETS[(view, name)]
            out[descriptor] = rt.Include(
                filter=rt.raw_filter(value["filter"]) if "filter" in value else None,
                limit=value.get("limit"),
                include=_include(target, value["include"]) if "include" in value else None,
            )
        else:
            out[descriptor] = value
    return out


def _normalise(view: str, item: Any, include: dict[str, Any] | None) -> Any:
    """An instance as the README's normal form: its externalId, or with include an object of the
    included connections (ids of the instances at the other end, nested includes as objects)."""
    if include is None:
        return item.external_id
    out: dict[str, Any] = {"externalId": item.external_id}
    for name, spec in include.items():
        target = TARGETS[(view, name)]
        nested = spec.get("include") if isinstance(spec, dict) else None
        value = getattr(item, snake(name))
        assert value is not rt.NOT_FETCHED, f"{view}.{name} was included but is NOT_FETCHED"
        if isinstance(value, list):
            out[name] = [_normalise_one(target, v, nested) for v in value]
        else:
            out[name] = None if value is None else _normalise_one(target, value, nested)
    return out


def _normalise_one(view: str, value: Any, include: dict[str, Any] | None) -> Any:
    if isinstance(value, rt.ConnectionEdge):
        return {"edge": value.edge.external_id, "node": _normalise(view, value.node, include)}
    if type(value) is rt.InstanceId:
        return value.external_id
    return _normalise(view, value, include)


def _list_kwargs(view: str, args: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"limit": args.get("limit", 25)}
    if "include" in args:
        kwargs["include"] = _include(view, args["include"])
    return kwargs


def _query(api: Any, view: str, args: dict[str, Any]) -> tuple[Any, str]:
    """The case's query (roots, then one follow per hop) and the view of its last hop."""
    query = api.query(filter=rt.raw_filter(args["filter"]) if "filter" in args else None)
    owner = view
    for hop in args["follow"]:
        query = query.follow(
            getattr(FIELDS[owner], snake(hop["connection"])),
            filter=rt.raw_filter(hop["filter"]) if "filter" in hop else None,
        )
        owner = TARGETS[(owner, hop["connection"])]
    return query, owner


def _batch(batch: rt.SyncBatch[Any]) -> list[Any]:
    return [[i.external_id for i in batch.items], [d.external_id for d in batch.deleted], batch.cursor]


def _sync_kwargs(args: dict[str, Any]) -> dict[str, Any]:
    return {"cursor": args.get("cursor"), "page_size": args.get("page_size", 1000)}


def run_sync(case: dict[str, Any], client: PygenClient) -> Any:
    view, op, args = case["view"], case["operation"], case["args"]
    api = APIS[view](client)
    if op == "upsert":
        result = api.upsert([_write(view, item) for item in args["items"]])
        return [[r.instance_type, r.external_id, r.status] for r in result]
    if op == "list":
        return [_normalise(view, i, args.get("include")) for i in api.list(**_list_kwargs(view, args))]
    if op == "query":
        query, owner = _query(api, view, args)
        return [_normalise(owner, item, None) for item in query.list(limit=args.get("limit", 25))]
    if op == "sync":
        feed = api.sync(**_sync_kwargs(args))
        batches = [_batch(b) for b in feed]
        return {"batches": batches, "cursor": feed.cursor}
    raise AssertionError(f"unknown operation {op!r}")


async def run_async(case: dict[str, Any], client: AsyncPygenClient) -> Any:
    view, op, args = case["view"], case["operation"], case["args"]
    api = ASYNC_APIS[view](client)
    if op == "upsert":
        result = await api.upsert([_write(view, item) for item in args["items"]])
        return [[r.instance_type, r.external_id, r.status] for r in result]
    if op == "list":
        found = await api.list(**_list_kwargs(view, args))
        return [_normalise(view, i, args.get("include")) for i in found]
    if op == "query":
        query, owner = _query(api, view, args)
        return [_normalise(owner, item, None) for item in await query.list(limit=args.get("limit", 25))]
    if op == "sync":
        feed = api.sync(**_sync_kwargs(args))
        batches = [_batch(b) async for b in feed]
        return {"batches": batches, "cursor": feed.cursor}
    raise AssertionError(f"unknown operation {op!r}")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sync(case: dict[str, Any]) -> None:
    reason = known_difference(case)
    if reason is not None:
        pytest.skip(f"known pygen-runtime difference: {reason}")
    responder = Responder(case)
    transport = httpx.MockTransport(responder)
    with PygenClient(conformance_config(), http_client=httpx.Client(transport=transport)) as client:
        result = run_sync(case, client)
    check(case, responder, result)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_async(case: dict[str, Any]) -> None:
    reason = known_difference(case)
    if reason is not None:
        pytest.skip(f"known pygen-runtime difference: {reason}")
    responder = Responder(case)
    transport = httpx.MockTransport(responder)
    async with AsyncPygenClient(
        conformance_config(), http_client=httpx.AsyncClient(transport=transport)
    ) as client:
        result = await run_async(case, client)
    check(case, responder, result)


def check(case: dict[str, Any], responder: Responder, result: Any) -> None:
    """Exactly the case's requests (bodies as it says), every response used, and the normalised result."""
    sent, wanted = responder.requests, case["expect"]["requests"]
    assert [(r["method"], r["path"]) for r in sent] == [(r["method"], r["path"]) for r in wanted]
    for i, (actual, want) in enumerate(zip(sent, wanted, strict=True)):
        if "body" in want:
            assert actual["body"] == want["body"], f"requests[{i}].body: {actual['body']!r}"
        if "body_contains" in want:
            contains(actual["body"], want["body_contains"], f"requests[{i}].body")
        if "body_lacks" in want:
            for key in want["body_lacks"]:
                assert key not in actual["body"], f"requests[{i}].body has {key!r}"
    assert len(sent) == len(case["responses"]), "not every response of the case was used"
    assert result == case["expect"]["result"]


@pytest.mark.parametrize("vector", DOC["fnv1a64"], ids=lambda v: repr(v["input"]))
def test_fnv1a64(vector: dict[str, str]) -> None:
    assert fnv1a64(vector["input"]) == vector["hash"]


@pytest.mark.parametrize("vector", DOC["edge_external_ids"], ids=lambda v: v["name"])
def test_default_edge_external_id(vector: dict[str, Any]) -> None:
    reason = known_difference(vector)
    if reason is not None:
        pytest.skip(f"known pygen-runtime difference: {reason}")
    got = rt.edge_external_id(_id(vector["start"]), _id(vector["type"]), _id(vector["end"]))
    assert got == vector["expected"]
    assert len(got) <= 255


def test_the_case_file_is_well_formed() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) <= {"name", "view", "operation", "args", "responses", "expect", "known_differences"}
        assert case["operation"] in OPERATIONS, case["name"]
        assert case["view"] in APIS, case["name"]
        assert set(case["expect"]) == {"requests", "result"}, case["name"]
        for request in case["expect"]["requests"]:
            assert set(request) <= {"method", "path", "body", "body_contains", "body_lacks"}, case["name"]
        assert set(case.get("known_differences", {})) <= {"python", "typescript"}, case["name"]
    assert {case["operation"] for case in CASES} == OPERATIONS
