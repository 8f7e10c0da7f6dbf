"""The database's readers-writer lock: reads side by side (issue 14), writes alone and whole."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_emulator import EmulatorHandle, EmulatorServer
from pygen_emulator._db import Database

_WAIT = 30  # seconds: only reached when the code under test deadlocks


@pytest.fixture(params=["memory", "file"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    database = Database(None if request.param == "memory" else str(tmp_path / "db.sqlite"))
    with database.transaction() as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
        conn.execute("INSERT INTO t VALUES (1)")
    yield database
    database.close()


def test_two_threads_read_at_the_same_time(db: Database) -> None:
    both_inside = threading.Barrier(2, timeout=_WAIT)  # raises BrokenBarrierError if they cannot meet
    seen: list[int] = []

    def reader() -> None:
        with db.read() as conn:
            both_inside.wait()
            seen.append(conn.execute("SELECT x FROM t").fetchone()[0])

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(_WAIT)
    assert seen == [1, 1]


def test_reads_see_committed_writes_and_a_transaction_sees_its_own(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute("INSERT INTO t VALUES (2)")
        with db.read() as same:  # e.g. the schema store asked during a write
            assert same is conn
            assert same.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    with db.read() as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 2

    def failing_write() -> None:
        with db.transaction() as conn:
            conn.execute("INSERT INTO t VALUES (3)")
            raise ValueError("undo")

    with pytest.raises(ValueError, match="undo"):
        failing_write()
    with db.read() as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 2


def test_a_write_waits_for_the_reads_in_progress(db: Database) -> None:
    reading = threading.Event()
    release = threading.Event()
    events: list[str] = []

    def reader() -> None:
        with db.read() as conn:
            reading.set()
            release.wait(_WAIT)
            events.append(f"read {conn.execute('SELECT count(*) FROM t').fetchone()[0]}")

    def writer() -> None:
        with db.transaction() as conn:
            conn.execute("INSERT INTO t VALUES (2)")
            events.append("wrote")

    r = threading.Thread(target=reader)
    r.start()
    assert reading.wait(_WAIT)
    w = threading.Thread(target=writer)
    w.start()
    release.set()
    r.join(_WAIT)
    w.join(_WAIT)
    assert events == ["read 1", "wrote"]  # the read saw nothing of the write that waited for it


def test_a_write_inside_a_read_is_refused_clearly(db: Database) -> None:
    with db.read(), pytest.raises(RuntimeError, match=r"inside Database\.read\(\)"), db.transaction():
        pass


def test_a_request_is_answered_while_another_read_is_in_progress(
    emulator: EmulatorHandle, pygen_emulator_server: EmulatorServer
) -> None:
    """A long read (a search over a large set) used to hold the one lock: byids waited for it."""
    reading = threading.Event()
    release = threading.Event()

    def long_read() -> None:
        with pygen_emulator_server.emulator.ctx.db.read():
            reading.set()
            release.wait(_WAIT)

    thread = threading.Thread(target=long_read)
    thread.start()
    try:
        assert reading.wait(_WAIT)
        base = f"{emulator.base_url}/api/v1/projects/{emulator.project}/models"
        response = httpx.post(
            f"{base}/instances/byids",
            json={"items": [{"instanceType": "node", "space": "nowhere", "externalId": "x"}]},
            headers={"Authorization": f"Bearer {emulator.token}"},
            timeout=_WAIT,
        )
        assert release.is_set() is False  # answered while the other read still held its connection
        assert response.status_code in (200, 400), response.text
    finally:
        release.set()
        thread.join(_WAIT)
