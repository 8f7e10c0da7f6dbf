"""Bearer-token checks and the OAuth2 client-credentials token endpoint (``POST /oauth2/token``)."""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from urllib.parse import parse_qs, unquote

from starlette.requests import Request
from starlette.responses import Response

from pygen_emulator._errors import DMSError
from pygen_emulator._http import json_response
from pygen_emulator._settings import Settings

__all__ = ["TokenIssuer"]


class TokenIssuer:
    """Issues expiring tokens for the configured client and decides which bearer tokens pass.

    Without ``settings.token`` any non-empty bearer token passes, except tokens this issuer handed out
    that have expired (so token refresh can be tested). With ``settings.token`` only that token and
    unexpired issued tokens pass.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._issued: dict[str, float] = {}

    def check(self, authorization: str | None) -> None:
        """Raise a 401 :class:`DMSError` unless the ``Authorization`` header value is acceptable."""
        if not authorization:
            raise DMSError(401, "Missing Authorization header: send 'Authorization: Bearer <token>'.")
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise DMSError(401, "The Authorization header must be 'Bearer <token>'.")
        expiry = self._issued.get(token)
        if expiry is not None:
            if time.monotonic() >= expiry:
                raise DMSError(401, "The access token has expired: fetch a new one from /oauth2/token.")
            return
        if self.settings.token is not None and not secrets.compare_digest(token, self.settings.token):
            raise DMSError(401, "Invalid access token: use the token the emulator was started with.")

    async def token_endpoint(self, request: Request) -> Response:
        """RFC 6749 §4.4 client credentials; client authentication in the form body or HTTP Basic."""
        raw = (await request.body()).decode("utf-8", errors="replace")
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
        token = "emu_" + secrets.token_urlsafe(24)
        ttl = self.settings.token_ttl_seconds
        self._issued[token] = time.monotonic() + ttl
        return json_response({"access_token": token, "token_type": "Bearer", "expires_in": ttl})


def _oauth_error(status: int, error: str, description: str) -> Response:
    return json_response({"error": error, "error_description": description}, status)
