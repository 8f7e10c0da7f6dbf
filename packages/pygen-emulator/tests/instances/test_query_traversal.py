"""The expression kinds of /models/instances/query that walk edges and relations: edges without ``from``,
edges from edges (``chainTo``), nodeFilter, terminationFilter, limitEach, postSort, a frontier with a node
twice (edges sharing an end, ``unionAll``), and ``through`` a list of direct relations. Exact results on a
small graph, so that a change to how the emulator evaluates them (one SQL statement per traversal step)
cannot change what they return."""

from __future__ import annotations

from typing import Any

import pytest

G = "graph"
NEXT = {"space": G, "externalId": "next"}
OTHER = {"space": G, "externalId": "other"}
IS_NEXT = {"equals": {"property": ["edge", "type"], "value": NEXT}}


def _xid(value: str) -> dict[str, Any]:
    return {"equals": {"property": ["node", "externalId"], "value": value}}


def _node(xid: str) -> dict[str, Any]:
    return {"instanceType": "node", "space": G, "externalId": xid}


def _edge(start: str, end: str, kind: dict[str, str] = NEXT) -> dict[str, Any]:
    return {
        "instanceType": "edge",
        "space": G,
        "externalId": f"{start}>{end}",
        "type": kind,
        "startNode": {"space": G, "externalId": start},
        "endNode": {"space": G, "externalId": end},
    }


@pytest.fixture
def graph(api: Any) -> Any:
    """a -> b, a -> c, b -> d, c -> d, d -> e, e -> a (a cycle through a), and a -other-> z."""
    api.post("/spaces", {"items": [{"space": G}]})
    api.apply([_node(x) for x in "abcdez"])
    # applied in this order: edge ids (the traversal order within a step) follow it
    api.apply(
        [
            _edge("a", "b"),
            _edge("a", "c"),
            _edge("a", "z", OTHER),
            _edge("b", "d"),
            _edge("c", "d"),
            _edge("d", "e"),
            _edge("e", "a"),
        ]
    )
    return api


def _query(api: Any, with_: dict[str, Any], cursors: dict[str, str] | None = None) -> Any:
    body: dict[str, Any] = {"with": with_, "select": {name: {} for name in with_}}
    if cursors:
        body["cursors"] = cursors
    return api.post("/instances/query", body)


def _ids(result: Any, name: str) -> list[str]:
    return [item["externalId"] for item in result["items"][name]]


def _from_a(**edges: Any) -> dict[str, Any]:
    return {"start": {"nodes": {"filter": _xid("a")}}, "walk": {"edges": {"from": "start", **edges}}}


def test_edges_without_from_are_filtered_sorted_and_paged(graph: Any) -> None:
    with_ = {
        "e": {
            "edges": {"filter": IS_NEXT},
            "sort": [{"property": ["edge", "externalId"], "direction": "descending"}],
            "limit": 4,
        }
    }
    first = _query(graph, with_)
    assert _ids(first, "e") == ["e>a", "d>e", "c>d", "b>d"]
    second = _query(graph, with_, first["nextCursor"])
    assert _ids(second, "e") == ["a>c", "a>b"]
    assert second["nextCursor"] == {}


def test_traversal_to_the_end_visits_each_node_once(graph: Any) -> None:
    result = _query(graph, _from_a(direction="outwards", maxDistance=10))
    # by step, then by edge id; e>a comes (a is reached) but a is not walked from again
    assert _ids(result, "walk") == ["a>b", "a>c", "a>z", "b>d", "c>d", "d>e", "e>a"]
    unbounded = _query(graph, {**_from_a(direction="outwards", filter=IS_NEXT)})
    assert _ids(unbounded, "walk") == ["a>b", "a>c", "b>d", "c>d", "d>e", "e>a"]
    inwards = _query(graph, _from_a(direction="inwards", maxDistance=2))
    assert _ids(inwards, "walk") == ["e>a", "d>e"]


def test_termination_filter_stops_at_a_node_but_keeps_the_edge_to_it(graph: Any) -> None:
    result = _query(graph, _from_a(direction="outwards", filter=IS_NEXT, terminationFilter=_xid("d")))
    assert _ids(result, "walk") == ["a>b", "a>c", "b>d", "c>d"]
    one_step = _query(graph, _from_a(direction="outwards", maxDistance=1, terminationFilter=_xid("b")))
    assert _ids(one_step, "walk") == ["a>b", "a>c", "a>z"]  # it stops walking on, nothing more
    bad = _from_a(direction="outwards", maxDistance=1, terminationFilter={"nope": {}})
    message = graph.error("/instances/query", {"with": bad, "select": {"walk": {}}})
    assert "terminationFilter" in message


def test_node_filter_drops_edges_to_other_nodes_and_does_not_walk_past_them(graph: Any) -> None:
    not_c = {"not": _xid("c")}
    result = _query(graph, _from_a(direction="outwards", maxDistance=3, nodeFilter=not_c))
    assert _ids(result, "walk") == ["a>b", "a>z", "b>d", "d>e"]
    missing = _query(graph, _from_a(direction="outwards", maxDistance=1, nodeFilter=_xid("nowhere")))
    assert _ids(missing, "walk") == []


def test_limit_each_keeps_the_first_edges_of_each_node(graph: Any) -> None:
    with_ = {
        "start": {"nodes": {"filter": {"in": {"property": ["node", "externalId"], "values": ["a", "b"]}}}},
        "walk": {"edges": {"from": "start", "direction": "outwards", "maxDistance": 1, "limitEach": 2}},
    }
    assert _ids(_query(graph, with_), "walk") == ["a>b", "a>c", "b>d"]


def test_post_sort_orders_the_whole_traversal_and_pages_it(graph: Any) -> None:
    with_ = {
        **_from_a(direction="outwards", maxDistance=2),
        "start": {"nodes": {"filter": _xid("a")}},
    }
    with_["walk"] = {
        **with_["walk"],
        "postSort": [{"property": ["edge", "externalId"], "direction": "descending"}],
        "limit": 2,
    }
    pages = []
    cursors: dict[str, str] = {}
    for _ in range(4):
        result = _query(graph, with_, cursors)
        pages.append(_ids(result, "walk"))
        if "walk" not in result["nextCursor"]:
            break
        cursors = {"walk": result["nextCursor"]["walk"]}
    assert pages == [["c>d", "b>d"], ["a>z", "a>c"], ["a>b"]]


def test_edges_from_edges_continue_from_either_end(graph: Any) -> None:
    with_ = {
        **_from_a(direction="outwards", maxDistance=1, filter=IS_NEXT),
        "onwards": {"edges": {"from": "walk", "direction": "outwards", "maxDistance": 1}},
        # b -> d and c -> d: d twice in this frontier, its edge once
        "further": {"edges": {"from": "onwards", "direction": "outwards", "maxDistance": 1}},
        "back": {"edges": {"from": "walk", "chainTo": "source", "direction": "inwards", "maxDistance": 1}},
        "ends": {"nodes": {"from": "onwards"}},
        "starts": {"nodes": {"from": "onwards", "chainTo": "source"}},
    }
    result = _query(graph, with_)
    assert _ids(result, "walk") == ["a>b", "a>c"]
    assert _ids(result, "onwards") == ["b>d", "c>d"]
    assert _ids(result, "further") == ["d>e"]
    assert _ids(result, "back") == ["e>a"]
    assert _ids(result, "ends") == ["d"]
    assert sorted(_ids(result, "starts")) == ["b", "c"]


def test_union_all_repeats_a_node_and_a_walk_from_it_takes_each_edge_once(graph: Any) -> None:
    with_ = {
        "a": {"nodes": {"filter": _xid("a")}},
        "both": {"unionAll": ["a", "a"]},
        "walk": {"edges": {"from": "both", "direction": "outwards", "maxDistance": 1, "filter": IS_NEXT}},
        "next": {"nodes": {"from": "walk"}},
    }
    result = _query(graph, with_)
    assert _ids(result, "both") == ["a", "a"]
    assert _ids(result, "walk") == ["a>b", "a>c"]
    assert _ids(result, "next") == ["b", "c"]


def test_through_a_list_of_direct_relations_outwards(cinema: Any) -> None:
    body = {
        "with": {
            "films": {
                "nodes": {
                    "filter": {"in": {"property": ["node", "externalId"], "values": ["terminator", "aliens"]}}
                }
            },
            "cast": {
                "nodes": {
                    "from": "films",
                    "through": {"source": cinema.MOVIE, "identifier": "cast"},
                    "direction": "outwards",
                }
            },
            "none": {
                "nodes": {
                    "from": "films",
                    "through": {"source": cinema.MOVIE, "identifier": "cast"},
                    "direction": "outwards",
                    "filter": _xid("cameron"),
                }
            },
        },
        "select": {"cast": {}, "none": {}},
    }
    result = cinema.post("/instances/query", body)
    assert sorted(_ids(result, "cast")) == ["arnold", "sigourney"]
    assert _ids(result, "none") == []


def test_a_request_leaves_no_result_set_rows_on_its_connection() -> None:
    """Result sets live in a temporary table of the connection (one request at a time uses it): query
    and sync, done or failed, leave it empty, so memory does not grow with the requests served."""
    from pygen_emulator import Settings, create_app
    from pygen_emulator._errors import DMSError
    from pygen_emulator._routing import run
    from pygen_emulator.instances import INSTANCE_ENDPOINTS
    from pygen_emulator.schema import SCHEMA_ENDPOINTS

    endpoints = {e.path: e for e in INSTANCE_ENDPOINTS}
    ctx = create_app(Settings(core_model=False)).state.emulator.ctx
    run(
        ctx,
        next(e for e in SCHEMA_ENDPOINTS if e.path == "/spaces" and e.method == "POST"),
        {"items": [{"space": G}]},
    )
    run(ctx, endpoints["/"], {"items": [_node(x) for x in "abcdez"]})
    run(ctx, endpoints["/"], {"items": [_edge("a", "b"), _edge("b", "c")]})
    chained = {**_from_a(direction="outwards"), "ends": {"nodes": {"from": "walk"}}}

    def left() -> int:
        with ctx.db.read() as conn:  # the same (pooled) reader connection the requests used
            row = conn.execute("SELECT count(*) FROM temp.pygen_query_sets").fetchone()
            return int(row[0])

    run(ctx, endpoints["/query"], {"with": chained, "select": {"ends": {}}})
    assert left() == 0
    run(ctx, endpoints["/sync"], {"with": chained, "select": {"ends": {}}})
    assert left() == 0
    failing = {**chained, "bad": {"nodes": {"from": "ends", "filter": {"nope": {}}}}}
    with pytest.raises(DMSError, match="nope"):
        run(ctx, endpoints["/query"], {"with": failing, "select": {"ends": {}}})
    assert left() == 0
