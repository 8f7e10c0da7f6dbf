"""Runs every case of conformance/instance_cases.json against the sync and the async view API.

The TypeScript runtime runs the same file (see conformance/README.md), so the two cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from conformance_harness import Responder, conformance_config, contains

import pygen_client
from pygen_client import AsyncPygenClient, PygenClient
from pygen_runtime import (
    AggregateResult,
    AsyncViewAPI,
    BooleanProperty,
    DirectRelation,
    InstanceId,
    Int32,
    IntProperty,
    Node,
    NodeFields,
    NodeWrite,
    Properties,
    TextProperty,
    ViewAPI,
    ViewId,
    avg,
    count,
    max_,
    min_,
    raw_filter,
    sum_,
)

CASES_FILE = Path(__file__).resolve().parents[3] / "conformance" / "instance_cases.json"
DOC = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOC["cases"]
VIEW = ViewId(DOC["view"]["space"], DOC["view"]["externalId"], DOC["view"]["version"])
NODE_TYPE = InstanceId(DOC["node_type"]["space"], DOC["node_type"]["externalId"])
OPERATIONS = {"list", "iterate", "iterate_pages", "retrieve", "upsert", "aggregate", "delete"}
METRICS: dict[str, Any] = {"count": count, "sum": sum_, "avg": avg, "min": min_, "max": max_}


# The case file's view, declared as a generated SDK would.
class EquipmentProperties(Properties):
    serial_number: str
    priority: Int32 | None = None
    is_active: bool | None = None


class EquipmentWrite(NodeWrite, EquipmentProperties, view=VIEW):
    type: DirectRelation | None = NODE_TYPE  # the node type the view's filter pins, as generated


class Equipment(Node, EquipmentProperties, view=VIEW):
    """Read."""


class EquipmentFields(NodeFields, view=VIEW):
    serial_number = TextProperty()
    priority = IntProperty()
    is_active = BooleanProperty()


class EquipmentAPI(ViewAPI[Equipment, EquipmentWrite, EquipmentFields]):
    """Sync."""


class AsyncEquipmentAPI(AsyncViewAPI[Equipment, EquipmentWrite, EquipmentFields]):
    """Async."""


FIELD_OF = {prop: name for name, prop in Equipment._property_ids.items()}


def _write(item: dict[str, Any]) -> EquipmentWrite:
    (source,) = item["sources"]
    fields = {FIELD_OF[prop]: value for prop, value in source["properties"].items()}
    if "type" in item:
        fields["type"] = item["type"]
    return EquipmentWrite(space=item["space"], external_id=item["externalId"], **fields)


def _metric(spec: dict[str, str | None]) -> tuple[Any, str | None, Any]:
    ((kind, prop),) = spec.items()
    field = None if prop is None else FIELD_OF.get(prop, prop)  # an unknown property is passed as is
    return kind, prop, METRICS[kind]() if field is None else METRICS[kind](field)


def _aggregate_kwargs(args: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if "group_by" in args:
        kwargs["group_by"] = [FIELD_OF.get(p, p) for p in args["group_by"]]
    if "limit" in args:
        kwargs["limit"] = args["limit"]
    if "filter" in args:
        kwargs["filter"] = raw_filter(args["filter"])
    return kwargs


def _normalise_aggregate(result: AggregateResult, args: dict[str, Any]) -> list[dict[str, Any]]:
    metrics = [_metric(spec) for spec in args["aggregates"]]
    out = []
    for group in result.groups:
        for key in group.group:
            assert key in Equipment._property_ids, f"group key {key!r} is not a field name"
        values = {
            kind if prop is None else f"{kind}:{prop}": group.value(
                kind, None if prop is None else FIELD_OF[prop]
            )
            for kind, prop, _ in metrics
        }
        out.append(
            {"group": {Equipment._property_ids[k]: v for k, v in group.group.items()}, "values": values}
        )
    return out


def _list_kwargs(args: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {key: args[key] for key in ("limit", "page_size", "cursor") if key in args}
    if "filter" in args:
        kwargs["filter"] = raw_filter(args["filter"])
    return kwargs


def run_sync(case: dict[str, Any], client: PygenClient) -> Any:
    api = EquipmentAPI(client)
    op, args = case["operation"], case["args"]
    if op == "list":
        return [e.external_id for e in api.list(**_list_kwargs(args))]
    if op == "iterate":
        return [e.external_id for e in api.iterate(**_list_kwargs(args))]
    if op == "iterate_pages":
        pages = api.iterate(**_list_kwargs(args)).pages()
        return [[[e.external_id for e in p.items], p.next_cursor] for p in pages]
    if op == "retrieve" and "id" in args:
        found = api.retrieve(tuple(args["id"]))
        return None if found is None else found.external_id
    if op == "retrieve":
        return [e.external_id for e in api.retrieve([tuple(i) for i in args["ids"]])]
    if op == "upsert":
        return [[r.external_id, r.status] for r in api.upsert([_write(i) for i in args["items"]])]
    if op == "delete":
        return [i.external_id for i in api.delete([tuple(i) for i in args["ids"]])]
    if op == "aggregate":
        metrics = [m for _, _, m in (_metric(spec) for spec in args["aggregates"])]
        return _normalise_aggregate(api.aggregate(metrics, **_aggregate_kwargs(args)), args)
    raise AssertionError(f"unknown operation {op!r}")


async def run_async(case: dict[str, Any], client: AsyncPygenClient) -> Any:
    api = AsyncEquipmentAPI(client)
    op, args = case["operation"], case["args"]
    if op == "list":
        return [e.external_id for e in await api.list(**_list_kwargs(args))]
    if op == "iterate":
        return [e.external_id async for e in api.iterate(**_list_kwargs(args))]
    if op == "iterate_pages":
        pages = api.iterate(**_list_kwargs(args)).pages()
        return [[[e.external_id for e in p.items], p.next_cursor] async for p in pages]
    if op == "retrieve" and "id" in args:
        found = await api.retrieve(tuple(args["id"]))
        return None if found is None else found.external_id
    if op == "retrieve":
        return [e.external_id for e in await api.retrieve([tuple(i) for i in args["ids"]])]
    if op == "upsert":
        return [[r.external_id, r.status] for r in await api.upsert([_write(i) for i in args["items"]])]
    if op == "delete":
        return [i.external_id for i in await api.delete([tuple(i) for i in args["ids"]])]
    if op == "aggregate":
        metrics = [m for _, _, m in (_metric(spec) for spec in args["aggregates"])]
        return _normalise_aggregate(await api.aggregate(metrics, **_aggregate_kwargs(args)), args)
    raise AssertionError(f"unknown operation {op!r}")


def check(case: dict[str, Any], responder: Responder, result: Any, error: BaseException | None) -> None:
    expect = case["expect"]
    sent, wanted = responder.requests, expect["requests"]
    assert len(sent) == len(wanted), (
        f"sent {[r['path'] for r in sent]}, expected {[r['path'] for r in wanted]}"
    )
    for i, (actual, want) in enumerate(zip(sent, wanted, strict=True)):
        assert actual["method"] == want["method"]
        assert actual["path"] == want["path"]
        if "body_contains" in want:
            contains(actual["body"], want["body_contains"], f"requests[{i}].body")
    assert len(sent) == len(case["responses"]), "not every response of the case was used"
    if "error" in expect:
        assert error is not None, f"expected an error, got the result {result!r}"
        want = expect["error"]
        if want["kind"] == "invalid_argument":
            assert isinstance(error, (ValueError, TypeError)), repr(error)
        else:
            assert want["kind"] == "api_error"
            assert type(error) is getattr(pygen_client, want["class"])
            assert getattr(error, "status", None) == want["status"]
        if "message_contains" in want:
            assert want["message_contains"] in str(error)
    else:
        assert error is None, f"unexpected error: {error!r}"
        assert result == expect["result"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sync(case: dict[str, Any]) -> None:
    responder = Responder(case)
    result, error = None, None
    with PygenClient(
        conformance_config(), http_client=httpx.Client(transport=httpx.MockTransport(responder))
    ) as client:
        try:
            result = run_sync(case, client)
        except (ValueError, TypeError, pygen_client.APIError) as exc:
            error = exc
    check(case, responder, result, error)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_async(case: dict[str, Any]) -> None:
    responder = Responder(case)
    result, error = None, None
    transport = httpx.MockTransport(responder)
    async with AsyncPygenClient(
        conformance_config(), http_client=httpx.AsyncClient(transport=transport)
    ) as client:
        try:
            result = await run_async(case, client)
        except (ValueError, TypeError, pygen_client.APIError) as exc:
            error = exc
    check(case, responder, result, error)


def test_the_case_file_is_well_formed() -> None:
    assert DOC["view"] == {"space": "pygen_example", "externalId": "Equipment", "version": "1"}
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) == {"name", "operation", "args", "responses", "expect"}, case["name"]
        assert case["operation"] in OPERATIONS, case["name"]
        assert set(case["args"]) <= {
            "limit",
            "page_size",
            "cursor",
            "filter",
            "id",
            "ids",
            "items",
            "aggregates",
            "group_by",
        }, case["name"]
        expect = case["expect"]
        assert set(expect) <= {"requests", "result", "error"}, case["name"]
        assert ("result" in expect) != ("error" in expect), case["name"]
        for request in expect["requests"]:
            assert set(request) <= {"method", "path", "body_contains"}, case["name"]
        if "error" in expect:
            assert expect["error"]["kind"] in {"invalid_argument", "api_error"}, case["name"]
    covered = {case["operation"] for case in CASES}
    assert covered == OPERATIONS
