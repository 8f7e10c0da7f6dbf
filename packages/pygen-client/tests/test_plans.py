"""The shared plan drivers: single calls, batches with per-call errors, decoding, lazy pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pygen_client import APIError
from pygen_client.plans import Call, Emit, Page, aiterate, arun, iterate, run


class _Requester:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    def _respond(self, method: str, path: str, options: dict[str, Any]) -> httpx.Response:
        self.sent.append((method, path, options))
        if path == "/boom":
            raise RuntimeError("boom")
        content = b"not json" if path == "/text" else b'{"path": "%s"}' % path.encode()
        return httpx.Response(200, content=content, request=httpx.Request(method, f"http://x{path}"))

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        return self._respond(method, path, options)


class _AsyncRequester(_Requester):
    async def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        return self._respond(method, path, options)


def _plan():  # type: ignore[no-untyped-def]
    raw = yield Call("GET", "/a", params={"limit": 1})
    decoded = yield Call("POST", "/b", json={"x": 1}, decode=True)
    try:
        yield Call("POST", "/boom")
    except RuntimeError as exc:
        caught = str(exc)
    batch = yield [Call("POST", "/c"), Call("POST", "/boom"), Call("POST", "/d", decode=True)]
    return raw, decoded, caught, batch


def _check(result: Any, requester: _Requester) -> None:
    raw, decoded, caught, batch = result
    assert raw == b'{"path": "/a"}'
    assert decoded == {"path": "/b"}
    assert caught == "boom"
    assert batch[0] == b'{"path": "/c"}'
    assert isinstance(batch[1], RuntimeError)
    assert batch[2] == {"path": "/d"}
    assert requester.sent[0] == ("GET", "/a", {"json": None, "params": {"limit": 1}})
    assert requester.sent[1] == ("POST", "/b", {"json": {"x": 1}})


def test_run_answers_single_calls_and_batches() -> None:
    requester = _Requester()
    _check(run(requester, _plan(), max_workers=2), requester)


async def test_arun_answers_single_calls_and_batches() -> None:
    requester = _AsyncRequester()
    _check(await arun(requester, _plan(), max_workers=2), requester)


def test_a_non_json_body_is_an_api_error_when_decoding() -> None:
    def plan():  # type: ignore[no-untyped-def]
        return (yield Call("GET", "/text", decode=True))

    with pytest.raises(APIError, match="Expected a JSON response body from GET /text"):
        run(_Requester(), plan())


def _pages():  # type: ignore[no-untyped-def]
    for path in ("/p1", "/p2"):
        body = yield Call("GET", path, decode=True)
        yield Emit(Page([body["path"]], None))


def test_iterate_sends_requests_only_as_pages_are_consumed() -> None:
    requester = _Requester()
    pages = iterate(requester, _pages())
    assert requester.sent == []
    assert next(pages).items == ["/p1"]
    assert len(requester.sent) == 1
    assert [page.items for page in pages] == [["/p2"]]


async def test_aiterate_streams_the_same_pages() -> None:
    assert [page.items async for page in aiterate(_AsyncRequester(), _pages())] == [["/p1"], ["/p2"]]
