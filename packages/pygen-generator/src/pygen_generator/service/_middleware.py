"""Around every request: an ``x-request-id``, the API key (401) and rate limit (429), the body size
limit (413) and one JSON log line.

A pure ASGI middleware, so a request without a valid key or over its rate is refused before its body
is read or parsed, the body is counted as it arrives (a missing or false Content-Length does not get
past the limit), and the streamed zip is not buffered.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pygen_generator.service._security import ANONYMOUS, KeyRing, RateLimiter

__all__ = ["RequestContext"]

_log = logging.getLogger("pygen.service.requests")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _json_response(
    status: int, detail: str, headers: dict[str, str] | None = None
) -> tuple[Message, Message]:
    body = json.dumps({"detail": detail}).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *((k.encode(), v.encode()) for k, v in (headers or {}).items()),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


def _bearer(scope: Scope) -> str | None:
    scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class RequestContext:
    """``open_paths`` need no key and are not rate limited (``/health``)."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        keys: KeyRing,
        limiter: RateLimiter,
        open_paths: frozenset[str] = frozenset({"/health"}),
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.keys = keys
        self.limiter = limiter
        self.open_paths = open_paths

    def _admit(self, scope: Scope, state: dict[str, Any]) -> tuple[Message, Message] | None:
        """``None`` to go on (the key id in ``state``), or the 401/429 answer."""
        ident = ANONYMOUS
        if self.keys.enabled:
            presented = _bearer(scope)
            found = self.keys.identify(presented) if presented else None
            if found is None:
                return _json_response(
                    401,
                    "a valid API key is required: Authorization: Bearer <key>",
                    {"www-authenticate": "Bearer"},
                )
            ident = found
        state["key_id"] = ident
        wait = self.limiter.retry_after(ident)
        if wait is not None:
            return _json_response(
                429,
                f"more than {self.limiter.per_minute} requests in a minute with this key",
                {"retry-after": str(max(1, math.ceil(wait)))},
            )
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        received = 0
        status = 500
        response_started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise HTTPException(413, self._too_large())
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())],
                }
            await send(message)

        try:
            declared = _header(scope, b"content-length")
            refusal = None if scope.get("path") in self.open_paths else self._admit(scope, state)
            if (
                refusal is None
                and declared is not None
                and declared.isdigit()
                and int(declared) > self.max_body_bytes
            ):
                received = int(declared)
                refusal = _json_response(413, self._too_large())
            if refusal is not None:
                for message in refusal:
                    await send_with_id(message)
            else:
                await self.app(scope, counted_receive, send_with_id)
        except Exception:
            _log.exception("unhandled error", extra={"fields": {"request_id": request_id}})
            if not response_started:
                for message in _json_response(500, "internal error"):
                    await send_with_id(message)
        finally:
            fields = {
                "request_id": request_id,
                "key_id": state.get("key_id"),
                "method": scope.get("method"),
                "endpoint": scope.get("path"),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "body_bytes": received,
            }
            fields.update(state.get("log_fields", {}))
            _log.info("request", extra={"fields": fields})

    def _too_large(self) -> str:
        return f"the request body is larger than this server's limit of {self.max_body_bytes} bytes"
