"""Request/response helpers shared by every endpoint: JSON bodies (gzip aware), query parameters."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from pygen_emulator._errors import DMSError

__all__ = [
    "json_response",
    "query_bool",
    "query_int",
    "read_json",
]

_JSON = "application/json"


async def read_json(request: Request) -> Any:
    """The parsed JSON body. Accepts ``Content-Encoding: gzip`` (and deflate); bad input is a 400."""
    raw = await request.body()
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise DMSError(400, f"Request body is not valid gzip data: {exc}") from None
    elif encoding == "deflate":
        try:
            raw = zlib.decompress(raw)
        except zlib.error as exc:
            raise DMSError(400, f"Request body is not valid deflate data: {exc}") from None
    elif encoding not in ("", "identity"):
        raise DMSError(400, f"Unsupported Content-Encoding {encoding!r}: send identity or gzip.")
    if not raw.strip():
        raise DMSError(400, "Request body is empty: send a JSON object.")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DMSError(400, f"Request body is not valid JSON: {exc}") from None


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response serialised with orjson."""
    return Response(orjson.dumps(data), status_code=status, media_type=_JSON, headers=headers)


def query_bool(request: Request, name: str, default: bool) -> bool:
    """A boolean query parameter (``true``/``false``, case-insensitive)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise DMSError(400, f"Query parameter {name!r} must be true or false, got {raw!r}.")


def query_int(request: Request, name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter within ``[minimum, maximum]``."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DMSError(400, f"Query parameter {name!r} must be an integer, got {raw!r}.") from None
    if not minimum <= value <= maximum:
        raise DMSError(400, f"Query parameter {name!r} must be between {minimum} and {maximum}, got {value}.")
    return value
