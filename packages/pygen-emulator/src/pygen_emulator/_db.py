"""SQLite storage: one connection per app state, every write in an all-or-nothing transaction."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["Database"]


class Database:
    """An SQLite database (in memory unless ``path`` is given) guarded by one re-entrant lock.

    ``transaction()`` runs ``BEGIN .. COMMIT`` and rolls back on any exception, so a request either
    happens whole or not at all. Nested ``transaction()`` calls join the outer transaction. Callbacks
    registered with :meth:`on_transaction_end` run after every outermost commit or rollback (still
    under the lock), so caches over the data can stay exact without every writer remembering them.
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self.conn: sqlite3.Connection = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None
        )
        self._lock = threading.RLock()
        self._depth = 0
        self._listeners: list[Callable[[bool], None]] = []
        if path:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; rolled back entirely when the block raises."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
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

    def on_transaction_end(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(committed)`` after every outermost transaction."""
        self._listeners.append(listener)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Read access under the same lock (no write may happen in the block)."""
        with self._lock:
            yield self.conn

    def drop_everything(self) -> None:
        """Drop every table and index (used by reset on a file database)."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            self.conn.execute("PRAGMA foreign_keys=OFF")
            for kind, name in rows:
                self.conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
            self.conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        with self._lock:
            self.conn.close()
