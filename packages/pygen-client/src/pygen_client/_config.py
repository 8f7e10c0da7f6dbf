"""``ClientConfig``: where to connect, as whom, and how patiently; validated at construction."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from pygen_client._credentials import Credentials, OAuthClientCredentials, Token, as_credentials
from pygen_client._errors import ConfigurationError
from pygen_client._retry import DEFAULT_MAX_RETRIES

__all__ = ["ClientConfig"]

DEFAULT_CLIENT_NAME = "pygen-client"
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_MAX_CONCURRENT_REQUESTS = 8
_PROJECT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_AZURE_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"


@dataclass(frozen=True)
class ClientConfig:
    """Connection settings for ``PygenClient``/``AsyncPygenClient``.

    Args:
        base_url: The cluster URL, e.g. ``https://westeurope-1.cognitedata.com`` or ``http://127.0.0.1:8765``.
        project: The CDF project name.
        credentials: ``Token(...)``, ``OAuthClientCredentials(...)`` or any callable returning a token.
        client_name: Sent as ``x-cdp-app``; name your application.
        timeout: Seconds per attempt (connect, read, write, pool).
        max_retries: Retries after the first attempt for retryable failures (0 disables retries).
        max_concurrent_requests: Requests in flight at once per client (also the connection pool size).
    """

    base_url: str
    project: str
    credentials: Credentials | Callable[[], str]
    client_name: str = DEFAULT_CLIENT_NAME
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    max_retries: int = DEFAULT_MAX_RETRIES
    max_concurrent_requests: int = DEFAULT_MAX_CONCURRENT_REQUESTS
    _normalised_credentials: Credentials = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems: list[str] = []
        base_url = self.base_url
        if not isinstance(base_url, str) or not base_url.strip():
            problems.append(
                "base_url must be a URL such as 'https://api.cognitedata.com', got an empty value"
            )
        else:
            base_url = base_url.strip().rstrip("/")
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append(
                    f"base_url must be an http(s) URL such as 'https://api.cognitedata.com', got {self.base_url!r}"
                )
            elif parts.query or parts.fragment or "/api/v1" in parts.path:
                problems.append(
                    f"base_url must be the cluster URL without '/api/v1/projects/...', query or fragment, "
                    f"got {self.base_url!r}"
                )
        if not isinstance(self.project, str) or not self.project.strip():
            problems.append("project must be a non-empty CDF project name")
        elif not _PROJECT_PATTERN.match(self.project):
            problems.append(
                f"project {self.project!r} is not a valid project name (letters, digits, '-', '_', '.')"
            )
        if not isinstance(self.client_name, str) or not self.client_name.strip():
            problems.append("client_name must be a non-empty string naming your application")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or self.timeout <= 0:
            problems.append(f"timeout must be a positive number of seconds, got {self.timeout!r}")
        if (
            isinstance(self.max_retries, bool)
            or not isinstance(self.max_retries, int)
            or self.max_retries < 0
        ):
            problems.append(f"max_retries must be an integer >= 0, got {self.max_retries!r}")
        if (
            isinstance(self.max_concurrent_requests, bool)
            or not isinstance(self.max_concurrent_requests, int)
            or self.max_concurrent_requests < 1
        ):
            problems.append(
                f"max_concurrent_requests must be an integer >= 1, got {self.max_concurrent_requests!r}"
            )
        credentials: Credentials | None = None
        try:
            credentials = as_credentials(self.credentials)
        except ConfigurationError as exc:
            problems.append(str(exc))
        if problems:
            raise ConfigurationError("Invalid ClientConfig: " + "; ".join(problems))
        assert credentials is not None
        object.__setattr__(self, "base_url", base_url)
        object.__setattr__(self, "timeout", float(self.timeout))
        object.__setattr__(self, "_normalised_credentials", credentials)

    def __repr__(self) -> str:
        # The credentials as normalised: a callable given as credentials (e.g. functools.partial(fetch,
        # "secret")) could carry a secret in its own repr.
        shown = getattr(self, "_normalised_credentials", None)
        parts = [
            f"{f.name}={shown if f.name == 'credentials' else getattr(self, f.name)!r}"
            for f in fields(self)
            if f.repr
        ]
        return f"ClientConfig({', '.join(parts)})"

    @property
    def api_url(self) -> str:
        """``{base_url}/api/v1/projects/{project}``: request paths are relative to this."""
        return f"{self.base_url}/api/v1/projects/{self.project}"

    @property
    def token_provider(self) -> Credentials:
        """The credentials as an object with ``get_token()``/``aget_token()``."""
        return self._normalised_credentials

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ClientConfig:
        """Build a config from the environment variables of the CDF ecosystem.

        ``CDF_URL`` (or ``CDF_CLUSTER`` → ``https://{cluster}.cognitedata.com``), ``CDF_PROJECT``, and
        either ``CDF_TOKEN`` or ``IDP_CLIENT_ID`` + ``IDP_CLIENT_SECRET`` + (``IDP_TOKEN_URL`` or
        ``IDP_TENANT_ID``), optionally ``IDP_SCOPES`` (space or comma separated; default
        ``{CDF_URL}/.default``) and ``IDP_AUDIENCE``. Optional: ``CDF_CLIENT_NAME``, ``CDF_TIMEOUT``,
        ``CDF_MAX_RETRIES``, ``CDF_MAX_CONCURRENT_REQUESTS``. Keyword arguments override the environment.
        Raises ``ConfigurationError`` listing every missing variable. When ``CDF_TOKEN`` and ``IDP_*``
        client-credential variables are both set, ``CDF_TOKEN`` wins and a ``UserWarning`` says so (a
        static token expires, so picking it silently hides a likely mistake).
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        missing: list[str] = []
        base_url = overrides.pop("base_url", None) or get("CDF_URL")
        if base_url is None and (cluster := get("CDF_CLUSTER")):
            base_url = f"https://{cluster}.cognitedata.com"
        if base_url is None:
            missing.append("CDF_URL or CDF_CLUSTER")
        project = overrides.pop("project", None) or get("CDF_PROJECT")
        if project is None:
            missing.append("CDF_PROJECT")
        credentials = overrides.pop("credentials", None)
        if credentials is None:
            credentials, credential_missing = _credentials_from_env(get, base_url)
            missing.extend(credential_missing)
        if missing:
            raise ConfigurationError(
                "ClientConfig.from_env(): missing environment variables: " + ", ".join(missing)
            )
        kwargs: dict[str, Any] = {}
        if name := get("CDF_CLIENT_NAME"):
            kwargs["client_name"] = name
        for key, var, convert in (
            ("timeout", "CDF_TIMEOUT", float),
            ("max_retries", "CDF_MAX_RETRIES", int),
            ("max_concurrent_requests", "CDF_MAX_CONCURRENT_REQUESTS", int),
        ):
            if (raw := get(var)) is not None:
                try:
                    kwargs[key] = convert(raw)
                except ValueError:
                    raise ConfigurationError(f"{var} must be a number, got {raw!r}") from None
        kwargs.update(overrides)
        assert base_url is not None
        assert project is not None
        return cls(base_url=str(base_url), project=str(project), credentials=credentials, **kwargs)


_IDP_VARIABLES = ("IDP_CLIENT_ID", "IDP_CLIENT_SECRET", "IDP_TOKEN_URL", "IDP_TENANT_ID")


def _credentials_from_env(
    get: Callable[[str], str | None], base_url: str | None
) -> tuple[Credentials | None, list[str]]:
    if token := get("CDF_TOKEN"):
        if also_set := [name for name in _IDP_VARIABLES if get(name)]:
            # from_env -> _credentials_from_env -> warn: point the warning at from_env's caller.
            warnings.warn(
                f"ClientConfig.from_env(): both CDF_TOKEN and {', '.join(also_set)} are set; using CDF_TOKEN "
                "(a static token, which expires). Unset CDF_TOKEN to use the client credentials, or unset "
                "the IDP_* variables to silence this warning.",
                UserWarning,
                stacklevel=3,
            )
        return Token(token), []
    client_id, client_secret = get("IDP_CLIENT_ID"), get("IDP_CLIENT_SECRET")
    token_url = get("IDP_TOKEN_URL")
    if token_url is None and (tenant := get("IDP_TENANT_ID")):
        token_url = _AZURE_TOKEN_URL.format(tenant=tenant)
    missing = [
        name
        for name, value in (
            ("IDP_CLIENT_ID", client_id),
            ("IDP_CLIENT_SECRET", client_secret),
            ("IDP_TOKEN_URL or IDP_TENANT_ID", token_url),
        )
        if value is None
    ]
    if missing:
        return None, ["CDF_TOKEN (or " + ", ".join(missing) + ")"]
    assert client_id is not None
    assert client_secret is not None
    assert token_url is not None
    raw_scopes = get("IDP_SCOPES")
    scopes = raw_scopes.replace(",", " ").split() if raw_scopes else []
    audience = get("IDP_AUDIENCE")
    if not scopes and not audience and base_url:
        scopes = [f"{base_url.rstrip('/')}/.default"]
    return OAuthClientCredentials(token_url, client_id, client_secret, scopes=scopes, audience=audience), []
