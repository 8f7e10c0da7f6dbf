"""Bearer-token checks and the OAuth2 client-credentials token endpoint (``POST /oauth2/token``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import parse_qs, unquote

from starlette.requests import Request
from starlette.responses import Response

from pygen_emulator._errors import DMSError
from pygen_emulator._http import json_response, read_body
from pygen_emulator._settings import Settings

__all__ = ["TokenIssuer"]


class TokenIssuer:
    """Issues expiring tokens for the configured client and decides which bearer tokens pass.

    Without ``settings.token`` any non-empty bearer token passes, except tokens this issuer handed out
    that have expired (so token refresh can be tested). With ``settings.token`` only that token and
    unexpired issued tokens pass.

    Issued tokens carry their own expiry, signed with a key of this issuer (``emu_<expiry+nonce>.<mac>``),
    so the issuer keeps no per-token state: nothing grows with the number of tokens handed out.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._key = secrets.token_bytes(32)

    def check(self, authorization: str | None) -> None:
        """Raise a 401 :class:`DMSError` unless the ``Authorization`` header value is acceptable."""
        if not authorization:
            raise DMSError(401, "Missing Authorization header: send 'Authorization: Bearer <token>'.")
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise DMSError(401, "The Authorization header must be 'Bearer <token>'.")
        expiry = self._expiry_of(token)
        if expiry is not None:
            if time.monotonic() >= expiry:
                raise DMSError(401, "The access token has expired: fetch a new one from /oauth2/token.")
            return
        if self.settings.token is not None and not secrets.compare_digest(token, self.settings.token):
            raise DMSError(401, "Invalid access token: use the token the emulator was started with.")

    async def token_endpoint(self, request: Request) -> Response:
        """RFC 6749 §4.4 client credentials; client authentication in the form body or HTTP Basic."""
        raw = (await read_body(request, self.settings.max_body_bytes)).decode("utf-8", errors="replace")
        form = {key: values[0] for key, values in parse_qs(raw).items() if values}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(basic[6:].strip()).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return _oauth_error(401, "invalid_client", "Malformed HTTP Basic credentials.")
            user, _, password = decoded.partition(":")
            client_id, client_secret = unquote(user), unquote(password)
        grant = form.get("grant_type")
        if grant != "client_credentials":
            return _oauth_error(
                400, "unsupported_grant_type", f"grant_type must be client_credentials, got {grant!r}."
            )
        if client_id != self.settings.client_id or client_secret != self.settings.client_secret:
            return _oauth_error(401, "invalid_client", "Unknown client_id or wrong client_secret.")
        ttl = self.settings.token_ttl_seconds
        token = self._issue(time.monotonic() + ttl)
        return json_response({"access_token": token, "token_type": "Bearer", "expires_in": ttl})

    def _issue(self, expiry: float) -> str:
        payload = struct.pack(">d", expiry) + secrets.token_bytes(12)
        return f"{_TOKEN_PREFIX}{_b64(payload)}.{_b64(self._mac(payload))}"

    def _expiry_of(self, token: str) -> float | None:
        """The expiry (``time.monotonic()`` seconds) of a token this issuer made, else None."""
        if not token.startswith(_TOKEN_PREFIX):
            return None
        encoded_payload, _, encoded_mac = token[len(_TOKEN_PREFIX) :].partition(".")
        try:
            payload, mac = _unb64(encoded_payload), _unb64(encoded_mac)
        except (binascii.Error, ValueError):
            return None
        if len(payload) != _PAYLOAD_BYTES or not hmac.compare_digest(mac, self._mac(payload)):
            return None
        expiry: float = struct.unpack(">d", payload[:8])[0]
        return expiry

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:18]


_TOKEN_PREFIX = "emu_"
_PAYLOAD_BYTES = 20  # 8 bytes of expiry, 12 random


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _oauth_error(status: int, error: str, description: str) -> Response:
    return json_response({"error": error, "error_description": description}, status)
