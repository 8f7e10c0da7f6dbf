"""A scripted DMS for unit tests: an httpx MockTransport that routes by path and records every request."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import httpx

from pygen_client import AsyncPygenClient, ClientConfig, PygenClient, Token
from pygen_runtime import (
    AsyncViewAPI,
    BooleanProperty,
    DateProperty,
    DirectRelation,
    DirectRelationProperty,
    Edge,
    EdgeFields,
    EdgeWrite,
    EnumProperty,
    FloatProperty,
    Int32,
    IntProperty,
    ListProperty,
    Node,
    NodeFields,
    NodeWrite,
    Properties,
    TextProperty,
    Timestamp,
    TimestampProperty,
    ViewAPI,
    ViewId,
)

PROJECT = "p"
BASE = "http://127.0.0.1:9"
PREFIX = f"/api/v1/projects/{PROJECT}"
VIEW = ViewId("sp", "Thing", "1")
LINK = ViewId("sp", "Link", "2")
Color = Literal["red", "green"]


class ThingProperties(Properties):
    name: str | None = None
    size: Int32 | None = None
    ratio: float | None = None
    flag: bool | None = None
    seen_at: Timestamp | None = None
    day: date | None = None
    color: Color | str | None = None
    tags: list[str] | None = None
    parent: DirectRelation | None = None


class ThingWrite(NodeWrite, ThingProperties, view=VIEW):
    color: Color | None = None


class Thing(Node, ThingProperties, view=VIEW):
    def as_write(self) -> ThingWrite:
        return self._to_write(ThingWrite)


class ThingFields(NodeFields, view=VIEW):
    name = TextProperty()
    size = IntProperty()
    ratio = FloatProperty()
    flag = BooleanProperty()
    seen_at = TimestampProperty()
    day = DateProperty()
    color = EnumProperty[Color]()
    tags = ListProperty[str]()
    parent = DirectRelationProperty()


class ThingAPI(ViewAPI[Thing, ThingWrite, ThingFields]):
    """Things."""


class AsyncThingAPI(AsyncViewAPI[Thing, ThingWrite, ThingFields]):
    """Things, async."""


class LinkProperties(Properties):
    weight: float | None = None


class LinkWrite(EdgeWrite, LinkProperties, view=LINK):
    """A link to write."""


class Link(Edge, LinkProperties, view=LINK):
    """A link as read."""


class LinkFields(EdgeFields, view=LINK):
    weight = FloatProperty()


class LinkAPI(ViewAPI[Link, LinkWrite, LinkFields]):
    """Links."""


def node_json(xid: str, space: str = "s", *, with_data: bool = True, **props: Any) -> dict[str, Any]:
    """A node as the API returns it; ``with_data=False``: a node without data in the Thing view."""
    return {
        "instanceType": "node",
        "space": space,
        "externalId": xid,
        "version": 1,
        "createdTime": 1_700_000_000_000,
        "lastUpdatedTime": 1_700_000_000_000,
        "properties": {"sp": {"Thing/1": props}} if with_data else {},
    }


Handler = Callable[[dict[str, Any]], "tuple[int, Any] | Any"]


@dataclass
class FakeDMS:
    """Routes ``POST {prefix}{path}`` to handlers; a handler returns a JSON body or ``(status, body)``."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def on(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [body for p, body in self.requests if p == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.content
        if request.headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        body = json.loads(raw) if raw else {}
        path = request.url.path.removeprefix(PREFIX)
        self.requests.append((path, body))
        handler = self.routes.get(path)
        if handler is None:
            return httpx.Response(404, json={"error": {"code": 404, "message": f"no route {path}"}})
        result = handler(body)
        status, payload = result if isinstance(result, tuple) else (200, result)
        return httpx.Response(status, json=payload, headers={"x-request-id": "req-1"})


def config() -> ClientConfig:
    return ClientConfig(base_url=BASE, project=PROJECT, credentials=Token("t"), max_retries=0)


def sync_client(fake: FakeDMS) -> PygenClient:
    return PygenClient(config(), http_client=httpx.Client(transport=httpx.MockTransport(fake)))


def async_client(fake: FakeDMS) -> AsyncPygenClient:
    return AsyncPygenClient(config(), http_client=httpx.AsyncClient(transport=httpx.MockTransport(fake)))
