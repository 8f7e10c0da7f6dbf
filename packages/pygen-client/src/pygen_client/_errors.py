"""The error hierarchy and the one function that maps an HTTP response to an error.

Every error the client raises is a ``PygenError``. Errors answered by the CDF API are ``APIStatusError``
subclasses (``status`` is always an ``int``) chosen by status code in :func:`make_api_error`; network
failures are ``APIConnectionError``/``APITimeoutError`` beside them under ``APIError``, with ``status``
``None``. Messages never contain credentials: they are built only from the response body
(server text) and the request method and path.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "PygenError",
    "RateLimitError",
    "ServerError",
    "make_api_error",
    "make_connection_error",
]

# The longest piece of a non-JSON error body that goes into an error message.
MAX_RAW_BODY_IN_MESSAGE = 1000


class PygenError(Exception):
    """Base class of every error raised by pygen-client."""


class ConfigurationError(PygenError, ValueError):
    """A ``ClientConfig`` (or its credentials) is invalid or incomplete."""


class APIError(PygenError):
    """An error answered by (or on the way to) the CDF API.

    Attributes:
        status: HTTP status code, or ``None`` when no response was received.
        code: The CDF error code from the body (``error.code``); the status when the body has none.
        message: The server's message (or a readable description when the body was not JSON).
        missing: ``error.missing`` — the ids the server could not find (empty when absent).
        duplicated: ``error.duplicated`` — the ids the server reported as duplicated (empty when absent).
        request_id: The ``x-request-id`` response header, for support tickets.
        attempts: How many attempts were made before giving up (1 when not retried).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        missing: list[dict[str, Any]] | None = None,
        duplicated: list[dict[str, Any]] | None = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        body: Any = None,
    ) -> None:
        self.message = message
        self.status = status
        self.code = code
        self.missing: list[dict[str, Any]] = list(missing or [])
        self.duplicated: list[dict[str, Any]] = list(duplicated or [])
        self.request_id = request_id
        self.method = method
        self.path = path
        self.attempts = attempts
        self.body = body
        super().__init__(message)

    def __str__(self) -> str:
        parts = [self.message]
        details = []
        if self.method and self.path:
            details.append(f"{self.method} {self.path}")
        if self.status is not None:
            details.append(f"status {self.status}")
        if self.code is not None and self.code != self.status:
            details.append(f"code {self.code}")
        if self.request_id:
            details.append(f"x-request-id {self.request_id}")
        if self.attempts > 1:
            details.append(f"after {self.attempts} attempts")
        if self.missing:
            details.append(f"missing {_short_json(self.missing)}")
        if self.duplicated:
            details.append(f"duplicated {_short_json(self.duplicated)}")
        if details:
            parts.append(f"({', '.join(details)})")
        return " ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes survive pickling (multiprocessing, concurrent.futures).
        return (_restore_error, (type(self), dict(self.__dict__)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, message={self.message!r}, request_id={self.request_id!r})"


def _restore_error(cls: type[APIError], state: dict[str, Any]) -> APIError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class APIStatusError(APIError):
    """The API answered with an error status: ``status`` is that HTTP status (never ``None``)."""

    status: int

    def __init__(self, message: str, *, status: int, **kwargs: Any) -> None:
        super().__init__(message, status=status, **kwargs)


class BadRequestError(APIStatusError):
    """400: the request was rejected as invalid."""


class AuthenticationError(APIStatusError):
    """401 (or a failed token request): the credentials were missing, invalid or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials lack a capability the request needs."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state (for example an upsert conflict)."""


class RateLimitError(APIStatusError):
    """429: too many requests, still throttled after every retry."""


class ServerError(APIStatusError):
    """5xx: the server failed, still failing after every retry (for retryable statuses)."""


class APIConnectionError(APIError):
    """No response: the connection failed (DNS, refused, reset, protocol error)."""


class APITimeoutError(APIConnectionError):
    """No response in time: a connect, read, write or pool timeout."""


_STATUS_TO_CLASS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> type[APIStatusError]:
    """The error class for an HTTP status; other statuses map to ``APIStatusError``."""
    if status >= 500:
        return ServerError
    return _STATUS_TO_CLASS.get(status, APIStatusError)


def _short_json(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, separators=(",", ":"), default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dict_list(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def parse_error_body(
    status: int, content: bytes
) -> tuple[str, int, list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Read ``(message, code, missing, duplicated, body)`` from an error response body of any shape."""
    text = content.decode("utf-8", errors="replace").strip()
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        raw_code = error.get("code")
        code = raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else status
        message = error.get("message")
        if not isinstance(message, str) or not message:
            message = f"HTTP {status} error ({_short_json(error)})"
        return message, code, _dict_list(error.get("missing")), _dict_list(error.get("duplicated")), body
    if isinstance(body, dict) and isinstance(error, str):
        # OAuth2 token endpoint shape: {"error": "invalid_client", "error_description": "..."}
        description = body.get("error_description")
        message = f"{error}: {description}" if isinstance(description, str) and description else error
        return message, status, [], [], body
    if body is not None:
        return f"HTTP {status} error: {_short_json(body, MAX_RAW_BODY_IN_MESSAGE)}", status, [], [], body
    if text:
        snippet = text if len(text) <= MAX_RAW_BODY_IN_MESSAGE else text[:MAX_RAW_BODY_IN_MESSAGE] + "..."
        return f"HTTP {status} error: {snippet}", status, [], [], text
    return f"HTTP {status} error (empty response body)", status, [], [], None


def make_api_error(response: httpx.Response, *, attempts: int = 1) -> APIStatusError:
    """Map a non-2xx response to the matching error of the hierarchy (the one place that does so)."""
    status = response.status_code
    message, code, missing, duplicated, body = parse_error_body(status, response.content)
    try:
        request: httpx.Request | None = response.request
    except RuntimeError:  # a hand-built response that was never sent
        request = None
    return error_class_for_status(status)(
        message,
        status=status,
        code=code,
        missing=missing,
        duplicated=duplicated,
        request_id=response.headers.get("x-request-id"),
        method=request.method if request is not None else None,
        path=request.url.path if request is not None else None,
        attempts=attempts,
        body=body,
    )


def make_connection_error(exc: Exception, request: httpx.Request, *, attempts: int = 1) -> APIConnectionError:
    """Map a transport exception (no response) to ``APIConnectionError`` or ``APITimeoutError``."""
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    kind = "timed out" if cls is APITimeoutError else "failed"
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return cls(
        f"Request {kind} ({detail})",
        status=None,
        code=None,
        method=request.method,
        path=request.url.path,
        attempts=attempts,
    )
