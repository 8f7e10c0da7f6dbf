"""Filters are accepted up to MAX_FILTER_DEPTH levels, and every accepted filter is evaluated.

SQLite's parser stack overflowed at 18 levels of `not` (10 of `nested`) although 32 were accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pygen_emulator._filter_language import MAX_FILTER_DEPTH

TITLE = ["movies", "Movie/v1", "title"]
HIT = {"equals": {"property": TITLE, "value": "Aliens"}}
NEVER = {"equals": {"property": TITLE, "value": "no such title"}}
Wrap = Callable[[dict[str, Any], int], dict[str, Any]]

WRAPS: dict[str, Wrap] = {
    "not": lambda f, i: {"not": f},
    "and/or": lambda f, i: {"and": [{"matchAll": {}}, f]} if i % 2 else {"or": [NEVER, f]},
    "nested": lambda f, i: {"nested": {"scope": ["movies", "Movie/v1", "director"], "filter": f}},
}


def _deep(wrap: Wrap, levels: int) -> dict[str, Any]:
    """A filter of exactly ``levels`` levels (the leaf counts as one)."""
    f = HIT
    for i in range(levels - 1):
        f = wrap(f, i)
    return f


@pytest.mark.parametrize("kind", list(WRAPS))
def test_the_deepest_accepted_filter_is_evaluated(cinema: Any, kind: str) -> None:
    body = {"sources": [{"source": cinema.MOVIE}], "filter": _deep(WRAPS[kind], MAX_FILTER_DEPTH)}
    cinema.list(**body)  # 200, not "parser stack overflow"


@pytest.mark.parametrize("kind", list(WRAPS))
def test_one_level_more_is_refused_with_a_clear_message(cinema: Any, kind: str) -> None:
    message = cinema.error("/instances/list", {"filter": _deep(WRAPS[kind], MAX_FILTER_DEPTH + 1)})
    assert f"nested too deeply (more than {MAX_FILTER_DEPTH} levels)" in message


@pytest.mark.parametrize("levels", [1, 2, 7, 12, MAX_FILTER_DEPTH - 1, MAX_FILTER_DEPTH])
def test_deep_filters_give_the_same_answer_as_shallow_ones(cinema: Any, levels: int) -> None:
    expected_not = ["aliens"] if levels % 2 == 1 else sorted(cinema.ids(filter={"not": HIT}))
    assert sorted(cinema.ids(filter=_deep(WRAPS["not"], levels))) == expected_not
    assert cinema.ids(filter=_deep(WRAPS["and/or"], levels)) == ["aliens"]


def test_a_deep_filter_in_a_query_with_parameters(cinema: Any) -> None:
    leaf = {"equals": {"property": TITLE, "value": {"parameter": "title"}}}
    f: dict[str, Any] = leaf
    for _ in range(MAX_FILTER_DEPTH - 1):
        f = {"and": [f]}
    body = {
        "with": {"m": {"nodes": {"filter": f}}},
        "select": {"m": {}},
        "parameters": {"title": "Aliens"},
    }
    result = cinema.post("/instances/query", body)
    assert [item["externalId"] for item in result["items"]["m"]] == ["aliens"]


def test_view_filters_have_the_same_limit(cinema: Any) -> None:
    def view(filter_: dict[str, Any]) -> dict[str, Any]:
        return {"space": "movies", "externalId": "Deep", "version": "v1", "filter": filter_, "properties": {}}

    cinema.post("/views", {"items": [view(_deep(WRAPS["not"], MAX_FILTER_DEPTH))]})
    message = cinema.error("/views", {"items": [view(_deep(WRAPS["not"], MAX_FILTER_DEPTH + 1))]})
    assert f"more than {MAX_FILTER_DEPTH} levels" in message
