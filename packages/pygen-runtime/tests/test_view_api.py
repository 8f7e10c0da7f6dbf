"""The view API against a scripted DMS, every test in both sync and async mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from runtime_fakes import (
    AsyncThingAPI,
    FakeDMS,
    LinkAPI,
    ThingAPI,
    ThingFields,
    async_client,
    node_json,
    sync_client,
)

from pygen_client import BadRequestError
from pygen_runtime import InstanceId, InstanceIterator, Page, avg, count, max_, raw_filter

T = ThingFields
VIEW_REF = {"type": "view", "space": "sp", "externalId": "Thing", "version": "1"}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def call(mode: str, fake: FakeDMS, fn: Any) -> Any:
    """Run ``fn(api)`` with a sync or an async ThingAPI; iterators (``iterate()``, ``.pages()``) are drained
    into a list."""
    if mode == "sync":
        with sync_client(fake) as client:
            result = fn(ThingAPI(client, max_workers=3))
            return list(result) if isinstance(result, (Iterator, InstanceIterator)) else result
    async with async_client(fake) as aclient:
        result = fn(AsyncThingAPI(aclient, max_workers=3))
        if hasattr(result, "__aiter__"):
            return [item async for item in result]
        return await result


def paged(total: int) -> Any:
    """A /list handler over ``total`` nodes that honours limit and cursor."""

    def handler(body: dict[str, Any]) -> dict[str, Any]:
        start = int(body.get("cursor") or 0)
        end = min(start + body["limit"], total)
        out: dict[str, Any] = {"items": [node_json(f"n{i}", name=f"n{i}") for i in range(start, end)]}
        if end < total:
            out["nextCursor"] = str(end)
        return out

    return handler


async def test_retrieve_one_present_one_missing_and_many(mode: str) -> None:
    fake = FakeDMS()
    known = {"a", "c"}
    fake.on(
        "/models/instances/byids",
        lambda b: {"items": [node_json(i["externalId"]) for i in b["items"] if i["externalId"] in known]},
    )
    found = await call(mode, fake, lambda api: api.retrieve("a", space="s"))
    assert found is not None
    assert found.external_id == "a"
    assert await call(mode, fake, lambda api: api.retrieve(("s", "zzz"))) is None
    many = await call(mode, fake, lambda api: api.retrieve([InstanceId("s", "c"), ("s", "b"), ("s", "a")]))
    assert [t.external_id for t in many] == ["c", "a"]
    body = fake.bodies("/models/instances/byids")[0]
    assert body == {
        "items": [{"instanceType": "node", "space": "s", "externalId": "a"}],
        "sources": [{"source": VIEW_REF}],
    }


async def test_retrieve_chunks_by_1000_and_keeps_order(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/byids", lambda b: {"items": [node_json(i["externalId"]) for i in b["items"]]})
    ids = [("s", f"x{i}") for i in range(2500)]
    result = await call(mode, fake, lambda api: api.retrieve(ids))
    assert [t.external_id for t in result] == [x for _, x in ids]
    assert sorted(len(b["items"]) for b in fake.bodies("/models/instances/byids")) == [500, 1000, 1000]


async def test_list_with_filter_sort_and_limit(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(3))
    flt = (T.name.prefix("n") | T.size.range(gte=2)) & ~T.flag.equals(False)
    result = await call(mode, fake, lambda api: api.list(flt, sort=[T.size.desc(), T.name], limit=2))
    assert [t.external_id for t in result] == ["n0", "n1"]
    (body,) = fake.bodies("/models/instances/list")
    assert body["instanceType"] == "node"
    assert body["limit"] == 2
    assert body["sources"] == [{"source": VIEW_REF}]
    assert body["filter"] == flt.dump()
    assert body["sort"] == [
        {"property": ["sp", "Thing/1", "size"], "direction": "descending", "nullsFirst": False},
        {"property": ["sp", "Thing/1", "name"], "direction": "ascending", "nullsFirst": False},
    ]


async def test_list_none_means_all_across_pages(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(2345))
    result = await call(mode, fake, lambda api: api.list(limit=None))
    assert len(result) == 2345
    assert result[-1].external_id == "n2344"
    assert [b.get("cursor") for b in fake.bodies("/models/instances/list")] == [None, "1000", "2000"]


async def test_list_limit_across_pages_never_overshoots(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(5000))
    result = await call(mode, fake, lambda api: api.list(limit=1500))
    assert len(result) == 1500
    assert [b["limit"] for b in fake.bodies("/models/instances/list")] == [1000, 500]


async def test_raw_filter_escape_hatch(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(1))
    raw = {"equals": {"property": ["node", "externalId"], "value": "n0"}}
    await call(mode, fake, lambda api: api.list(raw_filter(raw)))
    assert fake.bodies("/models/instances/list")[0]["filter"] == raw
    with pytest.raises(TypeError, match=r"wrap a hand-written DMS filter in raw_filter"):
        await call(mode, fake, lambda api: api.list(raw))
    assert len(fake.requests) == 1


async def test_iterate_yields_instances_across_pages(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(25))
    items = await call(mode, fake, lambda api: api.iterate(page_size=10))
    assert [t.external_id for t in items] == [f"n{i}" for i in range(25)]
    assert [b["limit"] for b in fake.bodies("/models/instances/list")] == [10, 10, 10]


async def test_iterate_pages_and_resume_from_cursor(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(25))
    pages = await call(mode, fake, lambda api: api.iterate(page_size=10).pages())
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert all(isinstance(p, Page) for p in pages)
    assert [p.next_cursor for p in pages] == ["10", "20", None]
    resumed = await call(mode, fake, lambda api: api.iterate(page_size=10, cursor=pages[0].next_cursor))
    assert [t.external_id for t in resumed] == [f"n{i}" for i in range(10, 25)]


def test_iterate_is_lazy_and_starts_anew_each_time() -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", paged(25))
    with sync_client(fake) as client:
        iterator = ThingAPI(client).iterate(page_size=10)
        assert fake.requests == []
        first = next(iter(iterator))
        assert first.external_id == "n0"
        assert len(fake.requests) == 1  # one page asked for, one page fetched
        assert len(list(iterator)) == 25  # a second iteration starts from the beginning


async def test_search_body(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/search", lambda b: {"items": [node_json("a", name="pump one")]})
    result = await call(
        mode,
        fake,
        lambda api: api.search("pump", [T.name], operator="OR", filter=T.flag.equals(True), limit=None),
    )
    assert [t.name for t in result] == ["pump one"]
    (body,) = fake.bodies("/models/instances/search")
    assert body == {
        "view": VIEW_REF,
        "instanceType": "node",
        "operator": "OR",
        "limit": 1000,
        "query": "pump",
        "properties": ["name"],
        "filter": {"equals": {"property": ["sp", "Thing/1", "flag"], "value": True}},
    }


async def test_search_properties_accept_field_names_and_reject_unknown(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/search", lambda b: {"items": []})
    await call(mode, fake, lambda api: api.search("x", "seen_at"))
    assert fake.bodies("/models/instances/search")[0]["properties"] == ["seenAt"]
    with pytest.raises(ValueError, match="no property 'nope'"):
        await call(mode, fake, lambda api: api.search("x", "nope"))


async def test_aggregate_with_group_by(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/aggregate",
        lambda b: {
            "items": [
                {
                    "instanceType": "node",
                    "group": {"color": "red"},
                    "aggregates": [
                        {"aggregate": "count", "property": "externalId", "value": 2},
                        {"aggregate": "avg", "property": "size", "value": 1.5},
                    ],
                },
                {
                    "instanceType": "node",
                    "group": {"color": "green"},
                    "aggregates": [
                        {"aggregate": "count", "property": "externalId", "value": 1},
                        {"aggregate": "avg", "property": "size", "value": 4.0},
                    ],
                },
            ]
        },
    )
    result = await call(
        mode,
        fake,
        lambda api: api.aggregate([count(), avg(T.size)], group_by=T.color, filter=T.flag.exists()),
    )
    assert [g.group for g in result] == [{"color": "red"}, {"color": "green"}]
    assert result.groups[0].value("count") == 2
    assert result.groups[1].value("avg", T.size) == 4.0
    (body,) = fake.bodies("/models/instances/aggregate")
    assert body["aggregates"] == [{"count": {"property": "externalId"}}, {"avg": {"property": "size"}}]
    assert body["groupBy"] == ["color"]
    assert body["limit"] == 1000  # limit=None: all groups, not the API's default of 100
    assert body["view"] == VIEW_REF
    assert "filter" in body


async def test_aggregate_ungrouped_value(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/aggregate",
        lambda b: {
            "items": [
                {
                    "instanceType": "node",
                    "aggregates": [{"aggregate": "max", "property": "ratio", "value": 9.5}],
                }
            ]
        },
    )
    result = await call(mode, fake, lambda api: api.aggregate(max_("ratio")))
    assert result.value("max") == 9.5


async def test_aggregate_values_are_found_by_field_name_property_id_or_builder(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/aggregate",
        lambda b: {
            "items": [
                {
                    "instanceType": "node",
                    "aggregates": [{"aggregate": "count", "property": "seenAt", "value": 7}],
                }
            ]
        },
    )
    result = await call(mode, fake, lambda api: api.aggregate(count("seen_at")))
    (body,) = fake.bodies("/models/instances/aggregate")
    assert body["aggregates"] == [{"count": {"property": "seenAt"}}]
    assert result.value("count", "seen_at") == 7  # the field name, as count() was given
    assert result.value("count", "seenAt") == 7
    assert result.value("count", T.seen_at) == 7
    with pytest.raises(KeyError, match="no count aggregate of size"):
        result.value("count", "size")


async def test_histogram(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/aggregate",
        lambda b: {
            "items": [
                {
                    "instanceType": "node",
                    "aggregates": [
                        {
                            "aggregate": "histogram",
                            "property": "size",
                            "interval": 10.0,
                            "buckets": [{"start": 0.0, "count": 3}, {"start": 10.0, "count": 1}],
                        }
                    ],
                }
            ]
        },
    )
    hist = await call(mode, fake, lambda api: api.histogram(T.size, 10))
    assert [(b.start, b.count) for b in hist.buckets] == [(0.0, 3), (10.0, 1)]
    assert fake.bodies("/models/instances/aggregate")[0]["aggregates"] == [
        {"histogram": {"property": "size", "interval": 10.0}}
    ]


async def test_api_errors_surface_as_pygen_client_errors(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", lambda b: (400, {"error": {"code": 400, "message": "bad filter"}}))
    with pytest.raises(BadRequestError, match="bad filter"):
        await call(mode, fake, lambda api: api.list())


def test_edge_view_lists_edges() -> None:
    fake = FakeDMS()
    fake.on("/models/instances/list", lambda b: {"items": []})
    with sync_client(fake) as client:
        LinkAPI(client).list(limit=5)
    assert fake.bodies("/models/instances/list")[0]["instanceType"] == "edge"


@pytest.mark.parametrize(
    ("page_size", "error"), [(0, ValueError), (1001, ValueError), (2.5, TypeError), (True, TypeError)]
)
async def test_iterate_rejects_bad_page_sizes_when_called(page_size: Any, error: type[Exception]) -> None:
    # At the call, not when the first page is asked for: the error points at the line that is wrong.
    with sync_client(FakeDMS()) as client, pytest.raises(error, match=f"page_size .*got {page_size!r}"):
        ThingAPI(client).iterate(page_size=page_size)
    async with async_client(FakeDMS()) as aclient:
        with pytest.raises(error, match="page_size"):
            AsyncThingAPI(aclient).iterate(page_size=page_size)
