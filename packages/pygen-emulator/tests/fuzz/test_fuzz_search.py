"""Property-based check of /search against a plain Python model of its matching and ranking.

Random writes (create, update with nulls and lists, replace, delete, revive) over a few instances
with mixed-case non-ASCII words, then random queries: the FTS5-backed search must return exactly
what scanning every live instance with Python ``casefold`` word-prefix matching returns, ranked by
the number of matching terms, then creation order (issue 14: the index must stay right on every
write path and fold case as Python does).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from pygen_emulator import Settings
from pygen_emulator._routing import run
from pygen_emulator.app import create_app
from pygen_emulator.instances import INSTANCE_ENDPOINTS
from pygen_emulator.instances._search_index import words

_ENDPOINTS = {endpoint.path: endpoint for endpoint in INSTANCE_ENDPOINTS}
SPACE = "fs"
VIEW = {"type": "view", "space": SPACE, "externalId": "Doc", "version": "v1"}
PROPS = {
    "title": {"type": {"type": "text"}},
    "tags": {"type": {"type": "text", "list": True}},
    "kind": {"type": {"type": "enum", "values": {"pump": {}, "valve": {}}}},
}
XIDS = ["a", "b", "c", "d", "e"]
VOCABULARY = [
    "Pump",
    "pümpe",
    "PUMPE",
    "École",
    "straße",
    "STRASSE",
    "Σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "x_y",
    "a1",
    "Ärger",
]

texts = st.lists(st.sampled_from(VOCABULARY), max_size=4).map(lambda ws: " ".join(ws) + "!")
values = {
    "title": st.one_of(st.none(), texts),
    "tags": st.one_of(st.none(), st.lists(texts, max_size=3)),
    "kind": st.sampled_from(["pump", "valve"]),  # a string that is not text: never searched
}
writes = st.tuples(
    st.sampled_from(["apply", "replace", "delete"]),
    st.sampled_from(XIDS),
    st.fixed_dictionaries({}, optional=values),
)
# a whole word half of the time (ß/ss and final sigma differ only there), else a prefix; any case
terms = st.tuples(
    st.sampled_from(VOCABULARY), st.integers(1, 12), st.sampled_from([str.upper, str.lower, str.swapcase])
).map(lambda t: t[2](t[0][: t[1]] if t[1] <= len(t[0]) else t[0]))
# up to 6 terms: beyond 4 the ranking counts terms over a window (larger than these few instances)
queries = st.tuples(
    st.lists(terms, min_size=1, max_size=6), st.sampled_from(["AND", "OR"]), st.integers(1, 6)
)


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings(core_model=False))


def _fresh(app: Any) -> Any:
    app.state.emulator.reset()
    client = TestClient(app)
    headers = {"Authorization": "Bearer fuzz"}
    base = "/api/v1/projects/emulator/models"
    view_props = {
        n: {
            "container": {"type": "container", "space": SPACE, "externalId": "DocC"},
            "containerPropertyIdentifier": n,
        }
        for n in PROPS
    }
    for path, body in [
        ("/spaces", {"items": [{"space": SPACE}]}),
        ("/containers", {"items": [{"space": SPACE, "externalId": "DocC", "properties": PROPS}]}),
        (
            "/views",
            {"items": [{"space": SPACE, "externalId": "Doc", "version": "v1", "properties": view_props}]},
        ),
    ]:
        response = client.post(base + path, json=body, headers=headers)
        assert response.status_code == 200, response.text
    return app.state.emulator.ctx


def _matches(stored: dict[str, Any], term_list: list[str]) -> int:
    tokens: set[str] = set()
    for name in ("title", "tags"):
        value = stored.get(name)
        for text in value if isinstance(value, list) else [value] if value is not None else []:
            tokens.update(words(text))
    return sum(1 for term in term_list if any(token.startswith(term) for token in tokens))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(writes, min_size=1, max_size=12), searches=st.lists(queries, min_size=1, max_size=4))
def test_search_equals_a_scan_with_python_matching(
    app: Any, ops: list[tuple[str, str, dict[str, Any]]], searches: list[tuple[list[str], str, int]]
) -> None:
    ctx = _fresh(app)
    live: dict[str, dict[str, Any]] = {}
    created: list[str] = []  # first creation order = instance id order (a revival keeps its id)
    for op, xid, props in ops:
        if op == "delete":
            run(
                ctx,
                _ENDPOINTS["/delete"],
                {"items": [{"instanceType": "node", "space": SPACE, "externalId": xid}]},
            )
            live.pop(xid, None)
            continue
        node = {
            "instanceType": "node",
            "space": SPACE,
            "externalId": xid,
            "sources": [{"source": VIEW, "properties": props}],
        }
        run(ctx, _ENDPOINTS["/"], {"items": [node], "replace": op == "replace"})
        merged = {} if op == "replace" or xid not in live else dict(live[xid])
        merged.update(props)
        live[xid] = {k: v for k, v in merged.items() if v is not None}
        if xid not in created:
            created.append(xid)
    for term_list, operator, limit in searches:
        body = {"view": VIEW, "query": " ".join(term_list), "operator": operator, "limit": limit}
        found = [item["externalId"] for item in run(ctx, _ENDPOINTS["/search"], body)["items"]]
        folded = list(dict.fromkeys(w for term in term_list for w in words(term)))
        scores = {xid: _matches(stored, folded) for xid, stored in live.items()}
        needed = len(folded) if operator == "AND" else 1
        expected = sorted(
            (x for x, s in scores.items() if s >= needed), key=lambda x: (-scores[x], created.index(x))
        )
        assert found == expected[:limit], (body, live)
