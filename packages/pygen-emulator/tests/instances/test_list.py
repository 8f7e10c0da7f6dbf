"""POST /models/instances/list and /byids: sources, sort, cursors, typing."""

from __future__ import annotations

from typing import Any


def test_list_with_sources_returns_only_instances_with_data(cinema: Any) -> None:
    result = cinema.list(sources=[{"source": cinema.MOVIE}], limit=1000)
    assert sorted(i["externalId"] for i in result["items"]) == ["aliens", "jingle", "terminator", "titanic"]
    terminator = next(i for i in result["items"] if i["externalId"] == "terminator")
    props = terminator["properties"]["movies"]["Movie/v1"]
    assert props["director"] == {"space": "movies", "externalId": "cameron"}
    assert props["tags"] == ["scifi", "action"]
    assert props["released"] == "1984-10-26"
    assert props["lastShown"] == "2020-03-14T15:09:26.535+00:00"
    assert props["meta"] == {"budget": 6.4}
    assert "nextCursor" not in result


def test_list_without_sources_has_empty_properties(cinema: Any) -> None:
    items = cinema.list(limit=1)["items"]
    assert items[0]["properties"] == {}


def test_inherited_properties_through_implements(cinema: Any) -> None:
    result = cinema.list(sources=[{"source": cinema.ACTOR}])
    by_id = {i["externalId"]: i["properties"]["movies"]["Actor/v1"] for i in result["items"]}
    assert set(by_id) == {"arnold", "sigourney"}
    assert by_id["arnold"] == {"name": "Arnold Schwarzenegger", "birthYear": 1947, "won": False}


def test_edges_list_with_type_filter_and_properties(cinema: Any) -> None:
    result = cinema.list(
        instanceType="edge",
        sources=[{"source": cinema.ROLE}],
        includeTyping=True,
        filter={"equals": {"property": ["edge", "type"], "value": cinema.ACTS_IN}},
    )
    assert sorted(i["externalId"] for i in result["items"]) == ["arnold-terminator", "sigourney-aliens"]
    item = result["items"][0]
    assert item["startNode"]["space"] == "movies"
    assert item["type"] == cinema.ACTS_IN
    assert result["typing"]["movies"]["Role/v1"]["character"]["type"]["type"] == "text"


def test_cursor_pages_cover_everything_once(cinema: Any) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        body: dict[str, Any] = {"limit": 2}
        if cursor:
            body["cursor"] = cursor
        result = cinema.list(**body)
        seen += [i["externalId"] for i in result["items"]]
        pages += 1
        cursor = result.get("nextCursor")
        if not cursor:
            break
    assert pages == 4
    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == 7


def test_sort_with_cursor_and_nulls(cinema: Any) -> None:
    prop = ["movies", "Movie/v1", "rating"]
    asc = cinema.ids(sources=[{"source": cinema.MOVIE}], sort=[{"property": prop}])
    assert asc == ["titanic", "terminator", "aliens", "jingle"]
    first = cinema.list(
        sources=[{"source": cinema.MOVIE}],
        limit=3,
        sort=[{"property": prop, "direction": "descending", "nullsFirst": True}],
    )
    assert [i["externalId"] for i in first["items"]] == ["jingle", "aliens", "terminator"]
    rest = cinema.list(
        sources=[{"source": cinema.MOVIE}],
        limit=3,
        cursor=first["nextCursor"],
        sort=[{"property": prop, "direction": "descending", "nullsFirst": True}],
    )
    assert [i["externalId"] for i in rest["items"]] == ["titanic"]
    by_xid = cinema.ids(sort=[{"property": ["node", "externalId"], "direction": "descending"}], limit=2)
    assert by_xid == ["titanic", "terminator"]


def test_bad_cursor_and_limits(cinema: Any) -> None:
    cinema.error("/instances/list", {"cursor": "not-a-cursor"})
    cinema.error("/instances/list", {"limit": 0})
    cinema.error("/instances/list", {"limit": 1001})
    cinema.error("/instances/list", {"instanceType": "thing"})
    assert "Unexpected field - sources[0].properties" in cinema.error(
        "/instances/list", {"sources": [{"source": cinema.MOVIE, "properties": ["title"]}]}
    )


def test_byids_keeps_request_order_and_drops_missing(cinema: Any) -> None:
    body = {
        "items": [
            {"instanceType": "node", "space": "movies", "externalId": "titanic"},
            {"instanceType": "node", "space": "nope", "externalId": "x"},
            {"instanceType": "node", "space": "movies", "externalId": "aliens"},
            {"instanceType": "edge", "space": "movies", "externalId": "aliens"},
        ],
        "sources": [{"source": cinema.MOVIE}],
        "includeTyping": True,
    }
    result = cinema.post("/instances/byids", body)
    assert [i["externalId"] for i in result["items"]] == ["titanic", "aliens"]
    assert result["items"][0]["properties"]["movies"]["Movie/v1"]["genre"] == "drama"
    typing = result["typing"]["movies"]["Movie/v1"]
    assert typing["title"]["nullable"] is False
    assert "actors" not in typing


def test_byids_edge(cinema: Any) -> None:
    body = {"items": [{"instanceType": "edge", "space": "movies", "externalId": "arnold-terminator"}]}
    item = cinema.post("/instances/byids", body)["items"][0]
    assert item["endNode"] == {"space": "movies", "externalId": "terminator"}
    assert item["properties"] == {}


def test_default_view_filter_is_has_data(cinema: Any) -> None:
    hits = cinema.ids(filter={"hasData": [cinema.PERSON]})
    assert sorted(hits) == ["arnold", "cameron", "sigourney"]
    both = cinema.ids(filter={"hasData": [cinema.PERSON, cinema.ACTOR]})
    assert sorted(both) == ["arnold", "sigourney"]
    container = cinema.ids(filter={"hasData": [cinema.MOVIE_C]})
    assert len(container) == 4


def test_sql_rendered_pages_equal_python_rendered_items(cinema: Any) -> None:
    """list renders items in SQLite; byids renders them in Python: both must give identical JSON."""
    cinema.apply(
        [
            {
                "instanceType": "node",
                "space": "movies",
                "externalId": "typed",
                "type": {"space": "movies", "externalId": "Kind"},
            }
        ]
    )
    for kind, sources in (
        ("node", [{"source": cinema.MOVIE}]),
        ("node", []),
        ("edge", [{"source": cinema.ROLE}]),
    ):
        listed = cinema.list(instanceType=kind, sources=sources)["items"]
        assert listed
        ids = [{"instanceType": kind, "space": i["space"], "externalId": i["externalId"]} for i in listed]
        by_ids = cinema.post("/instances/byids", {"items": ids, "sources": sources})["items"]
        assert listed == by_ids
    typed = cinema.list(
        filter={"equals": {"property": ["node", "type"], "value": {"space": "movies", "externalId": "Kind"}}}
    )["items"]
    assert typed[0]["type"] == {"space": "movies", "externalId": "Kind"}


def test_sorted_keyset_paging_with_duplicates_and_nulls(movies: Any) -> None:
    ratings = [None, 3.0, 1.0, 3.0, None, 2.0, 3.0, 1.0, None, 2.0, 5.0, 3.0, 4.0]
    movies.apply([movies.movie(f"m{i:02d}", rating=r, releaseYear=i % 3) for i, r in enumerate(ratings)])
    rating, year = ["movies", "Movie/v1", "rating"], ["movies", "Movie/v1", "releaseYear"]
    for sort in (
        [{"property": rating}],
        [{"property": rating, "direction": "descending", "nullsFirst": True}],
        [{"property": year, "direction": "descending"}, {"property": rating, "nullsFirst": True}],
        [{"property": ["node", "externalId"], "direction": "descending"}],
    ):
        everything = movies.ids(sources=[{"source": movies.MOVIE}], sort=sort)
        paged: list[str] = []
        body: dict[str, Any] = {"sources": [{"source": movies.MOVIE}], "sort": sort, "limit": 4}
        while True:
            page = movies.list(**body)
            paged += [i["externalId"] for i in page["items"]]
            if "nextCursor" not in page:
                break
            body["cursor"] = page["nextCursor"]
        assert paged == everything, sort
        assert len(everything) == len(ratings)
    first = movies.list(sources=[{"source": movies.MOVIE}], sort=[{"property": rating}], limit=2)
    movies.apply([movies.movie("aaa", rating=0.5)])  # sorts before the cursor: must not shift the pages
    rest = movies.list(
        sources=[{"source": movies.MOVIE}],
        sort=[{"property": rating}],
        limit=1000,
        cursor=first["nextCursor"],
    )
    seen = [i["externalId"] for i in first["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) == len(ratings)
    movies.error(
        "/instances/list",
        {
            "sources": [{"source": movies.MOVIE}],
            "cursor": first["nextCursor"],
            "sort": [{"property": rating}, {"property": year}],
        },
    )


def test_view_properties_only_for_instances_with_data_in_the_view(cinema: Any) -> None:
    """cameron has Person data but no Actor data: like list, byids and query give him no Actor/v1 properties."""
    ids = [{"instanceType": "node", "space": "movies", "externalId": x} for x in ("arnold", "cameron")]
    assert cinema.ids(sources=[{"source": cinema.ACTOR}]) == ["arnold", "sigourney"]
    items = cinema.post("/instances/byids", {"items": ids, "sources": [{"source": cinema.ACTOR}]})["items"]
    assert [i["externalId"] for i in items] == ["arnold", "cameron"]
    assert items[0]["properties"]["movies"]["Actor/v1"]["name"] == "Arnold Schwarzenegger"
    assert items[1]["properties"] == {}
    query = {
        "with": {"people": {"nodes": {"filter": {"hasData": [cinema.PERSON]}}}},
        "select": {"people": {"sources": [{"source": cinema.ACTOR, "properties": ["name"]}]}},
    }
    people = cinema.post("/instances/query", query)["items"]["people"]
    by_id = {i["externalId"]: i["properties"] for i in people}
    assert by_id["cameron"] == {}
    assert by_id["arnold"] == {"movies": {"Actor/v1": {"name": "Arnold Schwarzenegger"}}}
