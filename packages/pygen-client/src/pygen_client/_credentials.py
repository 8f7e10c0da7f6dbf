"""Credentials: a static token, OAuth2 client credentials, or any callable returning a token.

Every credential offers ``get_token()`` (sync) and ``aget_token()`` (async). Secrets never appear in
``repr`` or in error messages.

OAuth2 refresh is done exactly once when many threads and tasks ask at the same moment, also when one
credential object is shared by sync and async clients on several event loops: every refresh runs under
one ``threading.Lock`` (async callers run it in a worker thread, one task per event loop at a time).
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
import urllib.parse
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import httpx

from pygen_client._errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    error_class_for_status,
    make_connection_error,
    parse_error_body,
)

__all__ = ["CallableCredentials", "Credentials", "OAuthClientCredentials", "Token", "as_credentials"]

# Refresh an OAuth token this many seconds before it expires...
DEFAULT_REFRESH_MARGIN_SECONDS = 30.0
# ...but never earlier than half-way through its lifetime: a margin as long as the lifetime (30 s with a
# 4 s token) would make every request fetch a new token, one at a time behind the refresh lock.
MAX_REFRESH_MARGIN_SHARE = 0.5
DEFAULT_TOKEN_TIMEOUT_SECONDS = 30.0


@runtime_checkable
class Credentials(Protocol):
    """What the transport needs from credentials: a bearer token, sync or async."""

    def get_token(self) -> str: ...

    async def aget_token(self) -> str: ...


def _check_token(token: object, source: str) -> str:
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError(f"{source} must give a non-empty token string, got {type(token).__name__}")
    return token


class Token:
    """A static bearer token: ``Token("eyJ...")``."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        self._token = _check_token(token, "Token(...)")

    def get_token(self) -> str:
        return self._token

    async def aget_token(self) -> str:
        return self._token

    def __repr__(self) -> str:
        return "Token('***')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other._token == self._token

    def __hash__(self) -> int:
        return hash((Token, self._token))


class CallableCredentials:
    """Wraps any callable returning a token (sync, or async for the async client)."""

    __slots__ = ("_provider",)

    def __init__(self, provider: Callable[[], str | Awaitable[str]]) -> None:
        if not callable(provider):
            raise ConfigurationError("CallableCredentials needs a callable that returns a token string")
        self._provider = provider

    def get_token(self) -> str:
        token = self._provider()
        if inspect.isawaitable(token):
            if inspect.iscoroutine(token):
                token.close()  # avoid a "never awaited" warning
            raise ConfigurationError(
                f"the token provider {self._name()} is async; use it with AsyncPygenClient, "
                "or pass a sync callable"
            )
        return _check_token(token, f"the token provider {self._name()}")

    async def aget_token(self) -> str:
        token = self._provider()
        if inspect.isawaitable(token):
            token = await token
        return _check_token(token, f"the token provider {self._name()}")

    def _name(self) -> str:
        return getattr(self._provider, "__qualname__", None) or type(self._provider).__name__

    def __repr__(self) -> str:
        return f"CallableCredentials({self._name()})"


@dataclass(frozen=True)
class _CachedToken:
    access_token: str
    refresh_at: float  # a clock() value: the token is used until then


def refresh_delay(expires_in: float, margin: float) -> float:
    """Seconds after issue to refresh a token valid ``expires_in`` seconds: ``margin`` before it expires,
    but at most ``MAX_REFRESH_MARGIN_SHARE`` of its lifetime early."""
    lifetime = max(expires_in, 0.0)
    return lifetime - min(margin, lifetime * MAX_REFRESH_MARGIN_SHARE)


def parse_token_response(response: httpx.Response, token_url: str) -> tuple[str, float]:
    """``(access_token, expires_in_seconds)`` from a token endpoint response; raises a clear error."""
    if not response.is_success:
        message, _, _, _, body = parse_error_body(response.status_code, response.content)
        cls = error_class_for_status(response.status_code)
        if response.status_code in (400, 401, 403):
            cls = AuthenticationError
        raise cls(
            f"OAuth2 token request to {token_url} failed: {message}",
            status=response.status_code,
            code=response.status_code,
            request_id=response.headers.get("x-request-id"),
            body=body,
        )
    try:
        data = response.json()
    except ValueError:
        data = None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("access_token"), str)
        or not data["access_token"]
    ):
        raise AuthenticationError(
            f"OAuth2 token response from {token_url} has no 'access_token'; check IDP_TOKEN_URL",
            status=response.status_code,
        )
    raw_expires = data.get("expires_in", 3600)
    try:
        expires_in = float(raw_expires)
    except (TypeError, ValueError):
        raise AuthenticationError(
            f"OAuth2 token response from {token_url} has an unreadable 'expires_in' ({raw_expires!r})",
            status=response.status_code,
        ) from None
    return data["access_token"], expires_in


class OAuthClientCredentials:
    """OAuth2 client-credentials grant (RFC 6749 §4.4) with a cached token refreshed before expiry.

    Args:
        token_url: The identity provider's token endpoint.
        client_id, client_secret: The application's credentials (the secret is never shown).
        scopes: Scopes to request, e.g. ``["https://api.cognitedata.com/.default"]``.
        audience: Optional ``audience`` form field (some identity providers need it).
        refresh_margin_seconds: Refresh this long before the token expires (default 30 s), but never
            before half of the token's lifetime has passed.
        http_client: An ``httpx.Client`` for the token requests (default: a short-lived client per refresh).
        timeout: Timeout of a token request in seconds.
        clock: Monotonic clock in seconds (injectable for tests).
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] | None = None,
        audience: str | None = None,
        *,
        refresh_margin_seconds: float = DEFAULT_REFRESH_MARGIN_SECONDS,
        http_client: httpx.Client | None = None,
        timeout: float = DEFAULT_TOKEN_TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        missing = [
            name
            for name, value in (
                ("token_url", token_url),
                ("client_id", client_id),
                ("client_secret", client_secret),
            )
            if not isinstance(value, str) or not value.strip()
        ]
        if missing:
            raise ConfigurationError(
                f"OAuthClientCredentials: {', '.join(missing)} must be non-empty strings"
            )
        if not token_url.startswith(("http://", "https://")):
            raise ConfigurationError(
                f"OAuthClientCredentials: token_url must be an http(s) URL, got {token_url!r}"
            )
        if (
            isinstance(refresh_margin_seconds, bool)
            or not isinstance(refresh_margin_seconds, (int, float))
            or not refresh_margin_seconds >= 0  # also rejects NaN
        ):
            raise ConfigurationError(
                "OAuthClientCredentials: refresh_margin_seconds must be a number of seconds >= 0, "
                f"got {refresh_margin_seconds!r}"
            )
        if isinstance(scopes, str):
            scopes = scopes.replace(",", " ").split()
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.scopes: list[str] = list(scopes or [])
        self.audience = audience
        self.refresh_margin_seconds = refresh_margin_seconds
        self._timeout = timeout
        self._http_client = http_client
        self._clock = clock
        self._cached: _CachedToken | None = None
        self._lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._loop_locks_guard = threading.Lock()
        self.refresh_count = 0  # how many tokens were fetched (for diagnostics and tests)

    def __repr__(self) -> str:
        return (
            f"OAuthClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, "
            f"client_secret='***', scopes={self.scopes!r}, audience={self.audience!r})"
        )

    def _valid_cached(self) -> str | None:
        cached = self._cached
        if cached is not None and self._clock() < cached.refresh_at:
            return cached.access_token
        return None

    def invalidate(self) -> None:
        """Forget the cached token so the next request fetches a new one."""
        self._cached = None

    def get_token(self) -> str:
        token = self._valid_cached()
        if token is not None:
            return token
        with self._lock:
            token = self._valid_cached()  # another thread may have refreshed while we waited
            if token is not None:
                return token
            return self._refresh()

    async def aget_token(self) -> str:
        token = self._valid_cached()
        if token is not None:
            return token
        async with self._loop_lock():
            token = self._valid_cached()
            if token is not None:
                return token
            # The refresh runs under the threading lock, shared with sync clients and other loops.
            return await asyncio.to_thread(self.get_token)

    def _loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._loop_locks_guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            return lock

    def _form(self) -> dict[str, str]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
        }
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        if self.audience:
            form["audience"] = self.audience
        return form

    def _send(self, request: httpx.Request) -> httpx.Response:
        if self._http_client is not None:
            return self._http_client.send(request)
        # A token is fetched about once an hour: a short-lived client per refresh leaves no pool
        # (and no socket) behind for anybody to close.
        with httpx.Client(timeout=self._timeout) as client:
            return client.send(request)

    def _refresh(self) -> str:
        request = httpx.Request(
            "POST", self.token_url, data=self._form(), headers={"Accept": "application/json"}
        )
        started = self._clock()
        try:
            response = self._send(request)
        except httpx.HTTPError as exc:
            error = make_connection_error(exc, request)
            raise type(error)(
                f"OAuth2 token request to {self.token_url} failed: {error.message}", status=None
            ) from None
        try:
            access_token, expires_in = parse_token_response(response, self.token_url)
        except APIError as exc:  # an identity provider could echo the request: never pass the secret on
            for form in _secret_forms(self._client_secret):  # as given, and as form-encoded in the body
                exc.message = exc.message.replace(form, "***")
            exc.args = (exc.message,)
            exc.body = None
            raise
        self._cached = _CachedToken(
            access_token, started + refresh_delay(expires_in, self.refresh_margin_seconds)
        )
        self.refresh_count += 1
        return access_token


def _secret_forms(secret: str) -> list[str]:
    """The secret as given and as it appears in a form-encoded (or URL-quoted) request, longest first."""
    forms = {secret, urllib.parse.quote_plus(secret), urllib.parse.quote(secret, safe="")}
    return sorted(forms, key=len, reverse=True)


def as_credentials(value: Any) -> Credentials:
    """Normalise the ``credentials`` given to ``ClientConfig``: credential objects or any callable."""
    if isinstance(value, (Token, OAuthClientCredentials, CallableCredentials)):
        return value
    if isinstance(value, str):
        raise ConfigurationError(
            "credentials must be a credential object, not a plain string: wrap a static token as Token('...')"
        )
    if isinstance(value, Credentials):
        return value
    if callable(value):
        return CallableCredentials(value)
    raise ConfigurationError(
        "credentials must be Token(...), OAuthClientCredentials(...) or a callable returning a token, "
        f"got {type(value).__name__}"
    )
