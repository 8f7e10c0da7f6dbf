"""Sans-I/O request plans and the thin drivers that run them, sync and async.

Every API operation is written once, as a generator (a *plan*) that yields what it needs from the
network and receives the answers:

* ``yield Call(...)`` sends one request; the plan receives the response body as ``bytes`` (or, for a
  ``Call(..., decode=True)``, the decoded JSON), or the request's error is raised inside the plan.
* ``yield [Call, ...]`` sends a batch concurrently (at most ``max_workers`` at a time); the plan
  receives a list, in the same order, of answers or the exception each call raised.
* ``yield Page(...)`` (page plans only) hands a page to the consumer of ``iterate``/``aiterate``.

``run``/``arun`` execute a plan to its return value; ``iterate``/``aiterate`` stream its pages lazily.
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
    "AsyncRequester",
    "Call",
    "Page",
    "PagePlan",
    "Plan",
    "SyncRequester",
    "aiterate",
    "arun",
    "iterate",
    "run",
]

T = TypeVar("T")
DEFAULT_MAX_WORKERS = 4


@dataclass(frozen=True, slots=True)
class Call:
    """One request: method, path relative to the project URL, JSON body, query params.

    ``decode=False``: the plan receives the response bytes; ``decode=True``: the decoded JSON."""

    method: str
    path: str
    json: Any = None
    params: Mapping[str, Any] | None = None
    decode: bool = False


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
PagePlan = Generator[Call | Sequence[Call] | Page[T], Any, None]
# The drivers stream any subclass of Page (the runtime's typed pages are one) with its own type.
P = TypeVar("P", bound=Page[Any])


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


def run(requester: SyncRequester, plan: Plan[T], max_workers: int = DEFAULT_MAX_WORKERS) -> T:
    """Run ``plan`` with blocking I/O; batches run on at most ``max_workers`` threads."""
    reply: Any = None
    while True:
        try:
            step = _resume(plan, reply)
        except StopIteration as done:
            result: T = done.value
            return result
        reply = _sync_reply(requester, step, max_workers)


async def arun(requester: AsyncRequester, plan: Plan[T], max_workers: int = DEFAULT_MAX_WORKERS) -> T:
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
    requester: SyncRequester,
    plan: Generator[Call | Sequence[Call] | P, Any, None],
    max_workers: int = DEFAULT_MAX_WORKERS,
) -> Iterator[P]:
    """The pages of ``plan``, lazily: requests are sent only as the consumer asks for the next page."""
    reply: Any = None
    try:
        while True:
            try:
                step: Call | Sequence[Call] | P = _resume(plan, reply)
            except StopIteration:
                return
            if isinstance(step, Page):
                reply = None
                yield step
            else:
                reply = _sync_reply(requester, step, max_workers)
    finally:
        plan.close()


async def aiterate(
    requester: AsyncRequester,
    plan: Generator[Call | Sequence[Call] | P, Any, None],
    max_workers: int = DEFAULT_MAX_WORKERS,
) -> AsyncIterator[P]:
    """The async twin of ``iterate``."""
    reply: Any = None
    try:
        while True:
            try:
                step: Call | Sequence[Call] | P = _resume(plan, reply)
            except StopIteration:
                return
            if isinstance(step, Page):
                reply = None
                yield step
            else:
                reply = await _async_reply(requester, step, max_workers)
    finally:
        plan.close()
