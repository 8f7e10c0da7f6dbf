"""POST /models/instances: create, patch, replace, versions, auto-creation, validation, atomicity."""

from __future__ import annotations

from typing import Any


def _node(api: Any, xid: str) -> dict[str, Any]:
    body = {
        "items": [{"instanceType": "node", "space": api.SPACE, "externalId": xid}],
        "sources": [{"source": api.MOVIE}],
    }
    items = api.post("/instances/byids", body)["items"]
    return items[0] if items else {}


def _props(item: dict[str, Any], view: str = "Movie/v1") -> dict[str, Any]:
    return item.get("properties", {}).get("movies", {}).get(view, {})


def test_create_returns_slim_items_in_request_order(movies: Any) -> None:
    result = movies.apply([movies.movie("b"), movies.movie("a")])
    assert [i["externalId"] for i in result["items"]] == ["b", "a"]
    first = result["items"][0]
    assert set(first) == {
        "instanceType",
        "space",
        "externalId",
        "version",
        "wasModified",
        "createdTime",
        "lastUpdatedTime",
    }
    assert first["version"] == 1
    assert first["wasModified"] is True
    assert result["deleted"] == []


def test_identical_write_is_a_no_op(movies: Any) -> None:
    created = movies.apply([movies.movie("a", releaseYear=2000)])["items"][0]
    again = movies.apply([movies.movie("a", releaseYear=2000)])["items"][0]
    assert again["wasModified"] is False
    assert again["version"] == 1
    assert again["lastUpdatedTime"] == created["lastUpdatedTime"]
    changed = movies.apply([movies.movie("a", releaseYear=2001)])["items"][0]
    assert changed["wasModified"] is True
    assert changed["version"] == 2
    assert changed["createdTime"] == created["createdTime"]


def test_patch_keeps_absent_properties_and_null_clears(movies: Any) -> None:
    movies.apply([movies.movie("a", releaseYear=2000, rating=5.5)])
    movies.apply([movies.movie("a", rating=None)])
    props = _props(_node(movies, "a"))
    assert props["releaseYear"] == 2000
    assert "rating" not in props


def test_replace_resets_unlisted_properties(movies: Any) -> None:
    movies.apply([movies.movie("a", releaseYear=2000, rating=5.5)])
    movies.apply([movies.movie("a", rating=1.0)], replace=True)
    props = _props(_node(movies, "a"))
    assert props == {"title": "A", "rating": 1.0, "views": 0}


def test_replace_fails_when_required_property_missing(movies: Any) -> None:
    movies.apply([movies.movie("a")])
    item = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "a",
        "sources": [{"source": movies.MOVIE, "properties": {"rating": 1.0}}],
    }
    assert "title" in movies.error("/instances", {"items": [item], "replace": True})


def test_default_value_applied_on_create(movies: Any) -> None:
    movies.apply([movies.movie("a")])
    assert _props(_node(movies, "a"))["views"] == 0


def test_writing_through_container_and_view_share_data(movies: Any) -> None:
    movies.apply(
        [
            {
                "instanceType": "node",
                "space": "movies",
                "externalId": "a",
                "sources": [{"source": movies.MOVIE_C, "properties": {"title": "Via container"}}],
            }
        ]
    )
    assert _props(_node(movies, "a"))["title"] == "Via container"


def test_existing_version_conflict_and_skip(movies: Any) -> None:
    movies.apply([movies.movie("a")])
    movies.apply([movies.movie("a", releaseYear=1)])  # version 2
    stale = {**movies.movie("a", releaseYear=3), "existingVersion": 1}
    message = movies.error("/instances", {"items": [stale]}, 409)
    assert "version" in message.lower()
    skipped = movies.apply([stale, movies.movie("b")], skipOnVersionConflict=True)
    assert [i["externalId"] for i in skipped["items"]] == ["b"]
    ok = movies.apply([{**movies.movie("a", releaseYear=4), "existingVersion": 2}])
    assert ok["items"][0]["version"] == 3
    insert_only = {**movies.movie("a"), "existingVersion": 0}
    movies.error("/instances", {"items": [insert_only]}, 409)


def test_skipped_version_conflict_has_no_side_effects(movies: Any) -> None:
    """An item skipped by skipOnVersionConflict auto-creates none of the nodes it references."""
    movies.apply([movies.movie("a")])
    movies.apply([movies.movie("a", releaseYear=1)])  # version 2
    ghost = {"space": "movies", "externalId": "ghost"}
    stale = {**movies.movie("a", director=ghost), "existingVersion": 1}
    stale_edge = {
        **movies.edge("e", "nobody", "a"),
        "existingVersion": 0,
    }
    movies.apply([movies.edge("e", "a", "a")], autoCreateStartNodes=True)
    result = movies.apply([stale, stale_edge], skipOnVersionConflict=True, autoCreateStartNodes=True)
    assert result["items"] == []
    found = movies.post(
        "/instances/byids",
        {
            "items": [
                {"instanceType": "node", "space": "movies", "externalId": x} for x in ("ghost", "nobody")
            ]
        },
    )
    assert found["items"] == []


def test_source_without_properties_is_accepted(movies: Any) -> None:
    """OAS EdgeOrNodeData requires only ``source``: without ``properties`` the write gives data in it."""
    actor = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "p",
        "sources": [{"source": movies.PERSON}],
    }
    assert "name" in movies.error("/instances", {"items": [actor]})  # the required name is missing
    movies.apply([movies.person("p", "Pat")])
    actor["sources"] = [{"source": {"type": "container", "space": "movies", "externalId": "ActorC"}}]
    assert movies.apply([actor])["items"][0]["wasModified"] is True
    assert movies.ids(sources=[{"source": movies.ACTOR}]) == ["p"]


def test_unknown_property_is_400_naming_it(movies: Any) -> None:
    item = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "a",
        "sources": [{"source": movies.MOVIE, "properties": {"title": "x", "invalidProperty": 1}}],
    }
    assert "invalidProperty" in movies.error("/instances", {"items": [item]})


def test_value_validation(movies: Any) -> None:
    cases = {
        "releaseYear": "nineteen",
        "rating": "high",
        "tags": "not-a-list",
        "released": "1984-13-01",
        "lastShown": "yesterday",
        "meta": [1, 2],
        "isHit": "yes",
        "genre": "comedy",
        "director": {"space": "movies"},
    }
    for prop, value in cases.items():
        message = movies.error("/instances", {"items": [movies.movie("a", **{prop: value})]})
        assert prop in message, (prop, message)
    assert _node(movies, "a") == {}


def test_null_for_non_nullable_is_rejected(movies: Any) -> None:
    movies.error("/instances", {"items": [movies.movie("a", title=None)]})


def test_immutable_property(movies: Any) -> None:
    movies.apply([movies.movie("a", code="X1")])
    movies.apply([movies.movie("a", code="X1")])
    assert "immutable" in movies.error("/instances", {"items": [movies.movie("a", code="X2")]})


def test_timestamps_are_normalised_to_utc_millis(movies: Any) -> None:
    movies.apply(
        [
            movies.movie("a", lastShown="2021-01-01T02:00:00+02:00"),
            movies.movie("b", lastShown="2021-01-01T00:00:00.5"),
            movies.movie("c", lastShown="2021-01-01T00:00:00Z"),
        ]
    )
    assert _props(_node(movies, "a"))["lastShown"] == "2021-01-01T00:00:00.000+00:00"
    assert _props(_node(movies, "b"))["lastShown"] == "2021-01-01T00:00:00.500+00:00"


def test_whole_request_fails_atomically(movies: Any) -> None:
    movies.error("/instances", {"items": [movies.movie("good"), movies.movie("bad", releaseYear="x")]})
    assert _node(movies, "good") == {}


def test_duplicate_ids_in_one_request(movies: Any) -> None:
    response = movies.raw("/instances", {"items": [movies.movie("a"), movies.movie("a")]})
    assert response.status_code == 400
    assert response.json()["error"]["duplicated"] == [{"space": "movies", "externalId": "a"}]


def test_unknown_space_and_view(movies: Any) -> None:
    assert "spaces" in movies.error("/instances", {"items": [movies.movie("a", space="nope")]})
    bad_view = {**movies.MOVIE, "version": "v9"}
    item = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "a",
        "sources": [{"source": bad_view, "properties": {}}],
    }
    assert "Movie/v9" in movies.error("/instances", {"items": [item]})


def test_edges_need_endpoints_unless_auto_created(movies: Any) -> None:
    e = movies.edge("e", "arnold", "terminator")
    response = movies.raw("/instances", {"items": [e]})
    assert response.status_code == 400
    assert {"space": "movies", "externalId": "arnold"} in response.json()["error"]["missing"]
    result = movies.apply([e], autoCreateStartNodes=True, autoCreateEndNodes=True)
    assert result["items"][0]["instanceType"] == "edge"
    nodes = movies.ids(instanceType="node")
    assert sorted(nodes) == ["arnold", "terminator"]


def test_direct_relations_auto_created_by_default(movies: Any) -> None:
    movies.apply([movies.movie("a", director={"space": "movies", "externalId": "cameron"})])
    assert "cameron" in movies.ids()
    item = movies.movie("b", director={"space": "movies", "externalId": "nobody"})
    response = movies.raw("/instances", {"items": [item], "autoCreateDirectRelations": False})
    assert response.status_code == 400
    assert response.json()["error"]["missing"] == [{"space": "movies", "externalId": "nobody"}]


def test_edge_data_only_in_edge_containers(movies: Any) -> None:
    movies.apply([movies.movie("a"), movies.person("p", "P")])
    movies.apply([movies.edge("e", "p", "a", "Hero")])
    bad = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "n",
        "sources": [{"source": movies.ROLE, "properties": {"character": "x"}}],
    }
    assert "edge" in movies.error("/instances", {"items": [bad]})


def test_node_and_edge_share_identifiers(movies: Any) -> None:
    movies.apply([movies.movie("a"), movies.person("p", "P")])
    movies.apply([movies.edge("e", "p", "a")])
    node_e = {"instanceType": "node", "space": "movies", "externalId": "e"}
    assert "edge" in movies.error("/instances", {"items": [node_e]})


def test_delete_in_same_request(movies: Any) -> None:
    movies.apply([movies.movie("a"), movies.movie("b")])
    result = movies.apply(
        [movies.movie("c")],
        delete=[
            {"instanceType": "node", "space": "movies", "externalId": "a"},
            {"instanceType": "node", "space": "movies", "externalId": "missing"},
        ],
    )
    assert result["deleted"] == [{"instanceType": "node", "space": "movies", "externalId": "a"}]
    assert sorted(movies.ids()) == ["b", "c"]


def test_delete_endpoint_takes_edges_along(cinema: Any) -> None:
    deleted = cinema.post(
        "/instances/delete",
        {
            "items": [
                {"instanceType": "node", "space": "movies", "externalId": "arnold"},
                {"instanceType": "edge", "space": "movies", "externalId": "does-not-exist"},
            ]
        },
    )
    assert deleted["items"] == [{"instanceType": "node", "space": "movies", "externalId": "arnold"}]
    assert cinema.ids(instanceType="edge") == ["sigourney-aliens"]
    cinema.error(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "noSuchSpace", "externalId": "x"}]}
    )


def test_deleted_instance_can_be_recreated(movies: Any) -> None:
    movies.apply([movies.movie("a", releaseYear=1)])
    movies.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "a"}]}
    )
    again = movies.apply([movies.movie("a")])["items"][0]
    assert again["wasModified"] is True
    assert "releaseYear" not in _props(_node(movies, "a"))


def test_request_limits(movies: Any) -> None:
    items = [movies.movie(f"m{i}") for i in range(1001)]
    movies.error("/instances", {"items": items})
    movies.error(
        "/instances",
        {
            "items": items[:600],
            "delete": [
                {"instanceType": "node", "space": "movies", "externalId": f"x{i}"} for i in range(401)
            ],
        },
    )


def test_unexpected_field(movies: Any) -> None:
    message = movies.error("/instances", {"items": [], "bogus": 1})
    assert message.startswith("Unexpected field - bogus")


def test_direct_relation_with_container_constraint(movies: Any) -> None:
    movies.post(
        "/containers",
        {
            "items": [
                {
                    "space": "movies",
                    "externalId": "Review",
                    "properties": {
                        "about": {
                            "type": {
                                "type": "direct",
                                "container": {"type": "container", "space": "movies", "externalId": "MovieC"},
                            }
                        }
                    },
                }
            ]
        },
    )
    review_c = {"type": "container", "space": "movies", "externalId": "Review"}

    def review(xid: str, about: str) -> dict[str, Any]:
        return {
            "instanceType": "node",
            "space": "movies",
            "externalId": xid,
            "sources": [
                {"source": review_c, "properties": {"about": {"space": "movies", "externalId": about}}}
            ],
        }

    movies.apply([movies.person("p", "P")])
    assert "MovieC" in movies.error("/instances", {"items": [review("r1", "p")]})
    assert "ghost" in movies.error("/instances", {"items": [review("r1", "ghost")]})
    movies.apply([movies.movie("m"), review("r1", "m")])
    movies.apply([review("r2", "m")])


def test_empty_source_gives_data_in_all_view_containers(movies: Any) -> None:
    movies.apply(
        [
            {
                "instanceType": "node",
                "space": "movies",
                "externalId": "p",
                "sources": [{"source": movies.ACTOR, "properties": {"name": "P"}}],
            }
        ]
    )
    assert movies.ids(filter={"hasData": [movies.ACTOR]}) == ["p"]
    empty = {
        "instanceType": "node",
        "space": "movies",
        "externalId": "q",
        "sources": [{"source": movies.PERSON_C, "properties": {}}],
    }
    assert "name" in movies.error("/instances", {"items": [empty]})


def test_auto_increment_is_assigned_once(movies: Any) -> None:
    """autoIncrement numbers new instances; a later write, even with replace, keeps the number."""
    counter = {"type": "container", "space": "movies", "externalId": "Counter"}
    movies.post(
        "/containers",
        {
            "items": [
                {
                    "space": "movies",
                    "externalId": "Counter",
                    "properties": {
                        "n": {"type": {"type": "int64"}, "autoIncrement": True},
                        "label": {"type": {"type": "text"}},
                        "tag": {"type": {"type": "text"}, "immutable": True, "defaultValue": "d"},
                    },
                }
            ]
        },
    )

    def node(xid: str, label: str) -> dict[str, Any]:
        return {
            "instanceType": "node",
            "space": "movies",
            "externalId": xid,
            "sources": [{"source": counter, "properties": {"label": label}}],
        }

    movies.apply([node("a", "x"), node("b", "y")])
    again = movies.apply([node("a", "x")], replace=True)["items"][0]
    assert again["wasModified"] is False
    assert again["version"] == 1
    movies.apply([node("b", "z")], replace=True)

    def numbered(n: int) -> list[str]:
        flt = {"equals": {"property": ["movies", "Counter", "n"], "value": n}}
        return movies.ids(filter=flt)

    assert (numbered(1), numbered(2), numbered(3)) == (["a"], ["b"], [])
    tagged = node("c", "w")
    tagged["sources"][0]["properties"]["tag"] = "t"
    movies.apply([tagged])
    movies.apply([node("c", "v")], replace=True)  # the immutable tag is kept, not reset to its default
    assert movies.ids(filter={"equals": {"property": ["movies", "Counter", "tag"], "value": "t"}}) == ["c"]
