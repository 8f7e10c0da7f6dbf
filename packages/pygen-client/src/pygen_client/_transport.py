"""The thin I/O drivers: run the pure attempt plan of ``_request`` with sync or async httpx.

Only sending, sleeping and token fetching differ between the two; what to send, whether to retry and
which error to raise are decided once, in ``_request.attempt_plan`` and ``_retry.RetryPolicy``.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from pygen_client._config import ClientConfig
from pygen_client._errors import AuthenticationError
from pygen_client._request import QueryParams, RequestSpec, Send, Sleep, attempt_plan
from pygen_client._retry import RetryPolicy

__all__ = ["AsyncTransport", "SyncTransport"]

KEEPALIVE_EXPIRY_SECONDS = 30.0


def _limits(config: ClientConfig) -> httpx.Limits:
    return httpx.Limits(
        max_connections=config.max_concurrent_requests,
        max_keepalive_connections=config.max_concurrent_requests,
        keepalive_expiry=KEEPALIVE_EXPIRY_SECONDS,
    )


def _policy(config: ClientConfig) -> RetryPolicy:
    return RetryPolicy(max_retries=config.max_retries)


def _forget_rejected_token(config: ClientConfig) -> None:
    """After a 401 the cached OAuth token may be revoked: the next request fetches a new one."""
    invalidate = getattr(config.token_provider, "invalidate", None)
    if callable(invalidate):
        invalidate()


class SyncTransport:
    """Sends requests with one pooled ``httpx.Client``, at most ``max_concurrent_requests`` at a time."""

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.policy = policy or _policy(config)
        self._owns_client = http_client is None
        self.http_client = http_client or httpx.Client(timeout=config.timeout, limits=_limits(config))
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(config.max_concurrent_requests)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: QueryParams | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        spec = RequestSpec.build(
            self.config, method, path, json=json, content=content, params=params, headers=headers
        )
        plan = attempt_plan(self.policy, f"{spec.method} {path}")
        step = next(plan)
        try:
            while True:
                if isinstance(step, Send):
                    outcome: httpx.Response | Exception
                    try:
                        token = self.config.token_provider.get_token()
                        request = spec.to_httpx(self.http_client, token)
                        with self._slots:
                            outcome = self.http_client.send(request)
                    except httpx.HTTPError as exc:
                        outcome = exc
                    step = plan.send(outcome)
                elif isinstance(step, Sleep):
                    self._sleep(step.seconds)
                    step = plan.send(None)
        except StopIteration as done:
            response: httpx.Response = done.value
            return response
        except AuthenticationError:
            _forget_rejected_token(self.config)
            raise

    def close(self) -> None:
        if self._owns_client:
            self.http_client.close()


class AsyncTransport:
    """The async twin of ``SyncTransport``'s I/O (the logic is shared): one pooled ``httpx.AsyncClient``."""

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.AsyncClient | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.policy = policy or _policy(config)
        self._owns_client = http_client is None
        self.http_client = http_client or httpx.AsyncClient(timeout=config.timeout, limits=_limits(config))
        self._sleep = sleep
        # One semaphore per event loop (asyncio primitives are bound to the loop that first uses them).
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _loop_slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.config.max_concurrent_requests)
        return slots

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: QueryParams | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        spec = RequestSpec.build(
            self.config, method, path, json=json, content=content, params=params, headers=headers
        )
        plan = attempt_plan(self.policy, f"{spec.method} {path}")
        step = next(plan)
        slots = self._loop_slots()
        try:
            while True:
                if isinstance(step, Send):
                    outcome: httpx.Response | Exception
                    try:
                        token = await self.config.token_provider.aget_token()
                        request = spec.to_httpx(self.http_client, token)
                        async with slots:
                            outcome = await self.http_client.send(request)
                    except httpx.HTTPError as exc:
                        outcome = exc
                    step = plan.send(outcome)
                elif isinstance(step, Sleep):
                    await self._sleep(step.seconds)
                    step = plan.send(None)
        except StopIteration as done:
            response: httpx.Response = done.value
            return response
        except AuthenticationError:
            _forget_rejected_token(self.config)
            raise

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http_client.aclose()
