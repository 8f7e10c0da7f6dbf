"""The FTS5 index behind /search (issue 14): work bounded by ``limit``, kept right by every writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorServer, Settings
from pygen_emulator.app import create_app
from pygen_emulator.instances import _search as _search_module
from pygen_emulator.instances._schema import Schema
from pygen_emulator.instances._search import search


def _search(api: Any, **body: Any) -> list[str]:
    return [i["externalId"] for i in api.post("/instances/search", {"view": api.MOVIE, **body})["items"]]


def _vm_steps(server: EmulatorServer, body: dict[str, Any]) -> tuple[int, int]:
    """(SQLite VM instructions, items) of one search, run on a connection we can watch."""
    ctx = server.emulator.ctx
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    with ctx.db.read() as conn:
        conn.set_progress_handler(count, 1)
        try:
            result = search(conn, Schema(ctx), body)
        finally:
            conn.set_progress_handler(None, 0)
    return steps, len(result["items"])


def _titles(api: Any, start: int, stop: int, title: str) -> None:
    for offset in range(start, stop, 1000):
        api.apply(
            [api.movie(f"m{i:05d}", title=f"{title} {i}") for i in range(offset, min(offset + 1000, stop))]
        )


def test_search_work_does_not_grow_with_the_matches(
    movies: Any, pygen_emulator_server: EmulatorServer
) -> None:
    """A limit-3 search visits about as much with 4000 matching instances as with 400 (it used to
    run a match function over every instance of the view: ten times the work)."""
    body = {"view": movies.MOVIE, "query": "pump", "limit": 3}
    _titles(movies, 0, 400, "Pump")
    small, found = _vm_steps(pygen_emulator_server, body)
    assert found == 3
    _titles(movies, 400, 4000, "Pump")
    large, found = _vm_steps(pygen_emulator_server, body)
    assert found == 3
    assert large < 2 * small, (small, large)
    # nothing matching: no instance is read at all
    none, found = _vm_steps(pygen_emulator_server, {**body, "query": "zyzzyva"})
    assert found == 0
    assert none < small, (none, small)


def test_search_with_a_filter_keeps_stopping_at_the_limit(
    movies: Any, pygen_emulator_server: EmulatorServer
) -> None:
    _titles(movies, 0, 3000, "Pump")
    flt = {"range": {"property": ["movies", "Movie/v1", "title"], "gte": "Pump 2"}}
    steps, found = _vm_steps(
        pygen_emulator_server, {"view": movies.MOVIE, "query": "pump", "limit": 5, "filter": flt}
    )
    assert found == 5
    full, _ = _vm_steps(pygen_emulator_server, {"view": movies.MOVIE, "query": "pump", "limit": 1000})
    assert steps * 10 < full, (steps, full)


def test_ranking_by_matching_terms_is_exact_in_tiers(movies: Any) -> None:
    movies.apply(
        [
            movies.movie("one", title="alpha"),
            movies.movie("two", title="alpha beta"),
            movies.movie("none", title="omega"),
            movies.movie("three", title="alpha beta gamma"),
            movies.movie("two-b", title="gamma beta"),
            movies.movie("one-b", title="gamma"),
        ]
    )
    assert _search(movies, query="alpha beta gamma") == ["three", "two", "two-b", "one", "one-b"]
    assert _search(movies, query="alpha beta gamma", limit=2) == ["three", "two"]
    assert _search(movies, query="alpha beta gamma", operator="AND") == ["three"]
    # more than four terms: the same ranking, counted over a bounded window of candidates
    five = "alpha beta gamma delta epsilon"
    assert _search(movies, query=five) == ["three", "two", "two-b", "one", "one-b"]
    assert _search(movies, query=five, limit=2) == ["three", "two"]
    assert _search(movies, query="alpha beta gamma", operator="OR", properties=["code"]) == []


def test_search_folds_case_as_python_casefold_does(movies: Any) -> None:
    """casefold, not SQLite's lower(): ß is ss, final sigma is sigma; diacritics are kept."""
    movies.apply(
        [
            movies.movie("street", title="Hauptstraße"),
            movies.movie("greek", title="ΣΊΣΥΦΟΣ"),
            movies.movie("school", title="école"),
        ]
    )
    assert _search(movies, query="HAUPTSTRASSE") == ["street"]
    assert _search(movies, query="hauptstr") == ["street"]
    assert _search(movies, query="σίσυφος") == ["greek"]
    assert _search(movies, query="ecole") == []
    assert _search(movies, query="ÉC") == ["school"]


def test_list_properties_and_the_searched_properties(movies: Any) -> None:
    movies.apply([movies.movie("m1", title="Plain", tags=["Ärger", "über"], code="Secret")])
    assert _search(movies, query="ärg") == ["m1"]
    assert _search(movies, query="secret") == ["m1"]
    assert _search(movies, query="secret", properties=["title", "tags"]) == []
    assert _search(movies, query="ÜBER", properties=["tags"]) == ["m1"]


def _documents(server: EmulatorServer) -> dict[str, set[str]]:
    """The words of each instance's search document (field prefixes taken off), by externalId."""
    with server.emulator.ctx.db.read() as conn:
        rows = conn.execute(
            "SELECT i.external_id, s.body FROM dms_search s JOIN dms_instances i ON i.id = s.rowid"
        ).fetchall()
    return {xid: {token.split("x", 1)[1] for token in body.split()} for xid, body in rows}


def test_the_index_follows_updates_nulls_deletes_and_revivals(
    movies: Any, pygen_emulator_server: EmulatorServer
) -> None:
    movies.apply([movies.movie("m1", title="Old words", tags=["red"]), movies.movie("m2", title="other")])
    movies.apply([movies.movie("m1", title="New words")])  # tags kept: absent keys are not changed
    assert _search(movies, query="old") == []
    assert _search(movies, query="new") == ["m1"]
    assert _search(movies, query="red") == ["m1"]
    movies.apply([movies.movie("m1", title="New words", tags=None)])
    assert _search(movies, query="red") == []
    movies.apply([movies.movie("m2", title="red")], replace=True)
    assert _search(movies, query="red") == ["m2"]
    assert _documents(pygen_emulator_server) == {"m1": {"new", "words"}, "m2": {"red"}}
    movies.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "m2"}]}
    )
    assert _search(movies, query="red") == []
    assert set(_documents(pygen_emulator_server)) == {"m1"}  # a deleted instance costs search nothing
    movies.apply([movies.movie("m2", title="revived")])
    assert _search(movies, query="revived") == ["m2"]
    assert _search(movies, query="red") == []
    assert _documents(pygen_emulator_server)["m2"] == {"revived"}


def _index_writes(server: EmulatorServer, api: Any, items: list[dict[str, Any]]) -> list[str]:
    """The statements of one apply that write the search index (watched on the writer connection)."""
    statements: list[str] = []
    conn = server.emulator.ctx.db.conn
    conn.set_trace_callback(statements.append)
    try:
        api.apply(items)
    finally:
        conn.set_trace_callback(None)
    return [s for s in statements if "dms_search" in s and not s.lstrip().upper().startswith("SELECT")]


def test_an_update_that_changes_no_text_leaves_the_index_alone(
    movies: Any, pygen_emulator_server: EmulatorServer
) -> None:
    """Rewriting a document is an FTS5 delete and insert: an update of numbers only skips it (it
    used to rewrite the document of every instance whose data changed at all)."""
    movies.apply([movies.movie("m1", title="Pump one", tags=["red"], releaseYear=1999)])
    assert (
        _index_writes(pygen_emulator_server, movies, [movies.movie("m1", title="Pump one", releaseYear=2000)])
        == []
    )
    assert _documents(pygen_emulator_server) == {"m1": {"pump", "one", "red"}}
    # a list of texts changed, or a text removed: the document is rewritten
    assert _index_writes(pygen_emulator_server, movies, [movies.movie("m1", title="Pump one", tags=["blue"])])
    assert _search(movies, query="blue") == ["m1"]
    assert _search(movies, query="red") == []
    assert _index_writes(pygen_emulator_server, movies, [movies.movie("m1", title="Pump one", tags=None)])
    assert _documents(pygen_emulator_server) == {"m1": {"pump", "one"}}


def test_an_update_in_any_order_writes_few_index_segments(
    movies: Any, pygen_emulator_server: EmulatorServer
) -> None:
    """FTS5 flushes its pending changes to a new segment whenever a write's rowid is below the one
    before: documents rewritten in the request's order (here descending) wrote one segment per
    document or two (over 200 for 200 instances). In rowid order, one (plus one more at most)."""
    movies.apply([movies.movie(f"m{i:03d}", title=f"Pump {i}") for i in range(200)])
    conn = pygen_emulator_server.emulator.ctx.db.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        movies.apply([movies.movie(f"m{i:03d}", title=f"Valve {i}") for i in reversed(range(200))])
    finally:
        conn.set_trace_callback(None)
    # a segment's first leaf page of each term range is recorded in the shadow table %_idx
    segments = [s for s in statements if "INSERT INTO 'main'.'dms_search_idx'" in s]
    assert 1 <= len(segments) <= 2, len(segments)
    assert _search(movies, query="valve", limit=1000) == [f"m{i:03d}" for i in range(200)]
    assert _search(movies, query="pump") == []


def test_edges_are_searched_through_their_view(cinema: Any) -> None:
    found = cinema.post("/instances/search", {"view": cinema.ROLE, "instanceType": "edge", "query": "ripley"})
    assert [item["externalId"] for item in found["items"]] == ["sigourney-aliens"]


def test_dropping_a_container_takes_its_words_out(movies: Any, pygen_emulator_server: EmulatorServer) -> None:
    extra = {"space": "movies", "externalId": "Extra", "properties": {"note": {"type": {"type": "text"}}}}
    movies.post("/containers", {"items": [extra]})
    view = {"space": "movies", "externalId": "Noted", "version": "v1"}
    note = {"container": {"type": "container", "space": "movies", "externalId": "Extra"}}
    movies.post(
        "/views",
        {"items": [{**view, "properties": {"note": {**note, "containerPropertyIdentifier": "note"}}}]},
    )
    node = movies.movie("m1", title="kept")
    node["sources"].append({"source": {"type": "view", **view}, "properties": {"note": "dropped"}})
    movies.apply([node])
    noted = {"type": "view", **view}
    found = movies.post("/instances/search", {"view": noted, "query": "dropped"})["items"]
    assert [item["externalId"] for item in found] == ["m1"]
    assert _documents(pygen_emulator_server)["m1"] == {"kept", "dropped"}
    movies.post("/views/delete", {"items": [view]})
    movies.post("/containers/delete", {"items": [{"space": "movies", "externalId": "Extra"}]})
    assert _documents(pygen_emulator_server)["m1"] == {"kept"}
    assert _search(movies, query="kept") == ["m1"]


def test_reset_empties_the_index(movies: Any, pygen_emulator_server: EmulatorServer) -> None:
    movies.apply([movies.movie("m1", title="Pump")])
    pygen_emulator_server.reset()
    movies.post("/spaces", {"items": [{"space": "movies"}]})
    movies.post("/containers", {"items": movies.MODEL["containers"]})
    movies.post("/views", {"items": movies.MODEL["views"]})
    assert _search(movies, query="pump") == []


def _file_app(path: Path) -> TestClient:
    client = TestClient(create_app(Settings(db_path=str(path), core_model=False)))
    client.headers["Authorization"] = "Bearer x"
    return client


def test_a_database_file_of_the_layout_before_the_index_is_indexed_on_open(tmp_path: Path, api: Any) -> None:
    model, view, movie = api.MODEL, api.MOVIE, api.movie
    path = tmp_path / "old.db"
    base = "/api/v1/projects/emulator/models"
    with _file_app(path) as client:
        for kind, items in (("spaces", [{"space": "movies"}]), ("containers", model["containers"])):
            assert client.post(f"{base}/{kind}", json={"items": items}).status_code == 200
        assert client.post(f"{base}/views", json={"items": model["views"]}).status_code == 200
        items = [movie("m1", title="Pump station"), movie("m2", title="Valve", tags=["pump"])]
        assert client.post(f"{base}/instances", json={"items": items}).status_code == 200
        client.app.state.emulator.ctx.db.close()  # type: ignore[attr-defined]
    # what a file written before the index looks like: no index tables, no layout version
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE dms_search")
    conn.execute("DROP TABLE dms_search_fields")
    conn.execute("DELETE FROM dms_instance_meta WHERE key = 'search_index'")
    conn.commit()
    conn.close()
    with _file_app(path) as client:
        found = client.post(f"{base}/instances/search", json={"view": view, "query": "PUMP"})
        assert found.status_code == 200, found.text
        assert sorted(item["externalId"] for item in found.json()["items"]) == ["m1", "m2"]
        client.app.state.emulator.ctx.db.close()  # type: ignore[attr-defined]
    # a write by a version that does not maintain the index: the data and the change number move on
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE dms_instance_data SET props = json_set(props, '$.title', 'Valve station') "
        "WHERE iid = (SELECT id FROM dms_instances WHERE external_id = 'm1')"
    )
    conn.execute("UPDATE dms_instance_meta SET value = value + 1 WHERE key = 'seq'")
    conn.commit()
    conn.close()
    with _file_app(path) as client:
        found = client.post(f"{base}/instances/search", json={"view": view, "query": "valve"})
        assert sorted(item["externalId"] for item in found.json()["items"]) == ["m1", "m2"]
        found = client.post(f"{base}/instances/search", json={"view": view, "query": "pump"})
        assert [item["externalId"] for item in found.json()["items"]] == ["m2"]


@pytest.mark.parametrize("operator", ["AND", "OR"])
def test_aggregate_counts_every_match(cinema: Any, operator: str) -> None:
    body = {
        "view": cinema.MOVIE,
        "query": "scifi horror",
        "operator": operator,
        "aggregates": [{"count": {}}],
    }
    count = cinema.post("/instances/aggregate", body)["items"][0]["aggregates"][0]["value"]
    assert count == (1 if operator == "AND" else 2)


def test_a_sorted_search_keeps_the_best_across_chunks(movies: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_search_module, "_MAX_CHUNK", 7)  # 100 matches: 15 chunks
    years = [(i * 37) % 101 for i in range(100)]
    movies.apply(
        [movies.movie(f"m{i:03d}", title=f"pump {i}", releaseYear=1900 + y) for i, y in enumerate(years)]
        + [movies.movie("other", title="valve", releaseYear=2100), movies.movie("no-year", title="pump")]
    )
    sort = [{"property": ["movies", "Movie/v1", "releaseYear"], "direction": "descending"}]
    expected = [f"m{i:03d}" for i in sorted(range(100), key=lambda i: (-years[i], i))]
    assert _search(movies, query="pump", sort=sort, limit=5) == expected[:5]
    assert _search(movies, query="pump", sort=sort, limit=1000) == [*expected, "no-year"]
    flt = {"range": {"property": ["movies", "Movie/v1", "releaseYear"], "lt": 1950}}
    below = [xid for xid in expected if years[int(xid[1:])] < 50]
    assert _search(movies, query="PUMP", sort=sort, filter=flt, limit=4) == below[:4]


def test_more_than_four_terms_rank_a_bounded_window(movies: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    movies.apply(
        [movies.movie(f"one{i}", title="alpha") for i in range(5)]
        + [
            movies.movie("all", title="alpha beta gamma delta epsilon"),
            movies.movie("two", title="alpha beta"),
        ]
    )
    five = "alpha beta gamma delta epsilon"
    assert _search(movies, query=five, limit=3) == ["all", "two", "one0"]
    monkeypatch.setattr(_search_module, "_WINDOW", 3)  # after the all-terms tier: one0, one1, one2 only
    assert _search(movies, query=five, limit=3) == ["all", "one0", "one1"]
