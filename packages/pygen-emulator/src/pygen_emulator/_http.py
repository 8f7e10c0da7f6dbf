"""Request/response helpers shared by every endpoint: JSON bodies (gzip aware), query parameters.

Request bodies are capped (``Settings.max_body_bytes``) before and during decompression, so a small
gzip bomb is refused with a 413 after inflating at most the limit, never inflated whole.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from pygen_emulator._errors import DMSError

__all__ = [
    "RawBody",
    "json_response",
    "parse_json",
    "query_bool",
    "query_int",
    "read_body",
    "read_json",
    "read_json_body",
    "too_large",
]

_JSON = "application/json"
_CHUNK = 64 * 1024
# zlib window bits: gzip header (16 + 15), zlib header (15); "deflate" in HTTP means the zlib format.
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
# An integer literal this long may not fit in 64 bits: only then is the body parsed a second time.
_LONG_INTEGER = re.compile(rb"\d{19,}")
_INT_MIN, _UINT_MAX = -(2**63), 2**64 - 1


def too_large(limit: int) -> DMSError:
    """413 in CDF's error shape."""
    return DMSError(
        413,
        f"Request body is larger than {limit} bytes (before or after decompression): send smaller requests.",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The raw request body, read chunk by chunk and refused with a 413 as soon as it exceeds ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class RawBody:
    """A request body as received; :meth:`parse` (CPU work: run it off the event loop) gives the JSON."""

    data: bytes
    encoding: str
    limit: int

    def parse(self) -> Any:
        """The JSON value. Inflates ``gzip``/``deflate`` at most ``limit`` bytes; bad input is a 400/413."""
        return parse_json(self._inflate())

    def _inflate(self) -> bytes:
        if self.encoding in ("", "identity"):
            return self.data
        name = "gzip" if self.encoding == "x-gzip" else self.encoding
        wbits = _WBITS[self.encoding]
        inflater = zlib.decompressobj(wbits)
        out = bytearray()
        pending = self.data
        try:
            # Inflate in bounded steps: a small bomb that expands to gigabytes stops at the limit.
            while True:
                chunk = inflater.decompress(pending, _CHUNK)
                out += chunk
                if len(out) > self.limit:
                    raise too_large(self.limit)
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    if name != "gzip" or not inflater.unused_data:
                        break
                    pending = inflater.unused_data  # gzip allows several members, one after the other
                    inflater = zlib.decompressobj(wbits)
                elif not pending and not chunk:
                    raise DMSError(400, f"Request body is not valid {name} data: the stream is truncated.")
        except zlib.error as exc:
            raise DMSError(400, f"Request body is not valid {name} data: {exc}") from None
        return bytes(out)


async def read_json_body(request: Request, limit: int) -> RawBody:
    """The request body, size-checked, with its content encoding (not yet inflated or parsed)."""
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding not in _WBITS and encoding not in ("", "identity"):
        raise DMSError(400, f"Unsupported Content-Encoding {encoding!r}: send identity, gzip or deflate.")
    return RawBody(await read_body(request, limit), encoding, limit)


async def read_json(request: Request, limit: int) -> Any:
    """The parsed JSON body of a small request (parsed on a worker thread all the same)."""
    raw = await read_json_body(request, limit)
    return await run_in_threadpool(raw.parse)


def parse_json(raw: bytes) -> Any:
    """A JSON document; empty, malformed, too deep and beyond-64-bit-integer input is a 400."""
    if not raw.strip():
        raise DMSError(400, "Request body is empty: send a JSON object.")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if str(exc).startswith("depth limit exceeded"):
            raise DMSError(400, "Request body is nested more than 1024 levels deep.") from None
        raise DMSError(400, f"Request body is not valid JSON: {exc}") from None
    if _LONG_INTEGER.search(raw):
        # orjson turns integers beyond 64 bits into floats silently; the standard parser sees them exact.
        try:
            json.loads(raw, parse_int=_int_within_64_bits)
        except RecursionError:
            raise DMSError(400, "Request body is nested too deeply.") from None
    return value


def _int_within_64_bits(text: str) -> int:
    value = int(text)
    if not _INT_MIN <= value <= _UINT_MAX:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise DMSError(
            400, f"Request body has the integer {shown}, which does not fit in 64 bits: send it as a string."
        )
    return value


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response serialised with orjson."""
    return Response(orjson.dumps(data), status_code=status, media_type=_JSON, headers=headers)


def query_bool(query: Mapping[str, str], name: str, default: bool) -> bool:
    """A boolean query parameter (``true``/``false``, case-insensitive)."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise DMSError(400, f"Query parameter {name!r} must be true or false, got {raw!r}.")


def query_int(query: Mapping[str, str], name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter within ``[minimum, maximum]``."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DMSError(400, f"Query parameter {name!r} must be an integer, got {raw!r}.") from None
    if not minimum <= value <= maximum:
        raise DMSError(400, f"Query parameter {name!r} must be between {minimum} and {maximum}, got {value}.")
    return value
