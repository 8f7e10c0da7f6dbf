"""The filter language (dms-api.md §4) over base and view properties."""

from __future__ import annotations

from typing import Any

M = ["movies", "Movie/v1"]


def _p(name: str) -> list[str]:
    return [*M, name]


CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({"equals": {"property": _p("releaseYear"), "value": 1984}}, ["terminator"]),
    ({"equals": {"property": _p("isHit"), "value": False}}, ["jingle"]),
    (
        {"equals": {"property": _p("director"), "value": {"space": "movies", "externalId": "cameron"}}},
        ["aliens", "terminator", "titanic"],
    ),
    ({"equals": {"property": ["node", "externalId"], "value": "titanic"}}, ["titanic"]),
    ({"in": {"property": _p("genre"), "values": ["drama", "action"]}}, ["titanic"]),
    ({"in": {"property": ["node", "externalId"], "values": ["aliens", "jingle", "x"]}}, ["aliens", "jingle"]),
    ({"range": {"property": _p("releaseYear"), "gt": 1984, "lte": 1996}}, ["aliens", "jingle"]),
    ({"range": {"property": _p("rating"), "gte": 8.1}}, ["aliens", "terminator"]),
    ({"range": {"property": _p("lastShown"), "gt": "2020-03-14T16:00:00+02:00"}}, ["terminator"]),
    ({"range": {"property": _p("released"), "lt": "1985-01-01"}}, ["terminator"]),
    ({"prefix": {"property": _p("title"), "value": "Ti"}}, ["titanic"]),
    ({"prefix": {"property": ["node", "externalId"], "value": "al"}}, ["aliens"]),
    ({"exists": {"property": _p("rating")}}, ["aliens", "terminator", "titanic"]),
    ({"containsAny": {"property": _p("tags"), "values": ["drama", "horror"]}}, ["aliens", "titanic"]),
    ({"containsAll": {"property": _p("tags"), "values": ["scifi", "action"]}}, ["terminator"]),
    (
        {"containsAny": {"property": _p("cast"), "values": [{"space": "movies", "externalId": "sigourney"}]}},
        ["aliens"],
    ),
    ({"matchAll": {}}, ["aliens", "jingle", "terminator", "titanic"]),
    ({"not": {"equals": {"property": _p("genre"), "value": "scifi"}}}, ["jingle", "titanic"]),
    (
        {"and": [{"exists": {"property": _p("rating")}}, {"range": {"property": _p("rating"), "lt": 8.2}}]},
        ["terminator", "titanic"],
    ),
    (
        {
            "or": [
                {"equals": {"property": _p("releaseYear"), "value": 1997}},
                {"equals": {"property": _p("releaseYear"), "value": 1996}},
            ]
        },
        ["jingle", "titanic"],
    ),
    (
        {
            "nested": {
                "scope": _p("director"),
                "filter": {"range": {"property": ["movies", "Person/v1", "birthYear"], "gte": 1950}},
            }
        },
        ["aliens", "terminator", "titanic"],
    ),
    (
        {
            "nested": {
                "scope": _p("director"),
                "filter": {"equals": {"property": ["movies", "Person/v1", "name"], "value": "Nobody"}},
            }
        },
        [],
    ),
    (
        {
            "instanceReferences": [
                {"space": "movies", "externalId": "jingle"},
                {"space": "other", "externalId": "jingle"},
            ]
        },
        ["jingle"],
    ),
    (
        {"hasData": [{"type": "container", "space": "movies", "externalId": "MovieC"}]},
        ["aliens", "jingle", "terminator", "titanic"],
    ),
    ({"equals": {"property": ["movies", "MovieC", "genre"], "value": "drama"}}, ["titanic"]),
    (
        {
            "overlaps": {
                "startProperty": _p("releaseYear"),
                "endProperty": _p("releaseYear"),
                "gte": 1990,
                "lte": 1996,
            }
        },
        ["jingle"],
    ),
    ({"range": {"property": ["node", "version"], "gte": 1}}, ["aliens", "jingle", "terminator", "titanic"]),
]


def test_filters(cinema: Any) -> None:
    """Every case against one dataset (one setup keeps the suite fast), plus edge base properties."""
    for flt, expected in CASES:
        assert sorted(cinema.ids(sources=[{"source": cinema.MOVIE}], filter=flt)) == expected, flt
    start = {
        "equals": {"property": ["edge", "startNode"], "value": {"space": "movies", "externalId": "arnold"}}
    }
    assert sorted(cinema.ids(instanceType="edge", filter=start)) == ["arnold-jingle", "arnold-terminator"]
    end_in = {
        "in": {"property": ["edge", "endNode"], "values": [{"space": "movies", "externalId": "aliens"}]}
    }
    assert cinema.ids(instanceType="edge", filter=end_in) == ["sigourney-aliens"]


BAD_FILTERS: list[Any] = [
    {"equals": {"property": _p("nope"), "value": 1}},
    {"equals": {"property": ["movies", "Nope/v1", "x"], "value": 1}},
    {"equals": {"property": _p("title")}},
    {"equals": {"property": "title", "value": 1}},
    {"unknownFilter": {}},
    {"and": []},
    {"and": [{"matchAll": {}}], "or": []},
    {"range": {"property": _p("releaseYear"), "gt": 1, "gte": 2}},
    {"range": {"property": _p("releaseYear")}},
    {"in": {"property": _p("releaseYear"), "values": []}},
    {"containsAny": {"property": _p("title"), "values": ["a"]}},
    {"equals": {"property": ["node", "externalId"], "value": {"parameter": "x"}}},
    {"matchAll": {"x": 1}},
    {"nested": {"scope": _p("title"), "filter": {"matchAll": {}}}},
    {"equals": {"property": ["node", "nope"], "value": 1}},
    {"range": {"property": _p("lastShown"), "gt": "not a time"}},
    {"prefix": {"property": _p("releaseYear"), "value": 1}},
    {"hasData": []},
    {"instanceReferences": [{"space": "movies"}]},
    "not-an-object",
]


def test_bad_filters_are_400(cinema: Any) -> None:
    for flt in BAD_FILTERS:
        cinema.error("/instances/list", {"filter": flt})
