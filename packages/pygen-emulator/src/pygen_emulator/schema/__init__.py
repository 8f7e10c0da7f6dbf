"""Schema endpoints of the emulator: spaces, containers, views and data models."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from pygen_emulator.schema._store import SchemaStore
from pygen_emulator.schema._tables import init_schema_storage
from pygen_emulator.schema.containers import container_routes
from pygen_emulator.schema.datamodels import datamodel_routes
from pygen_emulator.schema.spaces import space_routes
from pygen_emulator.schema.views import view_routes

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext

__all__ = ["SchemaStore", "init_schema_storage", "schema_routes"]


def schema_routes(get_ctx: Callable[[], AppContext]) -> list[BaseRoute]:
    """Routes relative to ``/api/v1/projects/{project}/models``."""
    return [
        *space_routes(get_ctx),
        *container_routes(get_ctx),
        *view_routes(get_ctx),
        *datamodel_routes(get_ctx),
    ]
