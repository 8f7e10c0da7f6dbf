"""``PygenClient`` and ``AsyncPygenClient``: the transport plus the schema APIs, on one object."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from pygen_client._config import ClientConfig
from pygen_client._request import QueryParams
from pygen_client._transport import AsyncTransport, SyncTransport

if TYPE_CHECKING:
    # The schema APIs (and their pydantic models, ~40% of this package's import time) load on first use:
    # a generated SDK's instance path never touches them.
    from pygen_client.schema._apis import (
        AsyncContainersAPI,
        AsyncDataModelsAPI,
        AsyncSpacesAPI,
        AsyncViewsAPI,
        ContainersAPI,
        DataModelsAPI,
        SpacesAPI,
        ViewsAPI,
    )

__all__ = ["AsyncPygenClient", "PygenClient"]


class PygenClient:
    """Synchronous client for the CDF API of one project.

    Args:
        config: Where to connect and how (see ``ClientConfig``).
        http_client: Optional ``httpx.Client`` to send with (e.g. with a custom transport); the caller
            keeps ownership and closes it.
        sleep: The function used to wait between retries (injectable for tests).

    ``request``/``get``/``post`` take a path relative to ``{base_url}/api/v1/projects/{project}``, return
    the 2xx ``httpx.Response`` and raise a ``pygen_client`` error otherwise (after retries).
    ``spaces``, ``containers``, ``views`` and ``data_models`` are the schema APIs (imported on first use).
    """

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not isinstance(config, ClientConfig):
            raise TypeError(f"PygenClient needs a ClientConfig, got {type(config).__name__}")
        self._config = config
        self._transport = SyncTransport(config, http_client, sleep=sleep)

    @cached_property
    def spaces(self) -> SpacesAPI:
        from pygen_client.schema._apis import SpacesAPI

        return SpacesAPI(self)

    @cached_property
    def containers(self) -> ContainersAPI:
        from pygen_client.schema._apis import ContainersAPI

        return ContainersAPI(self)

    @cached_property
    def views(self) -> ViewsAPI:
        from pygen_client.schema._apis import ViewsAPI

        return ViewsAPI(self)

    @cached_property
    def data_models(self) -> DataModelsAPI:
        from pygen_client.schema._apis import DataModelsAPI

        return DataModelsAPI(self)

    @property
    def config(self) -> ClientConfig:
        return self._config

    @property
    def http_client(self) -> httpx.Client:
        return self._transport.http_client

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
        """Send ``method path`` with retries; ``json`` (or pre-encoded JSON ``content``) is gzipped."""
        return self._transport.request(
            method, path, json=json, content=content, params=params, headers=headers
        )

    def get(self, path: str, params: QueryParams | None = None, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, params=params, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kwargs)

    def close(self) -> None:
        """Close the connection pool (an ``http_client`` passed in is left open)."""
        self._transport.close()

    def __enter__(self) -> PygenClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PygenClient(base_url={self._config.base_url!r}, project={self._config.project!r})"


class AsyncPygenClient:
    """Asynchronous client: the same surface as ``PygenClient`` with awaitable methods."""

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.AsyncClient | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not isinstance(config, ClientConfig):
            raise TypeError(f"AsyncPygenClient needs a ClientConfig, got {type(config).__name__}")
        self._config = config
        self._transport = AsyncTransport(config, http_client, sleep=sleep)

    @cached_property
    def spaces(self) -> AsyncSpacesAPI:
        from pygen_client.schema._apis import AsyncSpacesAPI

        return AsyncSpacesAPI(self)

    @cached_property
    def containers(self) -> AsyncContainersAPI:
        from pygen_client.schema._apis import AsyncContainersAPI

        return AsyncContainersAPI(self)

    @cached_property
    def views(self) -> AsyncViewsAPI:
        from pygen_client.schema._apis import AsyncViewsAPI

        return AsyncViewsAPI(self)

    @cached_property
    def data_models(self) -> AsyncDataModelsAPI:
        from pygen_client.schema._apis import AsyncDataModelsAPI

        return AsyncDataModelsAPI(self)

    @property
    def config(self) -> ClientConfig:
        return self._config

    @property
    def http_client(self) -> httpx.AsyncClient:
        return self._transport.http_client

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
        """Send ``method path`` with retries; ``json`` (or pre-encoded JSON ``content``) is gzipped."""
        return await self._transport.request(
            method, path, json=json, content=content, params=params, headers=headers
        )

    async def get(self, path: str, params: QueryParams | None = None, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, params=params, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, json=json, **kwargs)

    async def aclose(self) -> None:
        """Close the connection pool (an ``http_client`` passed in is left open)."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncPygenClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncPygenClient(base_url={self._config.base_url!r}, project={self._config.project!r})"
