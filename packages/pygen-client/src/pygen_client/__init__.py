"""pygen-client: transport, auth, config, errors and the DMS schema APIs for Cognite Data Fusion.

The names below load on first use (PEP 562): ``import pygen_client`` costs almost nothing, and a program
that only needs, say, the errors or ``plans`` never imports the client, httpx or the schema models.
The ``TYPE_CHECKING`` block gives type checkers and IDEs the same names eagerly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pygen_client._version import __version__

if TYPE_CHECKING:  # "X as X": an explicit re-export, for type checkers
    from pygen_client._client import AsyncPygenClient as AsyncPygenClient
    from pygen_client._client import PygenClient as PygenClient
    from pygen_client._config import ClientConfig as ClientConfig
    from pygen_client._credentials import CallableCredentials as CallableCredentials
    from pygen_client._credentials import Credentials as Credentials
    from pygen_client._credentials import OAuthClientCredentials as OAuthClientCredentials
    from pygen_client._credentials import Token as Token
    from pygen_client._errors import APIConnectionError as APIConnectionError
    from pygen_client._errors import APIError as APIError
    from pygen_client._errors import APIStatusError as APIStatusError
    from pygen_client._errors import APITimeoutError as APITimeoutError
    from pygen_client._errors import AuthenticationError as AuthenticationError
    from pygen_client._errors import BadRequestError as BadRequestError
    from pygen_client._errors import ConfigurationError as ConfigurationError
    from pygen_client._errors import ConflictError as ConflictError
    from pygen_client._errors import NotFoundError as NotFoundError
    from pygen_client._errors import PermissionDeniedError as PermissionDeniedError
    from pygen_client._errors import PygenError as PygenError
    from pygen_client._errors import RateLimitError as RateLimitError
    from pygen_client._errors import ServerError as ServerError
    from pygen_client._ids import ContainerId as ContainerId
    from pygen_client._ids import DataModelId as DataModelId
    from pygen_client._ids import SpaceId as SpaceId
    from pygen_client._ids import ViewId as ViewId
    from pygen_client._retry import RetryPolicy as RetryPolicy
    from pygen_client.plans import Page as Page

# Public name -> the module that defines it.
_LAZY = {
    "APIConnectionError": "_errors",
    "APIError": "_errors",
    "APIStatusError": "_errors",
    "APITimeoutError": "_errors",
    "AsyncPygenClient": "_client",
    "AuthenticationError": "_errors",
    "BadRequestError": "_errors",
    "CallableCredentials": "_credentials",
    "ClientConfig": "_config",
    "ConfigurationError": "_errors",
    "ConflictError": "_errors",
    "ContainerId": "_ids",
    "Credentials": "_credentials",
    "DataModelId": "_ids",
    "NotFoundError": "_errors",
    "OAuthClientCredentials": "_credentials",
    "Page": "plans",
    "PermissionDeniedError": "_errors",
    "PygenClient": "_client",
    "PygenError": "_errors",
    "RateLimitError": "_errors",
    "RetryPolicy": "_retry",
    "ServerError": "_errors",
    "SpaceId": "_ids",
    "Token": "_credentials",
    "ViewId": "_ids",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
