"""The HTTP/1.1 protocol the emulator is served with: uvicorn's httptools protocol with header limits.

uvicorn's httptools protocol buffers request headers without bound (an 8 MB header or 10,000 headers
are parsed and handed to the app), and its h11 protocol answers an oversized head with a plain 400.
This subclass counts the head as it arrives and answers ``431 Request Header Fields Too Large`` in
CDF's error shape once it passes :data:`MAX_HEADER_BYTES` or :data:`MAX_HEADER_COUNT`, then closes
the connection, before the oversized head is buffered whole.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

__all__ = ["MAX_HEADER_BYTES", "MAX_HEADER_COUNT", "LimitedHttpToolsProtocol"]

#: Request line plus headers, in bytes (nginx allows 32 kB by default, Node.js 16 kB).
MAX_HEADER_BYTES = 64 * 1024
#: Header fields per request (the official SDKs send about ten).
MAX_HEADER_COUNT = 256
_HEAD_END = b"\r\n\r\n"
_LINGER_SECONDS = 1.0


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` that refuses oversized request heads with a 431."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading_head = True
        self._head_bytes = 0
        self._header_count = 0
        self._too_many_headers = False
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # the rest of a refused head: read and dropped until the connection closes
        if self._reading_head:
            end = data.find(_HEAD_END)
            self._head_bytes += len(data) if end < 0 else end + len(_HEAD_END)
            if self._head_bytes > MAX_HEADER_BYTES:
                self._send_431(f"Request headers are larger than {MAX_HEADER_BYTES} bytes.")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head = True
        self._header_count = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > MAX_HEADER_COUNT:
            # The parser turns a callback's exception into send_400_response; the flag makes it a 431.
            self._too_many_headers = True
            raise ValueError("too many request headers")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if self._too_many_headers:
            self._send_431(f"A request may have at most {MAX_HEADER_COUNT} header fields.")
            return
        super().send_400_response(msg)

    def _send_431(self, message: str) -> None:
        body = orjson.dumps({"error": {"code": 431, "message": message}})
        head = [STATUS_LINE[431]]
        for name, value in self.server_state.default_headers:
            head.extend([name, b": ", value, b"\r\n"])
        head.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
            ]
        )
        transport: asyncio.Transport = self.transport
        transport.write(b"".join(head) + body)
        # Lingering close (as nginx does): closing with unread input would send a TCP reset, which can
        # destroy the 431 before the client reads it. Keep reading and dropping for a moment instead.
        self._refused = True
        self._reading_head = False
        if transport.can_write_eof():
            transport.write_eof()
        asyncio.get_running_loop().call_later(_LINGER_SECONDS, transport.close)
