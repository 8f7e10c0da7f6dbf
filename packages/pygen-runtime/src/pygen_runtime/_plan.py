"""Sans-I/O request plans and the two thin drivers that run them (sync and async).

Every API operation is written once, as a generator (a *plan*) that yields what it needs from the
network and receives the answers:

* ``yield Call(...)`` sends one request; the plan receives the response body (``bytes``) or the error
  is raised inside the plan.
* ``yield [Call, ...]`` sends a batch concurrently (a bounded pool); the plan receives a list, in the same
  order, of ``bytes`` or the exception each call raised — so partial failure is the plan's decision.

The plan's ``return`` value is the result. :func:`run_sync` and :func:`run_async` are the only places that
do I/O; neither contains API logic, so sync and async cannot drift apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

__all__ = ["AsyncRequester", "Call", "Plan", "SyncRequester", "run_async", "run_sync"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call:
    """One request: method, path relative to the project URL, and a JSON body."""

    method: str
    path: str
    body: Any = None


Answer = bytes | BaseException
Plan = Generator[Call | Sequence[Call], Any, T]


class _Response(Protocol):
    @property
    def content(self) -> bytes: ...


class SyncRequester(Protocol):
    """What the sync driver needs: ``pygen_client.PygenClient`` satisfies it."""

    def request(self, method: str, path: str, *, json: Any = ...) -> _Response: ...


class AsyncRequester(Protocol):
    """What the async driver needs: ``pygen_client.AsyncPygenClient`` satisfies it."""

    def request(self, method: str, path: str, *, json: Any = ...) -> Awaitable[_Response]: ...


def run_sync(client: SyncRequester, plan: Plan[T], max_workers: int = 4) -> T:
    """Run ``plan`` with blocking I/O; batches run on at most ``max_workers`` threads."""

    def send(call: Call) -> bytes:
        return client.request(call.method, call.path, json=call.body).content

    def send_captured(call: Call) -> Answer:
        try:
            return send(call)
        except Exception as exc:
            return exc

    try:
        step = next(plan)
        while True:
            if isinstance(step, Call):
                try:
                    answer: Any = send(step)
                except Exception as exc:
                    step = plan.throw(exc)
                    continue
            elif len(step) <= 1 or max_workers <= 1:
                answer = [send_captured(c) for c in step]
            else:
                with ThreadPoolExecutor(max_workers=min(max_workers, len(step))) as pool:
                    answer = list(pool.map(send_captured, step))
            step = plan.send(answer)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def run_async(client: AsyncRequester, plan: Plan[T], max_workers: int = 4) -> T:
    """Run ``plan`` with ``await``ed I/O; batches run with at most ``max_workers`` requests in flight."""

    async def send(call: Call) -> bytes:
        response = await client.request(call.method, call.path, json=call.body)
        return response.content

    async def send_captured(call: Call, gate: asyncio.Semaphore) -> Answer:
        async with gate:
            try:
                return await send(call)
            except Exception as exc:
                return exc

    try:
        step = next(plan)
        while True:
            if isinstance(step, Call):
                try:
                    answer: Any = await send(step)
                except Exception as exc:
                    step = plan.throw(exc)
                    continue
            else:
                gate = asyncio.Semaphore(max(1, max_workers))
                answer = list(await asyncio.gather(*(send_captured(c, gate) for c in step)))
            step = plan.send(answer)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
