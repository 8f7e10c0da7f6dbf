"""The schema APIs against the in-memory fake: chunking, exact limits across pages, iterate, delete."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_client import ContainerId, DataModelId, Page, PygenClient, SpaceId, ViewId
from pygen_client.schema import (
    Container,
    ContainerApply,
    ContainerPropertyApply,
    DataModel,
    DataModelApply,
    MappedPropertyApply,
    Space,
    SpaceApply,
    TextType,
    View,
    ViewApply,
    ViewReference,
)


def _spaces(n: int) -> list[SpaceApply]:
    return [SpaceApply(space=f"sp{i:04d}", name=f"Space {i}") for i in range(n)]


def test_create_chunks_by_100_and_returns_read_objects(client: PygenClient, fake_dms: Any) -> None:
    created = client.spaces.create(_spaces(250))
    assert [len(r[3]["items"]) for r in fake_dms.requests] == [100, 100, 50]
    assert len(created) == 250
    assert all(isinstance(space, Space) for space in created)
    assert created[0].is_global is False
    assert created[0].dump()["space"] == "sp0000"


@pytest.mark.parametrize(("total", "limit", "max_page", "expected"), [
    (25, 10, 1000, 10),
    (25, 25, 7, 25),
    (25, 30, 7, 25),
    (2500, 1500, 1000, 1500),
    (2500, None, 1000, 2500),
    (5, 0, 1000, 0),
])  # fmt: skip
def test_list_returns_exactly_limit_items_across_pages(
    client: PygenClient, fake_dms: Any, total: int, limit: int | None, max_page: int, expected: int
) -> None:
    fake_dms.max_page = max_page
    for i in range(total):
        fake_dms.add(
            "spaces", {"space": f"s{i:05d}", "isGlobal": False, "createdTime": 1, "lastUpdatedTime": 1}
        )
    spaces = client.spaces.list(limit=limit)
    assert [s.space for s in spaces] == [f"s{i:05d}" for i in range(expected)]
    for _, _, params, _ in fake_dms.requests:
        assert 1 <= int(params["limit"][0]) <= 1000
    if limit is not None and limit > 0:
        # Never asks for more than still needed.
        assert sum(int(p["limit"][0]) for _, _, p, _ in fake_dms.requests[-1:]) <= limit
    if limit == 0:
        assert fake_dms.requests == []


def test_list_default_limit_is_10(client: PygenClient, fake_dms: Any) -> None:
    for i in range(15):
        fake_dms.add("spaces", {"space": f"s{i}"})
    assert len(client.spaces.list()) == 10


def test_iterate_is_lazy(client: PygenClient, fake_dms: Any) -> None:
    for i in range(30):
        fake_dms.add("spaces", {"space": f"s{i:02d}"})
    pages = client.spaces.iterate(page_size=10)
    assert fake_dms.requests == []
    first = next(pages)
    assert isinstance(first, Page)
    assert len(first) == 10
    assert first.next_cursor == "10"
    assert len(fake_dms.requests) == 1
    rest = list(pages)
    assert [len(page) for page in rest] == [10, 10]
    assert rest[-1].next_cursor is None
    assert len(fake_dms.requests) == 3


def test_iterate_with_limit_stops_early(client: PygenClient, fake_dms: Any) -> None:
    for i in range(30):
        fake_dms.add("spaces", {"space": f"s{i:02d}"})
    pages = list(client.spaces.iterate(limit=15, page_size=10))
    assert [len(page) for page in pages] == [10, 5]
    assert [p["limit"] for _, _, p, _ in fake_dms.requests] == [["10"], ["5"]]


def test_bad_limits_are_rejected(client: PygenClient) -> None:
    with pytest.raises(ValueError, match="limit must be a non-negative integer"):
        client.spaces.list(limit=-1)
    with pytest.raises(ValueError, match="page_size must be between 1 and 1000"):
        next(client.spaces.iterate(page_size=5000))


def test_retrieve_omits_missing_and_chunks(client: PygenClient, fake_dms: Any) -> None:
    client.spaces.create(_spaces(150))
    fake_dms.requests.clear()
    ids: list[Any] = [SpaceId(f"sp{i:04d}") for i in range(0, 150, 2)] + [SpaceId("missing"), "sp0001"]
    found = client.spaces.retrieve(ids * 2)
    assert len(fake_dms.requests) == 2
    assert len(found) == (75 + 1) * 2
    assert "missing" not in {s.space for s in found}


def test_delete_returns_deleted_ids(client: PygenClient) -> None:
    client.spaces.create(_spaces(3))
    deleted = client.spaces.delete([SpaceId("sp0000"), SpaceId("nope"), "sp0002"])
    assert deleted == [SpaceId("sp0000"), SpaceId("sp0002")]
    assert [s.space for s in client.spaces.list(limit=None)] == ["sp0001"]


def test_containers_views_and_data_models(client: PygenClient, fake_dms: Any) -> None:
    container = ContainerApply(
        space="sp",
        external_id="Pump",
        properties={"name": ContainerPropertyApply(type=TextType(), nullable=False)},
    )
    (read_container,) = client.containers.create(container)
    assert isinstance(read_container, Container)
    assert read_container.as_id() == ContainerId("sp", "Pump")
    view = ViewApply(
        space="sp",
        external_id="Pump",
        version="v1",
        properties={
            "name": MappedPropertyApply(container=container_ref(), container_property_identifier="name")
        },
    )
    (read_view,) = client.views.create([view])
    assert isinstance(read_view, View)
    assert client.views.retrieve(ViewId("sp", "Pump"))[0].as_id() == ViewId("sp", "Pump", "v1")
    model = DataModelApply(
        space="sp",
        external_id="Model",
        version="1",
        views=[ViewReference(space="sp", external_id="Pump", version="v1")],
    )
    client.data_models.create(model)
    fake_dms.requests.clear()
    (read_model,) = client.data_models.retrieve(DataModelId("sp", "Model", "1"), inline_views=True)
    assert isinstance(read_model, DataModel)
    assert fake_dms.requests[0][2] == {"inlineViews": ["true"]}
    assert read_model.view_ids() == [ViewId("sp", "Pump", "v1")]
    fake_dms.requests.clear()
    client.views.list(space="sp", all_versions=True)
    assert fake_dms.requests[0][2] == {
        "space": ["sp"],
        "includeGlobal": ["false"],
        "allVersions": ["true"],
        "includeInheritedProperties": ["true"],
        "limit": ["10"],
    }
    with pytest.raises(ValueError, match="needs its version"):
        client.views.delete(ViewId("sp", "Pump"))
    assert client.data_models.delete(DataModelId("sp", "Model", "1")) == [DataModelId("sp", "Model", "1")]
    assert client.views.delete(read_view) == [ViewId("sp", "Pump", "v1")]
    assert client.containers.delete(read_container) == [ContainerId("sp", "Pump")]


def container_ref() -> Any:
    from pygen_client.schema import ContainerReference

    return ContainerReference(space="sp", external_id="Pump")


def test_create_accepts_dicts_and_read_objects_but_rejects_junk(client: PygenClient) -> None:
    (space,) = client.spaces.create({"space": "fromdict"})
    again = client.spaces.create(space)  # a read object is converted to its write form
    assert again[0].space == "fromdict"
    with pytest.raises(TypeError, match=r"spaces.create\(\) takes SpaceApply"):
        client.spaces.create([42])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected a ViewId"):
        client.views.retrieve("sp:Pump")  # type: ignore[arg-type]


async def test_async_apis(aclient: Any, fake_dms: Any) -> None:
    created = await aclient.spaces.create(_spaces(120))
    assert len(created) == 120
    assert len(await aclient.spaces.list(limit=105)) == 105
    fake_dms.max_page = 50
    pages = [page async for page in aclient.spaces.iterate(limit=None, page_size=1000)]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert len(await aclient.spaces.retrieve([SpaceId("sp0000"), SpaceId("zzz")])) == 1
    assert await aclient.spaces.delete(SpaceId("sp0000")) == [SpaceId("sp0000")]
    assert len(await aclient.spaces.list(limit=None)) == 119
    assert await aclient.containers.list() == []
    assert await aclient.views.list(limit=None) == []
    assert await aclient.data_models.list(limit=None, inline_views=True) == []
