"""Worker processes for validation and generation.

A thread cannot be stopped, so each job runs in a process of its own pool: a job past the time limit
is ended by killing its process, which is replaced at once. Workers are forked from a fork server that
has already imported the generator (no forking of the multi-threaded server, no import per worker).
Requests wait for a free worker in a bounded queue; a full queue or a wait past the time limit is
``PoolBusyError`` (the app answers 429).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from pygen_generator.service._jobs import Failure, Job, Outcome

__all__ = ["GenerationTimeoutError", "PoolBusyError", "WorkerPool"]

_log = logging.getLogger("pygen.service")
# Imported once by the fork server, so a new worker starts with the generator loaded.
_PRELOAD = ["pygen_generator.service._jobs", "pygen_generator._api", "pygen_generator.backends.python"]


class PoolBusyError(Exception):
    """Every worker is busy and the queue is full (or the wait took too long)."""


class GenerationTimeoutError(Exception):
    """The job ran past the time limit; its worker was killed."""


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _serve(conn: Connection) -> None:
    """A worker's loop: one job in, one outcome out, until the pipe closes or ``None`` arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it stops us
    from pygen_generator.service._jobs import run_job
    from pygen_generator.service._logs import configure_logging

    configure_logging("warning")

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(run_job(job))


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True, name="pygen-service-worker")
        self.process.start()
        child.close()

    def call(self, job: Job) -> Outcome:
        """Blocking: run in a thread. Raises ``EOFError`` when the process dies (or is killed) meanwhile."""
        self.conn.send(job)
        outcome: Outcome = self.conn.recv()
        return outcome

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def kill(self) -> None:
        self.process.kill()
        # Reap it and close the pipe (a thread may still be reading it) without blocking the event loop.
        threading.Thread(target=self._reap, daemon=True).start()

    def _reap(self) -> None:
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; ``run`` is safe to call from many requests at once."""

    def __init__(self, size: int, *, timeout: float, max_queue: int) -> None:
        self.size = size
        self.timeout = timeout
        self.max_queue = max_queue
        self._context: Any = None
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._waiting = 0

    async def start(self) -> None:
        self._context = _context()
        self._idle = asyncio.Queue()
        workers = await asyncio.to_thread(lambda: [_Worker(self._context) for _ in range(self.size)])
        for worker in workers:
            self._workers.add(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        workers, self._workers = list(self._workers), set()

        def stop_all() -> None:
            for worker in workers:
                worker.stop()

        await asyncio.to_thread(stop_all)

    def alive(self) -> int:
        return sum(worker.alive() for worker in self._workers)

    def busy(self) -> int:
        """Workers running a job now."""
        assert self._idle is not None
        return len(self._workers) - self._idle.qsize()

    def pids(self) -> list[int]:
        return sorted(worker.process.pid for worker in self._workers)

    async def _acquire(self) -> _Worker:
        assert self._idle is not None, "WorkerPool.start() was not awaited"
        if self._idle.empty() and self._waiting >= self.max_queue:
            raise PoolBusyError
        self._waiting += 1
        try:
            return await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            raise PoolBusyError from None
        finally:
            self._waiting -= 1

    def _replace(self, worker: _Worker) -> None:
        assert self._idle is not None
        worker.kill()
        self._workers.discard(worker)
        fresh = _Worker(self._context)
        self._workers.add(fresh)
        self._idle.put_nowait(fresh)

    async def run(self, job: Job) -> Outcome:
        """The job's outcome; ``PoolBusyError`` or ``GenerationTimeoutError`` past the limits."""
        worker = await self._acquire()
        finished = False
        try:
            outcome = await asyncio.wait_for(asyncio.to_thread(worker.call, job), self.timeout)
            finished = True
            return outcome
        except asyncio.TimeoutError:
            raise GenerationTimeoutError from None
        except (EOFError, OSError):
            _log.error("a worker process died during a job (pid %s)", worker.process.pid)
            return Failure(500, "", "the worker generating this model stopped", "try again")
        finally:
            # A worker that did not answer (timed out, died, or the request was cancelled) may still
            # be busy: it is never reused.
            if finished:
                assert self._idle is not None
                self._idle.put_nowait(worker)
            else:
                self._replace(worker)
