"""upsert/delete through InstanceClient and AsyncInstanceClient (sync and async) against a scripted DMS."""

from __future__ import annotations

from typing import Any

import pytest
from runtime_fakes import FakeDMS, Link, LinkWrite, ThingWrite, async_client, node_json, sync_client

from pygen_client import ConflictError
from pygen_runtime import AsyncInstanceClient, InstanceClient, InstanceId, UpsertError
from pygen_runtime._write_plans import DeleteError


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def call(mode: str, fake: FakeDMS, fn: Any) -> Any:
    if mode == "sync":
        with sync_client(fake) as pc:
            return fn(InstanceClient(pc, max_workers=3))
    async with async_client(fake) as apc:
        return await fn(AsyncInstanceClient(apc, max_workers=3))


def slim(
    item: dict[str, Any], version: int, modified: bool = True, created: int = 1, updated: int = 1
) -> dict[str, Any]:
    return {
        "instanceType": item["instanceType"],
        "space": item["space"],
        "externalId": item["externalId"],
        "version": version,
        "wasModified": modified,
        "createdTime": created,
        "lastUpdatedTime": updated,
    }


def apply_handler(existing: dict[str, int], fail_if: Any = None) -> Any:
    """Creates unknown ids (version 1), updates known ones, leaves ``unchanged:*`` ids unmodified."""

    def handler(body: dict[str, Any]) -> Any:
        if fail_if and fail_if(body):
            return 409, {
                "error": {
                    "code": 409,
                    "message": "conflict",
                    "duplicated": [{"space": "s", "externalId": "x"}],
                }
            }
        out = []
        for item in body["items"]:
            xid = item["externalId"]
            if xid.startswith("unchanged"):
                out.append(slim(item, 3, modified=False, created=1, updated=5))
            elif xid in existing:
                existing[xid] += 1
                out.append(slim(item, existing[xid], created=1, updated=9))
            else:
                existing[xid] = 1
                out.append(slim(item, 1, created=7, updated=7))
        return {"items": out, "deleted": []}

    return handler


def things(n: int, prefix: str = "t") -> list[ThingWrite]:
    return [ThingWrite(space="s", external_id=f"{prefix}{i}", name=f"n{i}") for i in range(n)]


async def test_upsert_statuses_in_input_order(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({"old": 4}))
    items = [ThingWrite(space="s", external_id=x) for x in ("new", "old", "unchanged1")]
    result = await call(mode, fake, lambda c: c.upsert(items))
    assert [(r.external_id, r.status, r.version) for r in result] == [
        ("new", "created", 1),
        ("old", "updated", 5),
        ("unchanged1", "unchanged", 3),
    ]
    assert [r.external_id for r in result.created] == ["new"]
    assert len(result.updated) == len(result.unchanged) == 1
    (body,) = fake.bodies("/models/instances")
    assert body["replace"] is False
    assert body["autoCreateDirectRelations"] is True
    assert body["items"][0]["sources"][0]["properties"] == {}


async def test_upsert_chunks_by_1000_concurrently_and_keeps_input_order(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}))
    items = things(2500)
    result = await call(mode, fake, lambda c: c.upsert(items, replace=True))
    assert [r.external_id for r in result] == [i.external_id for i in items]
    bodies = fake.bodies("/models/instances")
    assert sorted(len(b["items"]) for b in bodies) == [500, 1000, 1000]
    assert all(b["replace"] is True for b in bodies)


async def test_partial_failure_carries_successes_and_failures(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}, fail_if=lambda b: b["items"][0]["externalId"] == "t1000"))
    items = things(2100)
    with pytest.raises(UpsertError) as info:
        await call(mode, fake, lambda c: c.upsert(items))
    err = info.value
    assert len(err.succeeded) == 1100
    assert [r.external_id for r in err.succeeded][:2] == ["t0", "t1"]
    assert err.succeeded.items[-1].external_id == "t2099"
    (failed,) = err.failed
    assert failed.indexes == tuple(range(1000, 2000))
    assert failed.items[0] is items[1000]
    assert isinstance(failed.error, ConflictError)
    assert failed.error.duplicated == [{"space": "s", "externalId": "x"}]
    assert "1000 item(s)" in str(err)
    assert "1100 item(s) succeeded" in str(err)


async def test_upsert_rejects_bad_items_before_any_request(mode: str) -> None:
    fake = FakeDMS()
    with pytest.raises(TypeError, match=r"items\[1\] is a dict"):
        await call(mode, fake, lambda c: c.upsert([ThingWrite(space="s", external_id="a"), {"space": "s"}]))
    with pytest.raises(ValueError, match=r"items\[1\] and items\[0\]"):
        await call(mode, fake, lambda c: c.upsert(things(1) + things(1)))
    assert fake.requests == []


async def test_upsert_revalidates_in_place_mutations_with_a_field_path(mode: str) -> None:
    fake = FakeDMS()
    item = ThingWrite(space="s", external_id="a", tags=["ok"])
    assert item.tags is not None
    item.tags.append(5)  # type: ignore[arg-type]  # in-place: not seen by validate_assignment
    with pytest.raises(ValueError, match=r"items\[1\]\.tags\.1: Input should be a valid string"):
        await call(mode, fake, lambda c: c.upsert([ThingWrite(space="s", external_id="b"), item]))
    assert fake.requests == []


async def test_upsert_edges_and_single_item(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}))
    edge = LinkWrite(
        space="s", external_id="e", type=("s", "t"), start_node=("s", "a"), end_node=("s", "b"), weight=1.0
    )
    result = await call(mode, fake, lambda c: c.upsert(edge, auto_create_start_nodes=True))
    assert result.items[0].instance_type == "edge"
    assert result.items[0].id == InstanceId("s", "e")
    body = fake.bodies("/models/instances")[0]
    assert body["autoCreateStartNodes"] is True
    assert body["items"][0]["startNode"] == {
        "space": "s",
        "externalId": "a",
    }


async def test_empty_upsert_and_delete_send_nothing(mode: str) -> None:
    fake = FakeDMS()
    assert len(await call(mode, fake, lambda c: c.upsert([]))) == 0
    assert len(await call(mode, fake, lambda c: c.delete([]))) == 0
    assert fake.requests == []


async def test_delete_nodes_and_edges(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/delete",
        lambda b: {
            "items": [
                {k: i[k] for k in ("instanceType", "space", "externalId")}
                for i in b["items"]
                if i["externalId"] != "missing"
            ]
        },
    )
    edge = Link.model_validate(
        {
            **node_json("e"),
            "instanceType": "edge",
            "type": {"space": "s", "externalId": "t"},
            "startNode": {"space": "s", "externalId": "a"},
            "endNode": {"space": "s", "externalId": "b"},
        }
    )
    result = await call(mode, fake, lambda c: c.delete(["a", "missing", edge], space="s"))
    assert result.items == (InstanceId("s", "a"), InstanceId("s", "e"))
    body = fake.bodies("/models/instances/delete")[0]
    assert [i["instanceType"] for i in body["items"]] == ["node", "node", "edge"]
    await call(mode, fake, lambda c: c.delete(("s", "x"), instance_type="edge"))
    assert fake.bodies("/models/instances/delete")[1]["items"] == [
        {"instanceType": "edge", "space": "s", "externalId": "x"}
    ]


async def test_delete_partial_failure(mode: str) -> None:
    fake = FakeDMS()

    def handler(body: dict[str, Any]) -> Any:
        if body["items"][0]["externalId"] == "d0":
            return 400, {"error": {"code": 400, "message": "space does not exist"}}
        return {"items": [{k: i[k] for k in ("instanceType", "space", "externalId")} for i in body["items"]]}

    fake.on("/models/instances/delete", handler)
    ids = [("s", f"d{i}") for i in range(1500)]
    with pytest.raises(DeleteError) as info:
        await call(mode, fake, lambda c: c.delete(ids))
    assert len(info.value.succeeded) == 500
    assert info.value.failed[0].indexes == tuple(range(1000))


def test_bare_external_id_without_space_is_explained() -> None:
    with sync_client(FakeDMS()) as pc, pytest.raises(ValueError, match="pass space="):
        InstanceClient(pc).delete("a")


def test_client_needs_a_config_or_client() -> None:
    with pytest.raises(TypeError, match="ClientConfig or a PygenClient"):
        InstanceClient("http://x")  # type: ignore[arg-type]


async def test_edges_lists_plain_edges_by_type_and_endpoint(mode: str) -> None:
    fake = FakeDMS()
    raw_edge = {
        **node_json("e"),
        "instanceType": "edge",
        "type": {"space": "s", "externalId": "t"},
        "startNode": {"space": "s", "externalId": "a"},
        "endNode": {"space": "s", "externalId": "b"},
    }
    fake.on("/models/instances/list", lambda b: {"items": [raw_edge]})
    edges = await call(mode, fake, lambda c: c.edges(type=("s", "t"), end_node=("s", "b"), limit=None))
    assert [(e.type, e.start_node) for e in edges] == [(InstanceId("s", "t"), InstanceId("s", "a"))]
    (body,) = fake.bodies("/models/instances/list")
    assert "sources" not in body
    assert body["instanceType"] == "edge"
    assert body["filter"] == {
        "and": [
            {"equals": {"property": ["edge", "type"], "value": {"space": "s", "externalId": "t"}}},
            {"equals": {"property": ["edge", "endNode"], "value": {"space": "s", "externalId": "b"}}},
        ]
    }


async def test_results_follow_input_order_and_skipped_items_are_reported(mode: str) -> None:
    fake = FakeDMS()

    def handler(body: dict[str, Any]) -> Any:  # answers out of order and leaves "c" out (version conflict)
        kept = [slim(i, 1, created=3, updated=3) for i in body["items"] if i["externalId"] != "c"]
        return {"items": list(reversed(kept))}

    fake.on("/models/instances", handler)
    items = [ThingWrite(space="s", external_id=x, existing_version=0) for x in ("a", "b", "c", "d")]
    result = await call(mode, fake, lambda c: c.upsert(items, skip_on_version_conflict=True))
    assert [r.external_id for r in result] == ["a", "b", "d"]
    assert result.skipped == (InstanceId("s", "c"),)
    assert fake.bodies("/models/instances")[0]["skipOnVersionConflict"] is True


async def test_nodes_are_sent_before_edges_and_results_keep_input_order(mode: str) -> None:
    # Chunks run concurrently: an edge chunk must not reach the API before the chunks that create its
    # start and end nodes, so every node request is sent (and answered) before any edge request.
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}))
    edges = [
        LinkWrite(
            space="s",
            external_id=f"e{i}",
            type=("s", "t"),
            start_node=("s", f"t{i}"),
            end_node=("s", f"t{i + 1}"),
            weight=1.0,
        )
        for i in range(1200)
    ]
    items: list[Any] = [*edges, *things(1500)]  # edges first in the input
    result = await call(mode, fake, lambda c: c.upsert(items))
    kinds = [{item["instanceType"] for item in body["items"]} for body in fake.bodies("/models/instances")]
    assert kinds == [{"node"}, {"node"}, {"edge"}, {"edge"}]
    assert [r.external_id for r in result] == [i.external_id for i in items]
    assert [r.instance_type for r in result][:1200] == ["edge"] * 1200
