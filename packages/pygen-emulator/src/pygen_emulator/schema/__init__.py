"""Schema endpoints of the emulator: spaces, containers, views and data models.

``SCHEMA_ENDPOINTS`` is the route table (paths relative to ``/api/v1/projects/{project}/models``); the
app mounts it. The schema side never imports the instance engine: what it needs from it (does a space
hold instances, drop a deleted container's data) arrives as ``AppContext.instances``.
"""

from __future__ import annotations

from pygen_emulator.schema._store import SchemaStore
from pygen_emulator.schema._tables import init_schema_storage
from pygen_emulator.schema.containers import CONTAINER_ENDPOINTS
from pygen_emulator.schema.datamodels import DATAMODEL_ENDPOINTS
from pygen_emulator.schema.spaces import SPACE_ENDPOINTS
from pygen_emulator.schema.views import VIEW_ENDPOINTS

__all__ = ["SCHEMA_ENDPOINTS", "SchemaStore", "init_schema_storage"]

SCHEMA_ENDPOINTS = (*SPACE_ENDPOINTS, *CONTAINER_ENDPOINTS, *VIEW_ENDPOINTS, *DATAMODEL_ENDPOINTS)
