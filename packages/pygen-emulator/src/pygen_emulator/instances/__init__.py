"""Instance endpoints of the emulator: apply, list, byids, search, aggregate, delete, query, sync.

The app (``pygen_emulator.app``) calls :func:`init_storage` on every fresh database, mounts the route
table ``INSTANCE_ENDPOINTS`` under ``/api/v1/projects/{project}/models/instances`` and hands
:func:`space_has_instances` and :func:`drop_container_data` to the schema side through the app
context. All state lives in the database, nothing is cached here, so replacing the app context resets
everything.

Choices where dms-api.md leaves the real API's behaviour open ([UNVERIFIED] there):

* ``existingVersion`` conflicts answer 409 (no ``duplicated`` list); the same instance twice in one
  apply answers 400 with ``duplicated``. Nodes and edges share one (space, externalId) namespace.
* Writing through a view or container gives the instance data in every container of that source
  (required properties must then be present); ``null`` clears a property, an absent key keeps it.
* Versions start at 1 and grow by one on every modifying write and on delete; identical writes are
  no-ops (``wasModified: false``). Deletes are soft: ``/sync`` reports them with ``deletedTime``.
* ``hasData`` with several references needs all of them; a view means its ``filter`` or, without one,
  data in all its mapped containers (``Settings.default_view_filter = "none"``: every instance).
  With that default, byids, query and sync give a filterless view's properties only to instances
  with data in all its mapped containers (others come back without them), as ``/list`` does.
* Search: word-prefix matching with Unicode case folding over an FTS5 index, ranked by the number
  of matching terms (ties: creation order); it stops at ``limit`` unless ``sort`` is given.
* Aggregate without ``groupBy``: one item with the aggregates in request order, except that several
  histograms (and nothing else) give one item per histogram, as cognite-sdk's ``histogram`` reads them.
  A ``groupBy`` property without a value is left out of ``group`` (OAS group values are never null).
* Cursors are opaque. ``/list``, query node expressions, query edge expressions without ``from`` or
  with a sort, and sorted sync backfills page by keyset (row id, or the sort values of the last row),
  so instances written between pages do not shift the pages; unsorted edge traversals and set
  operations page by offset.
* Query node expressions default to ``direction: inwards`` (OAS); ``from`` uses the page of the
  referenced expression. Sync of a chained expression reports the changes among the instances the
  chain reaches now (deletions of chained instances are not reported). ``targetUnits`` is accepted
  and ignored (no unit conversion).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pygen_emulator.instances._routes import INSTANCE_ENDPOINTS
from pygen_emulator.instances._storage import create_tables, drop_container_data, space_has_instances

if TYPE_CHECKING:
    from pygen_emulator._db import Database


def init_storage(db: Database) -> None:
    """Create the instance tables and the search index (idempotent; an older layout is migrated)."""
    with db.transaction() as conn:
        create_tables(conn)


__all__ = ["INSTANCE_ENDPOINTS", "drop_container_data", "init_storage", "space_has_instances"]
