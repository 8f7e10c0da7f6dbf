"""sort= takes field names and property ids (as group_by does); a bare str is one key; errors name the whole
value, and unknown names get the closest known ones."""

from __future__ import annotations

from typing import Any

import pytest
from runtime_fakes import FakeDMS, ThingFields
from test_view_api import call

from pygen_runtime import count

T = ThingFields
NAME = {"property": ["sp", "Thing/1", "name"], "direction": "ascending", "nullsFirst": False}


def listed(fake: FakeDMS) -> list[Any]:
    return [body.get("sort") for body in fake.bodies("/models/instances/list")]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fake() -> FakeDMS:
    dms = FakeDMS()
    dms.on("/models/instances/list", lambda b: {"items": []})
    dms.on("/models/instances/search", lambda b: {"items": []})
    return dms


async def test_a_bare_name_is_one_sort_key(mode: str, fake: FakeDMS) -> None:
    await call(mode, fake, lambda api: api.list(sort="name"))
    await call(mode, fake, lambda api: api.list(sort="seenAt"))  # a property id
    await call(mode, fake, lambda api: api.list(sort=["seen_at", T.name.desc()]))
    await call(mode, fake, lambda api: api.list(sort="external_id"))
    assert listed(fake) == [
        [NAME],
        [{**NAME, "property": ["sp", "Thing/1", "seenAt"]}],
        [
            {**NAME, "property": ["sp", "Thing/1", "seenAt"]},
            {**NAME, "direction": "descending"},
        ],
        [{**NAME, "property": ["node", "externalId"]}],
    ]


async def test_names_sort_search_iterate_and_query(mode: str, fake: FakeDMS) -> None:
    await call(mode, fake, lambda api: api.search("x", sort="name"))
    assert fake.bodies("/models/instances/search")[0]["sort"] == [
        {"property": ["sp", "Thing/1", "name"], "direction": "ascending"}
    ]
    await call(mode, fake, lambda api: api.iterate(sort="name"))
    assert listed(fake) == [[NAME]]


async def test_an_unknown_name_suggests_the_closest_and_lists_the_known(mode: str, fake: FakeDMS) -> None:
    with pytest.raises(
        ValueError,
        match=r"^sort='nme': Thing has no property 'nme'; did you mean 'name'\?; known: color, day,",
    ):
        await call(mode, fake, lambda api: api.list(sort="nme"))
    with pytest.raises(ValueError, match=r"^sort=\['name', 'sizes'\]: sort\[1\]: .*did you mean 'size'"):
        await call(mode, fake, lambda api: api.list(sort=["name", "sizes"]))
    assert fake.requests == []


async def test_a_wrong_type_names_the_whole_value(mode: str, fake: FakeDMS) -> None:
    with pytest.raises(TypeError, match=r"^sort=\['name', 5\]: sort\[1\]: expected a field name.*got 5"):
        await call(mode, fake, lambda api: api.list(sort=["name", 5]))
    with pytest.raises(TypeError, match=r"^sort=5: expected a field name"):
        await call(mode, fake, lambda api: api.list(sort=5))
    assert fake.requests == []


async def test_group_by_and_search_properties_suggest_too(mode: str, fake: FakeDMS) -> None:
    with pytest.raises(ValueError, match=r"no property 'colour'; did you mean 'color'\?; known: "):
        await call(mode, fake, lambda api: api.aggregate(count(), group_by="colour"))
    with pytest.raises(ValueError, match=r"no property 'seenat'; did you mean 'seen_at' or 'seenAt'\?"):
        await call(mode, fake, lambda api: api.search("x", "seenat"))
