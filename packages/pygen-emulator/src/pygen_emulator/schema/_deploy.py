"""Deploying a corpus-format model straight into a database (used to preload models at start-up)."""

from __future__ import annotations

import sqlite3
from typing import Any

from pygen_emulator._loader import counts, model_writes
from pygen_emulator.schema._container_spec import normalise_container
from pygen_emulator.schema._view_spec import normalise_view
from pygen_emulator.schema._view_write import write_views
from pygen_emulator.schema.containers import upsert_containers
from pygen_emulator.schema.datamodels import normalise_datamodel, upsert_datamodels
from pygen_emulator.schema.spaces import normalise_space, upsert_spaces

__all__ = ["deploy_model_into"]


def deploy_model_into(conn: sqlite3.Connection, model: dict[str, Any]) -> dict[str, int]:
    """Validate and write the model inside the caller's transaction (same rules as the endpoints)."""
    writes = model_writes(model)
    upsert_spaces(conn, [normalise_space(s, f"spaces[{i}]") for i, s in enumerate(writes["spaces"])])
    upsert_containers(
        conn, [normalise_container(c, f"containers[{i}]") for i, c in enumerate(writes["containers"])]
    )
    write_views(conn, [normalise_view(v, f"views[{i}]") for i, v in enumerate(writes["views"])])
    upsert_datamodels(
        conn, [normalise_datamodel(d, f"datamodels[{i}]") for i, d in enumerate(writes["datamodels"])]
    )
    return counts(writes)
