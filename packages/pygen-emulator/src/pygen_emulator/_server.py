"""Running the emulator: in a background thread (tests, scripts) or in the foreground (CLI)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import uvicorn

from pygen_emulator._protocol import LimitedHttpToolsProtocol
from pygen_emulator._settings import Settings
from pygen_emulator.app import Emulator, create_app

if TYPE_CHECKING:
    from pygen_client import ClientConfig

__all__ = ["EmulatorHandle", "EmulatorServer", "bind_socket", "url_for", "uvicorn_config"]

TEST_TOKEN = "pygen-emulator-test-token"


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port=0`` picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when the listening
    # socket says it is TCP; without it every small response waits ~40 ms for Nagle's algorithm.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def url_for(host: str, port: int) -> str:
    """``http://host:port`` (IPv6 hosts in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def uvicorn_config(app: Any) -> uvicorn.Config:
    """How the emulator is served: quiet, no lifespan or websockets, request heads limited (431)."""
    return uvicorn.Config(
        app,
        http=LimitedHttpToolsProtocol,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
        server_header=False,
    )


class EmulatorServer:
    """An emulator served by uvicorn on a background thread.

    >>> with EmulatorServer() as server:
    ...     print(server.base_url)
    """

    def __init__(self, settings: Settings | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings or Settings()
        self.host = host
        self.port = port
        self.app = create_app(self.settings)
        self.emulator: Emulator = self.app.state.emulator
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return url_for(self.host, self.port)

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        """Start serving and return once connections are accepted."""
        sock = bind_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn_config(self.app))
        self._server = server
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])), name="pygen-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"pygen-emulator did not start on {self.base_url}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._server = self._thread = None

    def reset(self) -> None:
        """Back to the start-up state: only the preloaded models, faults as configured at start."""
        self.emulator.reset()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class EmulatorHandle:
    """What the ``emulator`` pytest fixture gives a test: where the emulator is and how to use it."""

    def __init__(self, server: EmulatorServer) -> None:
        self._server = server
        self.base_url: str = server.base_url
        self.project: str = server.settings.project
        self.token: str = server.settings.token or TEST_TOKEN

    @property
    def config(self) -> ClientConfig:
        """A ready :class:`pygen_client.ClientConfig` for this emulator."""
        from pygen_client import ClientConfig, Token

        return ClientConfig(
            base_url=self.base_url,
            project=self.project,
            credentials=Token(self.token),
            client_name="pygen-emulator-tests",
        )

    def load_model(self, model: str | Path | dict[str, Any]) -> dict[str, int]:
        """Deploy a model in the corpus format (a path to its JSON file, or the parsed dict)."""
        from pygen_client import PygenClient
        from pygen_emulator._loader import deploy_model, read_model

        data = model if isinstance(model, dict) else read_model(model)
        with PygenClient(self.config) as client:
            return deploy_model(client, data)

    def reset(self) -> None:
        """Back to the start-up state again (the fixture already resets before each test)."""
        self._server.reset()

    def set_faults(
        self,
        rate: float,
        seed: int | None = None,
        *,
        statuses: tuple[int, ...] | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Answer this fraction of API requests with an injected fault (429 with Retry-After, or 503).

        ``seed`` reseeds the generator; ``statuses`` picks the statuses drawn from (429, 500, 502, 503,
        504); ``retry_after`` sets the Retry-After seconds of injected 429s. ``reset()`` restores the
        start-up settings.
        """
        self._server.emulator.faults.configure(rate, seed, statuses=statuses, retry_after=retry_after)

    @property
    def faults_injected(self) -> int:
        """How many faults the server has injected so far (across tests)."""
        return self._server.emulator.faults.injected
