"""The async path has what it needs installed: nothing is looked up on the import path per request.

httpcore asks ``sniffio`` which async library is running on every pooled request; without sniffio
installed each of those is a failed import (a ``sys.path`` search), part of the async path's gap to sync.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.metadata
import sys
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType

import pytest
from packaging.requirements import Requirement

from pygen_client import AsyncPygenClient, ClientConfig, Token


class _Ok(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as against CDF

    def do_GET(self) -> None:
        body = b'{"items": []}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@pytest.fixture
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _ImportRecorder(importlib.abc.MetaPathFinder):
    """Sees every import that is not already in ``sys.modules`` (it never finds anything itself)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        self.names.append(fullname)
        return None


async def test_async_requests_import_nothing_per_request(server_url: str) -> None:
    config = ClientConfig(base_url=server_url, project="p", credentials=Token("t"))
    async with AsyncPygenClient(config) as client:
        await client.get("/models/spaces")  # the first request may import lazily loaded modules
        recorder = _ImportRecorder()
        sys.meta_path.insert(0, recorder)
        try:
            for _ in range(20):
                await client.get("/models/spaces")
        finally:
            sys.meta_path.remove(recorder)
    assert recorder.names == []


def test_sniffio_is_a_declared_dependency() -> None:
    """Declared by pygen-client itself, not present by accident (httpcore only imports it if installed)."""
    requirements = [Requirement(line) for line in importlib.metadata.requires("pygen-client") or []]
    assert "sniffio" in {r.name for r in requirements if r.marker is None}
