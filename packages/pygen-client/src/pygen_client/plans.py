"""Sans-I/O request plans and the thin drivers that run them, sync and async.

Every API operation is written once, as a generator (a *plan*) that yields what it needs from the
network and receives the answers:

* ``yield Call(...)`` sends one request; the plan receives the response body as ``bytes`` (or, for a
  ``Call(..., decode=True)``, the decoded JSON), or the request's error is raised inside the plan.
* ``yield [Call, ...]`` sends a batch concurrently (at most ``max_workers`` at a time); the plan
  receives a list, in the same order, of answers or the exception each call raised.
* ``yield Emit(value)`` (streaming plans only) hands ``value`` to the consumer of ``iterate``/``aiterate``.

``run``/``arun`` execute a plan to its return value; ``iterate``/``aiterate`` stream its emitted values
lazily.
They are the only code that does I/O and contain no API logic, so sync and async cannot drift apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import httpx

from pygen_client._errors import APIError

__all__ = [
    "DEFAULT_CONCURRENCY",
    "AsyncRequester",
    "Call",
    "Emit",
    "Page",
    "PagePlan",
    "Plan",
    "StreamPlan",
    "SyncRequester",
    "aiterate",
    "arun",
    "iterate",
    "run",
]

T = TypeVar("T")
# Requests in flight at once for a batch (chunked writes, deletes, retrieves). The one definition:
# pygen-runtime re-exports it.
DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class Call:
    """One request: method, path relative to the project URL, JSON body, query params.

    ``decode=False``: the plan receives the response bytes; ``decode=True``: the decoded JSON."""

    method: str
    path: str
    json: Any = None
    params: Mapping[str, Any] | None = None
    decode: bool = False


@dataclass(frozen=True, slots=True)
class Emit(Generic[T]):
    """A value a streaming plan hands to its consumer (a page, usually); the plan receives ``None``.

    An explicit step, so the drivers never guess from the type of what was yielded."""

    value: T


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results: its items and the cursor of the next page (``None`` on the last)."""

    items: list[T]
    next_cursor: str | None = field(default=None)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Plan = Generator[Call | Sequence[Call], Any, T]
# A plan that streams values of type T (``yield Emit(value)``) and returns nothing.
StreamPlan = Generator[Call | Sequence[Call] | Emit[T], Any, None]
PagePlan = StreamPlan[Page[T]]


class SyncRequester(Protocol):
    """What the sync drivers need: ``PygenClient`` satisfies it."""

    def request(self, method: str, path: str, *, json: Any = None, params: Any = None) -> httpx.Response: ...


class AsyncRequester(Protocol):
    """What the async drivers need: ``AsyncPygenClient`` satisfies it."""

    async def request(
        self, method: str, path: str, *, json: Any = None, params: Any = None
    ) -> httpx.Response: ...


def _options(call: Call) -> dict[str, Any]:
    return {"json": call.json} if call.params is None else {"json": call.json, "params": call.params}


def _answer(call: Call, response: httpx.Response) -> Any:
    if not call.decode:
        return response.content
    try:
        return response.json()
    except ValueError:
        raise APIError(
            f"Expected a JSON response body from {response.request.method} {response.request.url.path}, "
            f"got {response.text[:200]!r}",
            status=response.status_code,
            request_id=response.headers.get("x-request-id"),
        ) from None


def _resume(plan: Generator[Any, Any, Any], reply: Any) -> Any:
    """Send ``reply`` into the plan, or throw it there if it is the error of a single call."""
    return plan.throw(reply) if isinstance(reply, Exception) else plan.send(reply)


def _sync_reply(requester: SyncRequester, step: Call | Sequence[Call], max_workers: int) -> Any:
    def send(call: Call) -> Any:
        try:
            return _answer(call, requester.request(call.method, call.path, **_options(call)))
        except Exception as exc:
            return exc

    if isinstance(step, Call):
        return send(step)
    if len(step) <= 1 or max_workers <= 1:
        return [send(call) for call in step]
    with ThreadPoolExecutor(max_workers=min(max_workers, len(step))) as pool:
        return list(pool.map(send, step))


async def _async_reply(requester: AsyncRequester, step: Call | Sequence[Call], max_workers: int) -> Any:
    async def send(call: Call) -> Any:
        try:
            return _answer(call, await requester.request(call.method, call.path, **_options(call)))
        except Exception as exc:
            return exc

    async def gated(call: Call, gate: asyncio.Semaphore) -> Any:
        async with gate:
            return await send(call)

    if isinstance(step, Call):
        return await send(step)
    gate = asyncio.Semaphore(max(1, max_workers))
    return list(await asyncio.gather(*(gated(call, gate) for call in step)))


def run(requester: SyncRequester, plan: Plan[T], max_workers: int = DEFAULT_CONCURRENCY) -> T:
    """Run ``plan`` with blocking I/O; batches run on at most ``max_workers`` threads."""
    reply: Any = None
    while True:
        try:
            step = _resume(plan, reply)
        except StopIteration as done:
            result: T = done.value
            return result
        reply = _sync_reply(requester, step, max_workers)


async def arun(requester: AsyncRequester, plan: Plan[T], max_workers: int = DEFAULT_CONCURRENCY) -> T:
    """Run ``plan`` with awaited I/O; batches run with at most ``max_workers`` requests in flight."""
    reply: Any = None
    while True:
        try:
            step = _resume(plan, reply)
        except StopIteration as done:
            result: T = done.value
            return result
        reply = await _async_reply(requester, step, max_workers)


def iterate(
    requester: SyncRequester, plan: StreamPlan[T], max_workers: int = DEFAULT_CONCURRENCY
) -> Iterator[T]:
    """The values ``plan`` emits, lazily: requests are sent only as the consumer asks for the next one."""
    reply: Any = None
    try:
        while True:
            try:
                step: Call | Sequence[Call] | Emit[T] = _resume(plan, reply)
            except StopIteration:
                return
            if isinstance(step, Emit):
                reply = None
                yield step.value
            else:
                reply = _sync_reply(requester, step, max_workers)
    finally:
        plan.close()


async def aiterate(
    requester: AsyncRequester, plan: StreamPlan[T], max_workers: int = DEFAULT_CONCURRENCY
) -> AsyncIterator[T]:
    """The async twin of ``iterate``."""
    reply: Any = None
    try:
        while True:
            try:
                step: Call | Sequence[Call] | Emit[T] = _resume(plan, reply)
            except StopIteration:
                return
            if isinstance(step, Emit):
                reply = None
                yield step.value
            else:
                reply = await _async_reply(requester, step, max_workers)
    finally:
        plan.close()
