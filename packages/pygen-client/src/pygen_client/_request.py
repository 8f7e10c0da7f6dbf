"""Pure request building and response interpretation, shared by the sync and async transports."""

from __future__ import annotations

import json as jsonlib
import logging
import platform
import zlib
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import httpx
import pydantic_core

from pygen_client._config import ClientConfig
from pygen_client._errors import APIError, make_api_error, make_connection_error
from pygen_client._retry import RetryPolicy
from pygen_client._version import __version__

__all__ = ["CDF_API_VERSION", "RequestSpec", "attempt_plan", "base_headers", "encode_json_body"]

logger = logging.getLogger("pygen_client")

CDF_API_VERSION = "20230101"
GZIP_LEVEL = 1  # JSON compresses ~20x even at level 1, at a fraction of the CPU of level 6
SDK_HEADER = f"pygen-client:{__version__}"
USER_AGENT = f"pygen-client/{__version__} httpx/{httpx.__version__} python/{platform.python_version()}"

QueryParams = Mapping[str, Any]


def base_headers(config: ClientConfig) -> dict[str, str]:
    """Headers sent on every request (the Authorization header is added per attempt)."""
    return {
        "cdf-version": CDF_API_VERSION,
        "x-cdp-sdk": SDK_HEADER,
        "x-cdp-app": config.client_name,
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
    }


def encode_json_body(body: Any) -> bytes:
    """JSON-encode a request body (compact UTF-8), with pydantic-core's fast serializer.

    NaN and infinities are rejected (they are not JSON, and ``null`` would clear a property in CDF).
    """
    try:
        encoded = pydantic_core.to_json(body, by_alias=True)
    except pydantic_core.PydanticSerializationError as exc:
        raise TypeError(f"The request body is not JSON-serialisable: {exc}") from None
    if b"NaN" in encoded or b"Infinity" in encoded:  # rare: decide exactly with the strict encoder
        try:
            jsonlib.dumps(body, allow_nan=False, default=_reject)
        except ValueError as exc:
            raise ValueError(f"The request body is not valid JSON: {exc}") from None
    return encoded


def _reject(value: Any) -> Any:
    return str(value)  # only reached for types pydantic-core already serialised; NaN is what we look for


def gzip_body(raw: bytes) -> bytes:
    """Gzip-compress a body; level 1 is ~2.5x faster than 6 and nearly as small for JSON."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # wbits 31: gzip container, mtime 0
    return compressor.compress(raw) + compressor.flush()


def _encode_params(params: QueryParams | None) -> tuple[tuple[str, str], ...]:
    """Query parameters as CDF expects them: booleans as true/false, sequences repeated, None dropped."""
    encoded: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if item is None:
                continue
            encoded.append((key, "true" if item is True else "false" if item is False else str(item)))
    return tuple(encoded)


@dataclass(frozen=True)
class RequestSpec:
    """One logical request, independent of attempts: method, URL, headers and (gzipped) body."""

    method: str
    url: str
    params: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    content: bytes | None

    @classmethod
    def build(
        cls,
        config: ClientConfig,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RequestSpec:
        """Build the request for ``path`` (relative to ``config.api_url``).

        ``json`` is encoded as JSON; ``content`` is taken as already-encoded JSON bytes. Either body is
        gzip-compressed and sent with ``Content-Encoding: gzip``.
        """
        if not isinstance(path, str) or not path or path.startswith(("http://", "https://")):
            raise ValueError(
                f"path must be relative to {{base_url}}/api/v1/projects/{{project}}, e.g. '/models/spaces', got {path!r}"
            )
        if json is not None and content is not None:
            raise ValueError("pass either json= or content=, not both")
        if not path.startswith("/"):
            path = "/" + path
        all_headers = base_headers(config)
        body: bytes | None = None
        raw = encode_json_body(json) if json is not None else content
        if raw is not None:
            body = gzip_body(raw)
            all_headers["Content-Type"] = "application/json"
            all_headers["Content-Encoding"] = "gzip"
        if headers:
            all_headers.update(headers)
        return cls(method.upper(), config.api_url + path, _encode_params(params), all_headers, body)

    def to_httpx(self, client: httpx.Client | httpx.AsyncClient, token: str) -> httpx.Request:
        headers = dict(self.headers)
        headers["Authorization"] = f"Bearer {token}"
        return client.build_request(
            self.method,
            self.url,
            params=self.params or None,
            headers=headers,
            content=self.content,
        )


@dataclass(frozen=True)
class Send:
    """Step of an attempt plan: send the request (the driver answers with a response or an exception)."""

    attempt: int


@dataclass(frozen=True)
class Sleep:
    """Step of an attempt plan: sleep this many seconds before the next attempt."""

    seconds: float


Outcome: TypeAlias = "httpx.Response | Exception"
AttemptPlan: TypeAlias = "Generator[Send | Sleep, httpx.Response | Exception | None, httpx.Response]"


def attempt_plan(policy: RetryPolicy, description: str = "request") -> AttemptPlan:
    """The retry loop as a generator: yields ``Send``/``Sleep`` steps, returns the 2xx response.

    The driver sends ``httpx.Response`` or the transport exception for every ``Send`` step and ``None``
    for ``Sleep``. Raises the mapped ``APIError`` when the outcome is not retried. ``description``
    (method and path, never headers) is used in log messages.
    """
    retry_index = 0
    while True:
        outcome = yield Send(retry_index + 1)
        if isinstance(outcome, httpx.Response):
            if outcome.is_success:
                return outcome
            sleep = policy.next_sleep(retry_index, response=outcome)
            if sleep is None:
                raise make_api_error(outcome, attempts=retry_index + 1)
            reason = f"status {outcome.status_code}"
        elif isinstance(outcome, httpx.HTTPError):
            sleep = policy.next_sleep(retry_index, exc=outcome)
            if sleep is None:
                request = _request_of(outcome)
                if request is None:
                    raise APIError(
                        f"Request failed: {type(outcome).__name__}: {outcome}", attempts=retry_index + 1
                    )
                raise make_connection_error(outcome, request, attempts=retry_index + 1) from outcome
            reason = type(outcome).__name__
        else:
            assert outcome is not None
            raise outcome
        logger.debug(
            "Retrying %s after %s (retry %d of %d) in %.2f s",
            description,
            reason,
            retry_index + 1,
            policy.max_retries,
            sleep,
        )
        yield Sleep(sleep)
        retry_index += 1


def _request_of(exc: httpx.HTTPError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None
