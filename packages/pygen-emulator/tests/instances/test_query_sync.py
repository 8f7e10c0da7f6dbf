"""POST /models/instances/query and /sync."""

from __future__ import annotations

from typing import Any

M = ["movies", "Movie/v1"]


def _ids(result: Any, name: str) -> list[str]:
    return [i["externalId"] for i in result["items"][name]]


def test_query_edges_then_nodes_with_parameters(cinema: Any) -> None:
    body = {
        "with": {
            "actor": {
                "nodes": {
                    "filter": {"equals": {"property": ["node", "externalId"], "value": {"parameter": "who"}}}
                },
                "limit": 1,
            },
            "roles": {
                "edges": {
                    "from": "actor",
                    "maxDistance": 1,
                    "direction": "outwards",
                    "filter": {"equals": {"property": ["edge", "type"], "value": cinema.ACTS_IN}},
                }
            },
            "films": {"nodes": {"from": "roles"}},
        },
        "parameters": {"who": "arnold"},
        "select": {"actor": {}, "films": {"sources": [{"source": cinema.MOVIE, "properties": ["title"]}]}},
    }
    result = cinema.post("/instances/query", body)
    assert set(result["items"]) == {"actor", "films"}
    assert _ids(result, "actor") == ["arnold"]
    assert sorted(_ids(result, "films")) == ["jingle", "terminator"]
    film = result["items"]["films"][0]
    assert list(film["properties"]["movies"]["Movie/v1"]) == ["title"]
    assert result["nextCursor"] == {}


def test_query_inwards_edges_and_chain_to_source(cinema: Any) -> None:
    body = {
        "with": {
            "film": {
                "nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "aliens"}}}
            },
            "roles": {"edges": {"from": "film", "direction": "inwards", "maxDistance": 1}},
            "actors": {"nodes": {"from": "roles"}},
            "films_again": {"nodes": {"from": "roles", "chainTo": "source"}},
        },
        "select": {"actors": {}, "films_again": {}, "roles": {}},
    }
    result = cinema.post("/instances/query", body)
    assert _ids(result, "roles") == ["sigourney-aliens"]
    assert _ids(result, "actors") == ["sigourney"]
    assert _ids(result, "films_again") == ["aliens"]


def test_query_through_direct_relation_both_ways(cinema: Any) -> None:
    through = {"source": cinema.MOVIE, "identifier": "director"}
    body = {
        "with": {
            "movie": {
                "nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "titanic"}}}
            },
            "director": {"nodes": {"from": "movie", "through": through, "direction": "outwards"}},
            "directed": {
                "nodes": {"from": "director", "through": through, "direction": "inwards"},
                "sort": [{"property": [*M, "releaseYear"], "direction": "ascending"}],
            },
        },
        "select": {"director": {"sources": [{"source": cinema.PERSON, "properties": ["*"]}]}, "directed": {}},
    }
    result = cinema.post("/instances/query", body)
    assert _ids(result, "director") == ["cameron"]
    assert result["items"]["director"][0]["properties"]["movies"]["Person/v1"]["birthYear"] == 1954
    assert _ids(result, "directed") == ["terminator", "aliens", "titanic"]
    list_through = {"source": cinema.MOVIE, "identifier": "cast"}
    bad = {
        "with": {
            "p": {"nodes": {}},
            "m": {"nodes": {"from": "p", "through": list_through, "direction": "inwards"}},
        },
        "select": {"m": {}},
    }
    assert "Cannot traverse lists of direct relations inwards." in cinema.error("/instances/query", bad)


def test_query_cursor_per_expression(cinema: Any) -> None:
    body: dict[str, Any] = {
        "with": {
            "films": {
                "nodes": {"filter": {"hasData": [cinema.MOVIE]}},
                "limit": 3,
                "sort": [{"property": ["node", "externalId"]}],
            }
        },
        "select": {"films": {}},
        "cursors": {"films": None},
    }
    first = cinema.post("/instances/query", body)
    assert _ids(first, "films") == ["aliens", "jingle", "terminator"]
    body["cursors"] = first["nextCursor"]
    second = cinema.post("/instances/query", body)
    assert _ids(second, "films") == ["titanic"]
    assert second["nextCursor"] == {}


def test_query_multi_hop_and_set_operations(cinema: Any) -> None:
    cinema.apply([cinema.edge("terminator-aliens", "terminator", "aliens")])
    body = {
        "with": {
            "start": {
                "nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "arnold"}}}
            },
            "path": {"edges": {"from": "start", "direction": "outwards", "maxDistance": 3}},
            "hop1": {"edges": {"from": "start", "direction": "outwards", "maxDistance": 1, "limitEach": 1}},
            "scifi": {"nodes": {"filter": {"containsAny": {"property": [*M, "tags"], "values": ["scifi"]}}}},
            "hits": {"nodes": {"filter": {"equals": {"property": [*M, "isHit"], "value": True}}}},
            "both": {"intersection": ["scifi", "hits"]},
            "either": {"union": ["scifi", "hits"], "except": ["both"]},
        },
        "select": {"path": {}, "hop1": {}, "both": {}, "either": {}},
    }
    result = cinema.post("/instances/query", body)
    assert sorted(_ids(result, "path")) == ["arnold-jingle", "arnold-terminator", "terminator-aliens"]
    assert len(_ids(result, "hop1")) == 1
    assert sorted(_ids(result, "both")) == ["aliens", "terminator"]
    assert _ids(result, "either") == ["titanic"]


def test_query_typing_and_errors(cinema: Any) -> None:
    body = {
        "with": {"m": {"nodes": {}}},
        "select": {"m": {"sources": [{"source": cinema.MOVIE, "properties": ["title"]}]}},
        "includeTyping": True,
    }
    result = cinema.post("/instances/query", body)
    assert result["typing"]["m"]["movies"]["Movie/v1"]["title"]["type"]["type"] == "text"
    assert "nodes.limit" in cinema.error(
        "/instances/query", {"with": {"m": {"nodes": {"limit": 1}}}, "select": {"m": {}}}
    )
    assert "properties must not be null" in cinema.error(
        "/instances/query",
        {"with": {"m": {"nodes": {}}}, "select": {"m": {"sources": [{"source": cinema.MOVIE}]}}},
    )
    cinema.error("/instances/query", {"with": {"m": {"nodes": {}}}, "select": {"x": {}}})
    cinema.error("/instances/query", {"with": {"m": {"nodes": {"from": "m"}}}, "select": {"m": {}}})
    cinema.error("/instances/query", {"with": {"m": {"nodes": {}, "limit": 10001}}, "select": {"m": {}}})
    cinema.error(
        "/instances/query",
        {
            "with": {
                "m": {
                    "nodes": {
                        "filter": {
                            "equals": {"property": ["node", "externalId"], "value": {"parameter": "missing"}}
                        }
                    }
                }
            },
            "select": {"m": {}},
        },
    )


def _sync(api: Any, cursors: dict[str, Any] | None = None, **expr: Any) -> Any:
    body: dict[str, Any] = {
        "with": {"films": {"nodes": {"filter": {"hasData": [api.MOVIE]}}, **expr}},
        "select": {"films": {"sources": [{"source": api.MOVIE, "properties": ["title"]}]}},
    }
    if cursors:
        body["cursors"] = cursors
    return api.post("/instances/sync", body)


def test_sync_backfill_then_changes_and_deletes(cinema: Any) -> None:
    first = _sync(cinema, limit=3)
    assert len(first["items"]["films"]) == 3
    second = _sync(cinema, first["nextCursor"], limit=3)
    assert len(second["items"]["films"]) == 1
    idle = _sync(cinema, second["nextCursor"], limit=3)
    assert idle["items"]["films"] == []
    assert "films" in idle["nextCursor"]
    cinema.apply([cinema.movie("titanic", releaseYear=1998), cinema.movie("newfilm")])
    cinema.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "jingle"}]}
    )
    changes = _sync(cinema, idle["nextCursor"], limit=10)["items"]["films"]
    by_id = {i["externalId"]: i for i in changes}
    assert set(by_id) == {"titanic", "newfilm", "jingle"}
    assert by_id["titanic"]["version"] == 2
    assert "deletedTime" in by_id["jingle"]
    assert "deletedTime" not in by_id["titanic"]


def test_sync_modes_and_errors(cinema: Any) -> None:
    nothing = _sync(cinema, mode="noBackfill")
    assert nothing["items"]["films"] == []
    cinema.apply([cinema.movie("fresh")])
    after = _sync(cinema, nothing["nextCursor"], mode="noBackfill")
    assert [i["externalId"] for i in after["items"]["films"]] == ["fresh"]
    cinema.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "fresh"}]}
    )
    assert len(_sync(cinema, mode="twoPhase", limit=100)["items"]["films"]) == 4
    assert len(_sync(cinema, skipAlreadyDeleted=False, limit=100)["items"]["films"]) == 5
    message = cinema.error(
        "/instances/sync",
        {
            "with": {
                "films": {
                    "nodes": {},
                    "mode": "onePhase",
                    "backfillSort": [{"property": ["node", "externalId"]}],
                }
            },
            "select": {"films": {}},
        },
    )
    assert message == "Backfill sort can only be used with two-phase sync."
    cinema.error(
        "/instances/sync", {"with": {"films": {"nodes": {}, "limit": 2001}}, "select": {"films": {}}}
    )
    cinema.error(
        "/instances/sync",
        {"with": {"films": {"nodes": {}}}, "select": {"films": {}}, "cursors": {"films": "garbage"}},
    )


def test_query_select_sort_and_limit(cinema: Any) -> None:
    body = {
        "with": {"films": {"nodes": {"filter": {"hasData": [cinema.MOVIE]}}}},
        "select": {
            "films": {
                "sources": [{"source": cinema.MOVIE, "properties": ["releaseYear"]}],
                "sort": [{"property": [*M, "releaseYear"], "direction": "descending"}],
                "limit": 2,
            }
        },
    }
    assert _ids(cinema.post("/instances/query", body), "films") == ["titanic", "jingle"]


def test_node_through_defaults_to_inwards(cinema: Any) -> None:
    body = {
        "with": {
            "boss": {
                "nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "cameron"}}}
            },
            "films": {
                "nodes": {"from": "boss", "through": {"source": cinema.MOVIE, "identifier": "director"}}
            },
        },
        "select": {"films": {}},
    }
    assert sorted(_ids(cinema.post("/instances/query", body), "films")) == ["aliens", "terminator", "titanic"]


def test_sync_chained_expressions(cinema: Any) -> None:
    body: dict[str, Any] = {
        "with": {
            "films": {"nodes": {"filter": {"equals": {"property": [*M, "genre"], "value": "scifi"}}}},
            "roles": {"edges": {"from": "films", "direction": "inwards", "maxDistance": 1}},
            "actors": {"nodes": {"from": "roles", "chainTo": "destination"}},
        },
        "select": {"films": {}, "roles": {}, "actors": {}},
    }
    first = cinema.post("/instances/sync", body)
    assert sorted(_ids(first, "films")) == ["aliens", "terminator"]
    assert sorted(_ids(first, "roles")) == ["arnold-terminator", "sigourney-aliens"]
    assert sorted(_ids(first, "actors")) == ["arnold", "sigourney"]
    cinema.apply(
        [cinema.person("sigourney", "Sigourney Weaver", 1950), cinema.person("cameron", "J C", 1955)]
    )
    body["cursors"] = first["nextCursor"]
    second = cinema.post("/instances/sync", body)
    assert _ids(second, "actors") == ["sigourney"]
    assert _ids(second, "films") == []


def test_sync_two_phase_backfill_sort(cinema: Any) -> None:
    sort = [{"property": [*M, "releaseYear"], "direction": "descending"}]
    first = _sync(cinema, limit=3, mode="twoPhase", backfillSort=sort)
    assert _ids(first, "films") == ["titanic", "jingle", "aliens"]
    cinema.apply([cinema.movie("brandnew", releaseYear=2020)])
    second = _sync(cinema, first["nextCursor"], limit=3, mode="twoPhase", backfillSort=sort)
    assert _ids(second, "films") == ["terminator"]
    live = _sync(cinema, second["nextCursor"], limit=3, mode="twoPhase", backfillSort=sort)
    assert _ids(live, "films") == ["brandnew"]


def test_sync_sorted_backfill_loses_nothing_when_instances_change_during_it(cinema: Any) -> None:
    """Writes and deletes during a sorted two-phase backfill must not shift later pages past an instance."""
    sort = [{"property": ["node", "externalId"]}]
    spec = {"limit": 2, "mode": "twoPhase", "backfillSort": sort}
    first = _sync(cinema, **spec)
    assert _ids(first, "films") == ["aliens", "jingle"]
    cinema.apply([cinema.movie("aliens", releaseYear=1987)])  # a backfilled instance changes
    cinema.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "jingle"}]}
    )
    seen: list[str] = []
    cursors = first["nextCursor"]
    for _ in range(5):
        page = _sync(cinema, cursors, **spec)
        seen += _ids(page, "films")
        cursors = page["nextCursor"]
    assert {"terminator", "titanic", "aliens", "jingle"} <= set(seen)


def test_query_cursor_pages_are_stable_under_deletes(cinema: Any) -> None:
    """Deleting an instance of an earlier page must not make the next page skip one (keyset paging)."""
    for sort in ([], [{"property": [*M, "releaseYear"], "direction": "descending"}]):
        body: dict[str, Any] = {
            "with": {"films": {"nodes": {"filter": {"hasData": [cinema.MOVIE]}}, "limit": 2, "sort": sort}},
            "select": {"films": {}},
        }
        everything = _ids(
            cinema.post(
                "/instances/query", {**body, "with": {"films": {**body["with"]["films"], "limit": 100}}}
            ),
            "films",
        )
        first = cinema.post("/instances/query", body)
        assert _ids(first, "films") == everything[:2]
        gone = everything[0]
        cinema.post(
            "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": gone}]}
        )
        second = cinema.post("/instances/query", {**body, "cursors": first["nextCursor"]})
        assert _ids(second, "films") == everything[2:4]
        cinema.apply([cinema.movie(gone, releaseYear=1990)])  # back for the next round
