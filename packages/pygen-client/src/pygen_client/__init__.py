"""pygen-client: transport, auth, config, errors and the DMS schema APIs for Cognite Data Fusion."""

from pygen_client._client import AsyncPygenClient, PygenClient
from pygen_client._config import ClientConfig
from pygen_client._credentials import CallableCredentials, Credentials, OAuthClientCredentials, Token
from pygen_client._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PygenError,
    RateLimitError,
    ServerError,
)
from pygen_client._ids import ContainerId, DataModelId, SpaceId, ViewId
from pygen_client._retry import RetryPolicy
from pygen_client._version import __version__
from pygen_client.plans import Page

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPygenClient",
    "AuthenticationError",
    "BadRequestError",
    "CallableCredentials",
    "ClientConfig",
    "ConfigurationError",
    "ConflictError",
    "ContainerId",
    "Credentials",
    "DataModelId",
    "NotFoundError",
    "OAuthClientCredentials",
    "Page",
    "PermissionDeniedError",
    "PygenClient",
    "PygenError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "SpaceId",
    "Token",
    "ViewId",
    "__version__",
]
