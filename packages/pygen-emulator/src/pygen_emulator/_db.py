"""SQLite storage: one writer connection plus reader connections, every write all-or-nothing.

Reads run side by side (a long search must not stall another client's ``byids``, issue 14); a write
waits for the reads in progress and runs alone, and reads wait for it. That is a readers-writer lock
in Python, so SQLite never sees a reader next to a writer: no ``database is locked``, no snapshot
questions, and the caches over the schema (:meth:`Database.on_transaction_end`) stay exact.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Database"]

_names = itertools.count(1)


class Database:
    """An SQLite database (in memory unless ``path`` is given) shared by a writer and readers.

    ``transaction()`` runs ``BEGIN .. COMMIT`` on the writer connection and rolls back on any
    exception, so a request either happens whole or not at all. Nested ``transaction()`` calls join
    the outer transaction. Callbacks registered with :meth:`on_transaction_end` run after every
    outermost commit or rollback (still holding the write lock), so caches over the data can stay
    exact without every writer remembering them.

    ``read()`` gives a reader connection of its own to each thread (nested ``read()`` calls on a
    thread share it); inside a transaction it gives the writer connection, which sees the
    transaction's own writes. An in-memory database is a named shared-cache one, so that its
    readers see the same data (with ``read_uncommitted``: the Python lock, not SQLite's table locks,
    keeps them away from writes).
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        if path:
            self._target, self._uri = path, False
        else:
            self._target = f"file:pygen-emulator-{os.getpid()}-{next(_names)}?mode=memory&cache=shared"
            self._uri = True
        self.conn: sqlite3.Connection = self._connect()
        self._cond = threading.Condition(threading.Lock())
        self._writer: int | None = None  # thread holding the write lock
        self._depth = 0
        self._readers = 0
        self._waiting_writers = 0
        self._local = threading.local()
        self._pool: list[sqlite3.Connection] = []
        self._all_readers: list[sqlite3.Connection] = []
        self._listeners: list[Callable[[bool], None]] = []
        if path:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._target, uri=self._uri, check_same_thread=False, isolation_level=None)

    # -- the readers-writer lock -------------------------------------------------------------------
    def _acquire_write(self) -> None:
        if getattr(self._local, "depth", 0):
            raise RuntimeError("a write transaction cannot start inside Database.read() on the same thread")
        with self._cond:
            self._waiting_writers += 1
            try:
                # waiting writers hold new readers back, so a stream of reads cannot starve a write
                self._cond.wait_for(lambda: self._writer is None and self._readers == 0)
            finally:
                self._waiting_writers -= 1
            self._writer = threading.get_ident()

    def _release_write(self) -> None:
        with self._cond:
            self._writer = None
            self._cond.notify_all()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; rolled back entirely when the block raises."""
        if self._writer == threading.get_ident():
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._acquire_write()
        try:
            self.conn.execute("BEGIN")
            self._depth = 1
            committed = False
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                # A statement such as executescript() may already have committed.
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")
                committed = True
            finally:
                self._depth = 0
                for listener in self._listeners:
                    listener(committed)
        finally:
            self._release_write()

    def on_transaction_end(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(committed)`` after every outermost transaction."""
        self._listeners.append(listener)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Read access (no write may happen in the block), alongside other threads' reads."""
        if self._writer == threading.get_ident():
            yield self.conn
            return
        local = self._local
        if getattr(local, "depth", 0):
            local.depth += 1
            try:
                yield local.conn
            finally:
                local.depth -= 1
            return
        with self._cond:
            self._cond.wait_for(lambda: self._writer is None and self._waiting_writers == 0)
            self._readers += 1
            conn = self._pool.pop() if self._pool else None
        try:
            if conn is None:
                conn = self._new_reader()
            local.conn, local.depth = conn, 1
            try:
                yield conn
            finally:
                local.conn, local.depth = None, 0
        finally:
            with self._cond:
                if conn is not None:
                    self._pool.append(conn)
                self._readers -= 1
                if self._readers == 0:
                    self._cond.notify_all()

    def _new_reader(self) -> sqlite3.Connection:
        conn = self._connect()
        if not self.path:
            conn.execute("PRAGMA read_uncommitted = 1")
        with self._cond:
            self._all_readers.append(conn)
        return conn

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if self._writer == threading.get_ident():
            yield
            return
        self._acquire_write()
        try:
            yield
        finally:
            self._release_write()

    def drop_everything(self) -> None:
        """Drop every table and index (used by reset on a file database)."""
        with self._exclusive():
            rows = self.conn.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            self.conn.execute("PRAGMA foreign_keys=OFF")
            for kind, name in rows:
                self.conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
            self.conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        with self._exclusive():
            for reader in self._all_readers:
                reader.close()
            self._all_readers.clear()
            self._pool.clear()
            self.conn.close()
