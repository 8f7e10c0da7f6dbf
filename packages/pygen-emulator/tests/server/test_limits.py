"""A server exposed on a network: request bodies are capped, and one request cannot stall the others."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from pygen_emulator import EmulatorHandle, Settings, create_app
from pygen_emulator._protocol import MAX_HEADER_BYTES, MAX_HEADER_COUNT
from pygen_emulator._settings import DEFAULT_MAX_BODY_BYTES
from pygen_emulator.schema._store import SchemaStore

AUTH = {"Authorization": "Bearer anything"}
SPACES = "/api/v1/projects/emulator/models/spaces"
GIB = 1 << 30


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of zeros (1024 members of 1 MiB each)."""
    member = gzip.compress(bytes(1 << 20), compresslevel=9)
    return member * (GIB // (1 << 20))


def test_a_gzip_bomb_is_refused_without_inflating_it(
    emulator: EmulatorHandle, api: httpx.Client, gzip_bomb: bytes
) -> None:
    assert len(gzip_bomb) < 2_000_000
    started = time.monotonic()
    response = api.post("/spaces", content=gzip_bomb, headers={"Content-Encoding": "gzip"})
    elapsed = time.monotonic() - started
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == 413
    assert f"larger than {DEFAULT_MAX_BODY_BYTES} bytes" in error["message"]
    # Inflating the whole GiB takes seconds and a GiB of memory; stopping at the limit takes milliseconds.
    assert elapsed < 2.0
    assert api.get("/spaces").status_code == 200  # and the server is fine


def test_several_gzip_members_are_one_body(api: httpx.Client) -> None:
    body = b'{"items": [{"space": "a' + b'"}]}'
    gz = gzip.compress(body[:10]) + gzip.compress(body[10:])
    response = api.post("/spaces", content=gz, headers={"Content-Encoding": "gzip"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("encoding", ["identity", "gzip", "deflate"])
def test_the_limit_holds_before_and_after_decompression(encoding: str) -> None:
    limit = 2000
    client = TestClient(create_app(Settings(max_body_bytes=limit)))
    small = b'{"items": [{"space": "sp", "description": "' + b"x" * 1000 + b'"}]}'
    big = b'{"items": [{"space": "sp", "description": "' + b"x" * 3000 + b'"}]}'

    def encode(raw: bytes) -> bytes:
        if encoding == "gzip":
            return gzip.compress(raw)
        if encoding == "deflate":
            import zlib

            return zlib.compress(raw)
        return raw

    headers = {**AUTH, "Content-Encoding": encoding}
    assert client.post(SPACES, content=encode(small), headers=headers).status_code == 200
    refused = client.post(SPACES, content=encode(big), headers=headers)
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == 413


def test_a_streamed_body_without_content_length_is_cut_off() -> None:
    client = TestClient(create_app(Settings(max_body_bytes=1000)))

    def chunks() -> Iterator[bytes]:
        yield b'{"items": [{"space": "sp", "description": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}]}'

    response = client.post(SPACES, content=chunks(), headers=AUTH)
    assert response.status_code == 413


def test_a_slow_request_does_not_stall_other_clients(
    emulator: EmulatorHandle, api: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    entered = threading.Event()
    original = SchemaStore.get_space

    def slow_get_space(self: SchemaStore, space: str) -> object:
        entered.set()
        release.wait(10)  # stands for a request with a lot of CPU work
        return original(self, space)

    monkeypatch.setattr(SchemaStore, "get_space", slow_get_space)
    slow = threading.Thread(target=lambda: api.post("/spaces/byids", json={"items": [{"space": "a"}]}))
    slow.start()
    try:
        assert entered.wait(5)
        other = httpx.get(
            f"{emulator.base_url}/_emulator/health",
            timeout=3,
            headers={"Authorization": f"Bearer {emulator.token}"},
        )
        assert other.status_code == 200
    finally:
        release.set()
        slow.join(10)


def _raw_request(emulator: EmulatorHandle, headers: list[tuple[str, str]]) -> bytes:
    """Send a GET with these extra headers on a raw socket; the first bytes of the answer."""
    port = int(emulator.base_url.rsplit(":", 1)[1])
    head = "GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with contextlib.suppress(OSError):  # the server may close while a huge head is still being sent
            sock.sendall(head.encode())
        return sock.recv(4096)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param([("X-Big", "a" * (8 << 20))], id="one 8 MB header"),
        pytest.param([(f"X-H{i}", "v") for i in range(10_000)], id="10,000 headers"),
        pytest.param([(f"h{i}", "") for i in range(MAX_HEADER_COUNT + 1)], id="just too many small headers"),
    ],
)
def test_oversized_request_heads_get_431(emulator: EmulatorHandle, headers: list[tuple[str, str]]) -> None:
    answer = _raw_request(emulator, headers)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b'"code":431' in answer
    assert httpx.get(f"{emulator.base_url}/_emulator/health").status_code == 200


def test_request_heads_within_the_limits_pass(emulator: EmulatorHandle) -> None:
    headers = [(f"h{i}", "v") for i in range(MAX_HEADER_COUNT - 10)] + [
        ("X-Big", "a" * (MAX_HEADER_BYTES // 2))
    ]
    assert _raw_request(emulator, headers).startswith(b"HTTP/1.1 200 ")


def test_the_token_endpoint_body_is_capped_too() -> None:
    client = TestClient(create_app(Settings(max_body_bytes=1000)))
    form = {"grant_type": "client_credentials", "client_id": "pygen-emulator", "client_secret": "x" * 2000}
    assert client.post("/oauth2/token", data=form).status_code == 413
