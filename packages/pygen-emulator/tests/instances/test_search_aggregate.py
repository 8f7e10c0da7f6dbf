"""POST /models/instances/search and /aggregate."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_emulator.instances._select import Select


def _search(api: Any, **body: Any) -> list[str]:
    return [i["externalId"] for i in api.post("/instances/search", {"view": api.MOVIE, **body})["items"]]


def test_search_terms_and_operator(cinema: Any) -> None:
    assert _search(cinema, query="titan") == ["titanic"]
    assert sorted(_search(cinema, query="aliens titanic", operator="OR")) == ["aliens", "titanic"]
    assert _search(cinema, query="aliens titanic", operator="AND") == []
    assert _search(cinema, query="TERMINATOR", properties=["title"]) == ["terminator"]
    assert sorted(_search(cinema, query="scifi", properties=["tags"])) == ["aliens", "terminator"]
    assert len(_search(cinema)) == 4


def test_search_filter_sort_limit(cinema: Any) -> None:
    flt = {"range": {"property": ["movies", "Movie/v1", "releaseYear"], "gte": 1986}}
    sort = [{"property": ["movies", "Movie/v1", "releaseYear"], "direction": "descending"}]
    assert _search(cinema, filter=flt, sort=sort) == ["titanic", "jingle", "aliens"]
    assert len(_search(cinema, limit=2)) == 2


def test_search_person_view_and_typing(cinema: Any) -> None:
    result = cinema.post(
        "/instances/search", {"view": cinema.PERSON, "query": "James", "includeTyping": True}
    )
    assert [i["externalId"] for i in result["items"]] == ["cameron"]
    assert result["items"][0]["properties"]["movies"]["Person/v1"]["name"] == "James Cameron"
    assert "name" in result["typing"]["movies"]["Person/v1"]


def test_search_errors(cinema: Any) -> None:
    assert "Unknown property" in cinema.error(
        "/instances/search", {"view": cinema.MOVIE, "query": "x", "properties": ["nope"]}
    )
    missing = {**cinema.MOVIE, "externalId": "Nope"}
    assert "Nope/v1" in cinema.error("/instances/search", {"view": missing})
    cinema.error("/instances/search", {"view": cinema.MOVIE, "limit": 1001})
    cinema.error("/instances/search", {"query": "x"})


def _agg(api: Any, **body: Any) -> Any:
    return api.post("/instances/aggregate", {"view": api.MOVIE, **body})["items"]


def test_metric_aggregates_in_request_order(cinema: Any) -> None:
    items = _agg(
        cinema,
        aggregates=[
            {"avg": {"property": "rating"}},
            {"max": {"property": "releaseYear"}},
            {"min": {"property": "rating"}},
            {"sum": {"property": "releaseYear"}},
            {"count": {"property": "externalId"}},
        ],
    )
    more = _agg(cinema, aggregates=[{"count": {"property": "rating"}}])
    assert len(items) == 1
    values = [
        (a["aggregate"], a["property"], a["value"]) for a in items[0]["aggregates"] + more[0]["aggregates"]
    ]
    assert values[0][0:2] == ("avg", "rating")
    assert abs(values[0][2] - (8.1 + 8.4 + 7.9) / 3) < 1e-9
    assert values[1] == ("max", "releaseYear", 1997.0)
    assert values[2] == ("min", "rating", 7.9)
    assert values[3] == ("sum", "releaseYear", float(1984 + 1986 + 1997 + 1996))
    assert values[4] == ("count", "externalId", 4)
    assert isinstance(values[4][2], int)
    assert values[5] == ("count", "rating", 3)


def test_group_by_and_query(cinema: Any) -> None:
    items = _agg(cinema, aggregates=[{"count": {"property": "externalId"}}], groupBy=["genre"])
    groups = {item["group"].get("genre"): item["aggregates"][0]["value"] for item in items}
    assert groups == {"scifi": 2, "drama": 1, None: 1}
    narrowed = _agg(cinema, aggregates=[{"count": {}}], query="aliens", properties=["title"])
    assert narrowed[0]["aggregates"][0]["value"] == 1
    flt = {"equals": {"property": ["movies", "Movie/v1", "isHit"], "value": True}}
    assert _agg(cinema, aggregates=[{"count": {}}], filter=flt)[0]["aggregates"][0]["value"] == 3
    distinct = _agg(cinema, groupBy=["isHit"])
    assert sorted(item["group"]["isHit"] for item in distinct) == [False, True]


def test_histogram(cinema: Any) -> None:
    items = _agg(cinema, aggregates=[{"histogram": {"property": "releaseYear", "interval": 10}}])
    hist = items[0]["aggregates"][0]
    assert hist["aggregate"] == "histogram"
    assert hist["interval"] == 10.0
    assert hist["buckets"] == [{"start": 1980.0, "count": 2}, {"start": 1990.0, "count": 2}]


def test_aggregate_errors(cinema: Any) -> None:
    cinema.error(
        "/instances/aggregate", {"view": cinema.MOVIE, "aggregates": [{"avg": {"property": "title"}}]}
    )
    cinema.error(
        "/instances/aggregate", {"view": cinema.MOVIE, "aggregates": [{"median": {"property": "x"}}]}
    )
    cinema.error(
        "/instances/aggregate", {"view": cinema.MOVIE, "aggregates": [{"sum": {"property": "nope"}}]}
    )
    cinema.error(
        "/instances/aggregate",
        {"view": cinema.MOVIE, "aggregates": [{"histogram": {"property": "rating", "interval": 0}}]},
    )
    cinema.error("/instances/aggregate", {"view": cinema.MOVIE, "groupBy": ["meta"]})
    cinema.error("/instances/aggregate", {"view": cinema.MOVIE, "aggregates": [{"count": {}}] * 6})
    message = cinema.error(
        "/instances/aggregate", {"view": {**cinema.MOVIE, "version": "v7"}, "aggregates": [{"count": {}}]}
    )
    assert message.startswith("One or more views do not exist: ")
    assert "Movie/v7" in message


def test_several_histograms_give_one_item_each(cinema: Any) -> None:
    items = _agg(
        cinema,
        aggregates=[
            {"histogram": {"property": "releaseYear", "interval": 100}},
            {"histogram": {"property": "rating", "interval": 1}},
        ],
    )
    assert [item["aggregates"][0]["property"] for item in items] == ["releaseYear", "rating"]
    assert items[1]["aggregates"][0]["buckets"] == [{"start": 7.0, "count": 1}, {"start": 8.0, "count": 2}]


def test_group_values_are_never_null(cinema: Any) -> None:
    """OAS AggregatedResultItem.group values are string/number/boolean/reference: a missing value is omitted."""
    items = _agg(cinema, aggregates=[{"count": {}}], groupBy=["genre", "isHit"])
    assert all(value is not None for item in items for value in item["group"].values())
    jingle = [item for item in items if "genre" not in item["group"]]
    assert [item["group"] for item in jingle] == [{"isHit": False}]
    assert jingle[0]["aggregates"][0]["value"] == 1


def test_search_folds_unicode_case_on_both_sides(movies: Any) -> None:
    movies.apply([movies.movie("anger", title="Ärger Über Alles"), movies.movie("school", title="école")])
    assert _search(movies, query="ärger") == ["anger"]
    assert _search(movies, query="über") == ["anger"]
    assert _search(movies, query="ÄRGER ÜBER", operator="AND") == ["anger"]
    assert _search(movies, query="ÉCOLE") == ["school"]
    assert _search(movies, query="Éco") == ["school"]


def test_search_renders_no_more_than_limit(movies: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    movies.apply([movies.movie(f"m{i:03d}", title=f"same title {i}") for i in range(60)])
    rendered = 0
    original = Select.render

    def counting_render(self: Select, selected: Any) -> Any:
        nonlocal rendered
        rendered += 1
        return original(self, selected)

    monkeypatch.setattr(Select, "render", counting_render)
    assert len(_search(movies, query="same title", limit=3)) == 3
    assert rendered <= 3  # the other 57 candidates were never materialised


def test_search_ranks_by_matching_terms_within_the_limit(movies: Any) -> None:
    items = [movies.movie(f"one{i}", title="alpha") for i in range(5)] + [
        movies.movie("both", title="alpha beta")
    ]
    movies.apply(items)
    assert _search(movies, query="alpha beta", limit=1) == ["both"]


def test_aggregate_with_a_query_uses_the_same_matching(cinema: Any) -> None:
    items = _agg(cinema, query="ALIENS", aggregates=[{"count": {"property": "title"}}])
    assert items[0]["aggregates"][0]["value"] == 1
