"""Paging chained result sets of /models/instances/query (the emulator's cursor semantics, _query.py):
every ``with`` expression that may have more rows has a ``nextCursor`` key, selected or not; a chained
expression is evaluated from the page of its ``from`` that this request produced; a cursor on a chained
expression continues within that same upstream page."""

from __future__ import annotations

from typing import Any

import pytest

S = "chain"
NEXT = {"space": S, "externalId": "next"}


def _node(xid: str) -> dict[str, Any]:
    return {"instanceType": "node", "space": S, "externalId": xid}


def _edge(start: str, end: str) -> dict[str, Any]:
    return {
        "instanceType": "edge",
        "space": S,
        "externalId": f"{start}>{end}",
        "type": NEXT,
        "startNode": {"space": S, "externalId": start},
        "endNode": {"space": S, "externalId": end},
    }


@pytest.fixture
def chain(api: Any) -> Any:
    """Roots r0..r4; root r<i> has edges to a<i>.0 .. a<i>.2 (three children each); a<i>.<j> -> b<i>.<j>."""
    api.post("/spaces", {"items": [{"space": S}]})
    nodes = [_node(f"r{i}") for i in range(5)]
    nodes += [_node(f"{level}{i}.{j}") for level in "ab" for i in range(5) for j in range(3)]
    edges = [_edge(f"r{i}", f"a{i}.{j}") for i in range(5) for j in range(3)]
    edges += [_edge(f"a{i}.{j}", f"b{i}.{j}") for i in range(5) for j in range(3)]
    api.apply(nodes)
    api.apply(edges)
    return api


def _roots(limit: int) -> dict[str, Any]:
    return {
        "nodes": {"filter": {"prefix": {"property": ["node", "externalId"], "value": "r"}}},
        "limit": limit,
        "sort": [{"property": ["node", "externalId"]}],
    }


def _hop(source: str, limit: int) -> dict[str, Any]:
    return {"edges": {"from": source, "direction": "outwards", "maxDistance": 1}, "limit": limit}


def _ids(result: Any, name: str) -> list[str]:
    return sorted(i["externalId"] for i in result["items"][name])


def _query(api: Any, with_: dict[str, Any], select: list[str], cursors: dict[str, str]) -> Any:
    body = {"with": with_, "select": {name: {} for name in select}, "cursors": cursors}
    return api.post("/instances/query", body)


def test_unselected_set_has_a_cursor_and_can_be_paged(chain: Any) -> None:
    with_ = {"roots": _roots(2), "e": _hop("roots", 100), "a": {"nodes": {"from": "e"}, "limit": 100}}
    first = _query(chain, with_, ["a"], {})
    assert _ids(first, "a") == ["a0.0", "a0.1", "a0.2", "a1.0", "a1.1", "a1.2"]
    assert set(first["nextCursor"]) == {"roots"}  # the roots have more, though not selected
    second = _query(chain, with_, ["a"], {"roots": first["nextCursor"]["roots"]})
    assert _ids(second, "a") == ["a2.0", "a2.1", "a2.2", "a3.0", "a3.1", "a3.2"]


def test_child_set_pages_within_the_held_parent_page(chain: Any) -> None:
    with_ = {"roots": _roots(2), "e": _hop("roots", 4), "a": {"nodes": {"from": "e"}, "limit": 100}}
    first = _query(chain, with_, ["roots", "a"], {})
    assert set(first["nextCursor"]) == {"roots", "e"}
    held = {"e": first["nextCursor"]["e"]}  # the roots' cursor of this page: none (the first page)
    second = _query(chain, with_, ["roots", "a"], held)
    assert _ids(second, "roots") == ["r0", "r1"]
    assert len(second["items"]["a"]) == 2
    assert sorted(_ids(first, "a") + _ids(second, "a")) == ["a0.0", "a0.1", "a0.2", "a1.0", "a1.1", "a1.2"]
    assert set(second["nextCursor"]) == {"roots"}  # the edges of r0, r1 are exhausted


def test_parent_advances_with_the_child_reset(chain: Any) -> None:
    with_ = {"roots": _roots(2), "e": _hop("roots", 4), "a": {"nodes": {"from": "e"}, "limit": 100}}
    first = _query(chain, with_, ["a"], {})
    second = _query(chain, with_, ["roots", "a"], {"roots": first["nextCursor"]["roots"]})
    assert _ids(second, "roots") == ["r2", "r3"]
    assert _ids(second, "a") == ["a2.0", "a2.1", "a2.2", "a3.0"]
    assert set(second["nextCursor"]) == {"roots", "e"}


def test_edges_to_nodes_chain_on_the_second_page(chain: Any) -> None:
    """The roots' next cursor sent together with the edges' cursor of the first page (as cognite-pygen v1
    sends every cursor it holds): the edge cursor belongs to the first page of roots, so the second page's
    edges start at the first edge of the new roots and its nodes are those edges' ends (the offset used to
    be applied to the new roots' edges, cutting edges and nodes)."""
    with_ = {
        "roots": _roots(2),
        "e": _hop("roots", 4),
        "a": {"nodes": {"from": "e"}, "limit": 100},
        "e2": _hop("a", 100),
        "b": {"nodes": {"from": "e2"}, "limit": 100},
    }
    names = ["roots", "e", "a", "e2", "b"]
    first = _query(chain, with_, names, {})
    assert set(first["nextCursor"]) == {"roots", "e"}
    second = _query(chain, with_, names, dict(first["nextCursor"]))
    assert _ids(second, "roots") == ["r2", "r3"]
    assert _ids(second, "a") == ["a2.0", "a2.1", "a2.2", "a3.0"]
    assert _ids(second, "b") == ["b2.0", "b2.1", "b2.2", "b3.0"]
    assert len(second["items"]["e"]) == len(second["items"]["e2"]) == 4


def test_every_node_of_a_chain_depth_first(chain: Any) -> None:
    """Depth first: hold the upstream cursors, page the deepest set that has a cursor, then the next one
    up with the sets below it reset; every node at the end of the chain comes exactly once."""
    with_ = {
        "roots": _roots(2),
        "e": _hop("roots", 2),
        "a": {"nodes": {"from": "e"}, "limit": 100},
        "e2": _hop("a", 1),
        "b": {"nodes": {"from": "e2"}, "limit": 100},
    }
    names = list(with_)
    got: list[str] = []
    held: dict[str, str] = {}
    for _ in range(100):
        page = _query(chain, with_, ["b"], held)
        got += _ids(page, "b")
        more = [name for name in names if name in page["nextCursor"]]
        if not more:
            break
        deepest = more[-1]
        held = {name: c for name, c in held.items() if names.index(name) < names.index(deepest)}
        held[deepest] = page["nextCursor"][deepest]
    assert got == sorted(f"b{i}.{j}" for i in range(5) for j in range(3))


def test_limits_and_expression_count_are_bounded(chain: Any) -> None:
    too_many = {f"s{i}": _roots(1) for i in range(51)}
    message = chain.error("/instances/query", {"with": too_many, "select": {}})
    assert "between 1 and 50" in message
    message = chain.error("/instances/query", {"with": {"roots": _roots(10_001)}, "select": {"roots": {}}})
    assert "limit" in message
