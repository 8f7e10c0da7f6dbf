"""A tiny in-memory fake of the DMS schema endpoints, served through httpx.MockTransport."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest

from pygen_client import AsyncPygenClient, ClientConfig, PygenClient, Token

_KEYS = {
    "spaces": ("space",),
    "containers": ("space", "externalId"),
    "views": ("space", "externalId", "version"),
    "datamodels": ("space", "externalId", "version"),
}


class FakeDMS:
    """Schema endpoints with upsert, byids (missing omitted), delete, and cursor-paged list."""

    def __init__(self, max_page: int = 1000) -> None:
        self.store: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {name: {} for name in _KEYS}
        self.requests: list[tuple[str, str, dict[str, list[str]], Any]] = []
        self.max_page = max_page  # the server may return fewer than asked, like CDF
        self.clock = 1_700_000_000_000

    def key(self, resource: str, item: dict[str, Any]) -> tuple[str, ...]:
        return tuple(item.get(k, "") for k in _KEYS[resource])

    def add(self, resource: str, item: dict[str, Any]) -> None:
        self.store[resource][self.key(resource, item)] = item

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = None
        if request.content:
            raw = (
                gzip.decompress(request.content)
                if request.headers.get("content-encoding") == "gzip"
                else request.content
            )
            body = json.loads(raw)
        params: dict[str, list[str]] = {}
        for key, value in request.url.params.multi_items():
            params.setdefault(key, []).append(value)
        parts = request.url.path.split("/models/", 1)[1].split("/")
        resource, action = parts[0], (parts[1] if len(parts) > 1 else "")
        self.requests.append((request.method, "/".join(parts), params, body))
        store = self.store[resource]
        if request.method == "GET":
            limit = int(params.get("limit", ["10"])[0])
            offset = int(params.get("cursor", ["0"])[0])
            items = [v for v in store.values() if "space" not in params or v["space"] == params["space"][0]]
            page = items[offset : offset + min(limit, self.max_page)]
            out: dict[str, Any] = {"items": page}
            if offset + len(page) < len(items):
                out["nextCursor"] = str(offset + len(page))
            return httpx.Response(200, json=out)
        assert body is not None
        assert 1 <= len(body["items"]) <= 100, "schema endpoints take 1-100 items"
        if action == "":
            out_items = []
            for item in body["items"]:
                read = {**item, "isGlobal": False, "createdTime": self.clock, "lastUpdatedTime": self.clock}
                if resource == "views":  # resolve mapped properties roughly like CDF does
                    read["properties"] = {
                        key: {**prop, "type": {"type": "text", "list": False}}
                        if "container" in prop
                        else prop
                        for key, prop in item.get("properties", {}).items()
                    }
                store[self.key(resource, item)] = read
                out_items.append(read)
            return httpx.Response(200, json={"items": out_items})
        if action == "byids":
            found = []
            for item in body["items"]:
                if resource in ("views", "datamodels") and "version" not in item:
                    found += [v for k, v in store.items() if k[:2] == (item["space"], item["externalId"])]
                elif self.key(resource, item) in store:
                    found.append(store[self.key(resource, item)])
            return httpx.Response(200, json={"items": found})
        if action == "delete":
            deleted = [
                item for item in body["items"] if store.pop(self.key(resource, item), None) is not None
            ]
            return httpx.Response(200, json={"items": deleted})
        return httpx.Response(404, json={"error": {"code": 404, "message": f"no route {request.url.path}"}})


@pytest.fixture
def fake_dms() -> FakeDMS:
    return FakeDMS()


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(base_url="http://127.0.0.1:1", project="fake", credentials=Token("t"))


@pytest.fixture
def client(fake_dms: FakeDMS, config: ClientConfig) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(fake_dms))
    yield PygenClient(config, http)
    http.close()


@pytest.fixture
async def aclient(fake_dms: FakeDMS, config: ClientConfig) -> Any:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake_dms))
    yield AsyncPygenClient(config, http)
    await http.aclose()
