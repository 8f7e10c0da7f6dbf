"""The sync/async seam of the schema APIs: API logic is written once as generators of ``Call``s.

A *plan* is a generator that yields ``Call`` (the driver sends back the decoded JSON body) and, for
paginated reads, ``Page`` (handed to the consumer; the driver sends back ``None``). ``run``/``arun``
execute a plan to its return value; ``iterate``/``aiterate`` stream its pages lazily.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, Union

import httpx

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


@dataclass(frozen=True)
class Call:
    """One HTTP request of a plan."""

    method: str
    path: str
    json: Any = None
    params: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results: its items and the cursor of the next page (``None`` on the last)."""

    items: list[T]
    next_cursor: str | None = field(default=None)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Plan = Generator[Call, Any, T]
PagePlan = Generator[Union[Call, "Page[T]"], Any, None]


class SyncRequester(Protocol):
    def request(self, method: str, path: str, *, json: Any = None, params: Any = None) -> httpx.Response: ...


class AsyncRequester(Protocol):
    async def request(
        self, method: str, path: str, *, json: Any = None, params: Any = None
    ) -> httpx.Response: ...


def _decode(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        from pygen_client._errors import APIError

        raise APIError(
            f"Expected a JSON response body from {response.request.method} {response.request.url.path}, "
            f"got {response.text[:200]!r}",
            status=response.status_code,
            request_id=response.headers.get("x-request-id"),
        ) from None


def run(requester: SyncRequester, plan: Plan[T]) -> T:
    try:
        call = next(plan)
        while True:
            response = requester.request(call.method, call.path, json=call.json, params=call.params)
            call = plan.send(_decode(response))
    except StopIteration as done:
        result: T = done.value
        return result


async def arun(requester: AsyncRequester, plan: Plan[T]) -> T:
    try:
        call = next(plan)
        while True:
            response = await requester.request(call.method, call.path, json=call.json, params=call.params)
            call = plan.send(_decode(response))
    except StopIteration as done:
        result: T = done.value
        return result


def iterate(requester: SyncRequester, plan: PagePlan[T]) -> Iterator[Page[T]]:
    reply: Any = None
    try:
        while True:
            step = plan.send(reply)
            if isinstance(step, Page):
                yield step
                reply = None
            else:
                response = requester.request(step.method, step.path, json=step.json, params=step.params)
                reply = _decode(response)
    except StopIteration:
        return
    finally:
        plan.close()


async def aiterate(requester: AsyncRequester, plan: PagePlan[T]) -> AsyncIterator[Page[T]]:
    reply: Any = None
    try:
        while True:
            step = plan.send(reply)
            if isinstance(step, Page):
                yield step
                reply = None
            else:
                response = await requester.request(step.method, step.path, json=step.json, params=step.params)
                reply = _decode(response)
    except StopIteration:
        return
    finally:
        plan.close()
