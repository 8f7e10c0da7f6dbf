"""Read access to the schema, in the exact JSON shapes the read API returns.

The instance engine (and the schema endpoints) use it. Results are cached; the cache empties itself
after any transaction that changed a schema table (or was rolled back), so no writer has to remember
it. Returned dicts are shared: callers must not mutate them.
"""

from __future__ import annotations

import copy
from typing import Any

import orjson

from pygen_emulator._db import Database
from pygen_emulator.schema._tables import schema_generation
from pygen_emulator.schema._view_write import ViewKey, latest_version

__all__ = ["SchemaStore"]


class SchemaStore:
    """Schema reads over one :class:`Database`."""

    def __init__(self, db: Database, global_spaces: frozenset[str] = frozenset()) -> None:
        self._db = db
        #: Spaces whose items are system items (``isGlobal: true``, listed only with ``includeGlobal``).
        self.global_spaces = global_spaces
        self._views: dict[ViewKey, dict[str, Any] | None] = {}
        self._own_views: dict[ViewKey, dict[str, Any] | None] = {}
        self._containers: dict[tuple[str, str], dict[str, Any] | None] = {}
        with db.read() as conn:
            self._generation = schema_generation(conn)
        db.on_transaction_end(self._after_transaction)

    def is_global(self, space: str) -> bool:
        return space in self.global_spaces

    def mark_global(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Set ``isGlobal`` on read forms made outside the store (write responses)."""
        for item in items:
            item["isGlobal"] = item["space"] in self.global_spaces
        return items

    def _after_transaction(self, committed: bool) -> None:
        """Forget cached read forms when the schema changed (a rollback may leave reads of undone rows)."""
        with self._db.read() as conn:
            generation = schema_generation(conn)
        if committed and generation == self._generation:
            return
        self._generation = generation
        self._views.clear()
        self._own_views.clear()
        self._containers.clear()

    # ---- spaces -------------------------------------------------------------------------------
    def space_exists(self, space: str) -> bool:
        with self._db.read() as conn:
            row = conn.execute("SELECT 1 FROM dms_space WHERE space = ?", (space,)).fetchone()
        return row is not None

    def get_space(self, space: str) -> dict[str, Any] | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT body, created_time, last_updated_time FROM dms_space WHERE space = ?", (space,)
            ).fetchone()
        return None if row is None else space_read(row[0], row[1], row[2], space in self.global_spaces)

    # ---- containers ---------------------------------------------------------------------------
    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        """The container as ``containers/byids`` returns it, or None."""
        key = (space, external_id)
        if key in self._containers:
            return self._containers[key]
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT body, created_time, last_updated_time FROM dms_container "
                "WHERE space = ? AND external_id = ?",
                key,
            ).fetchone()
        result = None if row is None else container_read(row[0], row[1], row[2], space in self.global_spaces)
        self._containers[key] = result
        return result

    # ---- views --------------------------------------------------------------------------------
    def get_view(
        self, space: str, external_id: str, version: str, *, include_inherited: bool = True
    ) -> dict[str, Any] | None:
        """The view as ``views/byids`` returns it (inherited properties included unless told)."""
        key = (space, external_id, version)
        cache = self._views if include_inherited else self._own_views
        if key in cache:
            return cache[key]
        result = self._resolve_view(key, include_inherited, ())
        cache[key] = result
        return result

    def latest_view_version(self, space: str, external_id: str) -> str | None:
        """The newest version (by creation time) of a view, or None."""
        with self._db.read() as conn:
            return latest_version(conn, space, external_id)

    def view_exists(self, space: str, external_id: str, version: str) -> bool:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT 1 FROM dms_view WHERE space = ? AND external_id = ? AND version = ?",
                (space, external_id, version),
            ).fetchone()
        return row is not None

    def views_mapping(self, *, all_versions: bool) -> dict[ViewKey, list[tuple[str, str]]]:
        """Every view (only the newest version of each unless ``all_versions``) with the containers it maps."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT space, external_id, version FROM dms_view ORDER BY space, external_id, created_time DESC, version DESC"
            ).fetchall()
        out: dict[ViewKey, list[tuple[str, str]]] = {}
        seen: set[tuple[str, str]] = set()
        for space, external_id, version in rows:
            if not all_versions and (space, external_id) in seen:
                continue
            seen.add((space, external_id))
            view = self.get_view(space, external_id, version)
            if view is not None:
                mapped = [(ref["space"], ref["externalId"]) for ref in view["mappedContainers"]]
                out[(space, external_id, version)] = mapped
        return out

    def views_implementing(self, space: str, external_id: str, version: str) -> list[ViewKey]:
        """Every view that implements the given one, directly or through other views."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT space, external_id, version, body FROM dms_view").fetchall()
        parents: dict[ViewKey, list[ViewKey]] = {}
        for s, x, v, body in rows:
            spec = orjson.loads(body)
            parents[(s, x, v)] = [
                (i["space"], i["externalId"], i["version"]) for i in spec.get("implements", [])
            ]
        target = (space, external_id, version)
        found: list[ViewKey] = []
        frontier = {target}
        while frontier:
            nxt = {child for child, ps in parents.items() if frontier.intersection(ps) and child not in found}
            nxt.discard(target)
            found.extend(sorted(nxt))
            frontier = nxt
        return found

    def _view_row(self, key: ViewKey) -> tuple[bytes, int, int] | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT body, created_time, last_updated_time FROM dms_view "
                "WHERE space = ? AND external_id = ? AND version = ?",
                key,
            ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def _resolve_view(
        self, key: ViewKey, include_inherited: bool, seen: tuple[ViewKey, ...]
    ) -> dict[str, Any] | None:
        row = self._view_row(key)
        if row is None or key in seen:
            return None
        spec = orjson.loads(row[0])
        properties: dict[str, Any] = {}
        if include_inherited:
            for ref in spec.get("implements", []):
                parent_key = (ref["space"], ref["externalId"], ref["version"])
                parent = (
                    self._views.get(parent_key)
                    if parent_key in self._views
                    else self._resolve_view(parent_key, True, (*seen, key))
                )
                if parent is not None:
                    properties.update(parent["properties"])
        for prop_id, prop in spec.get("properties", {}).items():
            read = self._view_property_read(prop)
            if read is not None:
                properties[prop_id] = read
        return self._view_read(spec, properties, row[1], row[2], include_inherited, (*seen, key))

    def _view_property_read(self, prop: dict[str, Any]) -> dict[str, Any] | None:
        if "container" not in prop:
            if "through" in prop:
                return self._reverse_read(prop)
            return copy.deepcopy(prop)
        ref = prop["container"]
        container = self.get_container(ref["space"], ref["externalId"])
        if container is None:
            return None
        cprop = container["properties"].get(prop["containerPropertyIdentifier"])
        if cprop is None:
            return None
        out: dict[str, Any] = {
            "container": {"type": "container", "space": ref["space"], "externalId": ref["externalId"]},
            "containerPropertyIdentifier": prop["containerPropertyIdentifier"],
        }
        for field in ("name", "description"):
            value = prop.get(field, cprop.get(field))
            if value is not None:
                out[field] = value
        type_ = copy.deepcopy(cprop["type"])
        if prop.get("source") is not None and type_.get("type") == "direct":
            type_["source"] = prop["source"]
        out["type"] = type_
        out["nullable"] = cprop["nullable"]
        out["immutable"] = cprop["immutable"]
        out["autoIncrement"] = cprop["autoIncrement"]
        if "defaultValue" in cprop:
            out["defaultValue"] = cprop["defaultValue"]
        out["constraintState"] = {}
        return out

    def _reverse_read(self, prop: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(prop)
        through = prop["through"]
        source = through["source"]
        targets_list = False
        if source.get("type") == "container":
            container = self.get_container(source["space"], source["externalId"])
            cprop = (container or {}).get("properties", {}).get(through["identifier"])
            targets_list = bool(cprop and cprop["type"].get("list"))
        else:
            row = self._view_row((source["space"], source["externalId"], source.get("version", "")))
            if row is not None:
                mapped = orjson.loads(row[0]).get("properties", {}).get(through["identifier"])
                if mapped and "container" in mapped:
                    c = self.get_container(mapped["container"]["space"], mapped["container"]["externalId"])
                    cprop = (c or {}).get("properties", {}).get(mapped["containerPropertyIdentifier"])
                    targets_list = bool(cprop and cprop["type"].get("list"))
        out["targetsList"] = targets_list
        return out

    def _view_read(
        self,
        spec: dict[str, Any],
        properties: dict[str, Any],
        created: int,
        updated: int,
        include_inherited: bool,
        seen: tuple[ViewKey, ...],
    ) -> dict[str, Any]:
        all_props = properties
        if not include_inherited:
            full = self._resolve_view(seen[-1], True, seen[:-1])
            all_props = full["properties"] if full else properties
        mapped: list[dict[str, str]] = []
        for prop in all_props.values():
            if "container" in prop and prop["container"] not in mapped:
                mapped.append(prop["container"])
        out: dict[str, Any] = {
            "space": spec["space"],
            "externalId": spec["externalId"],
            "version": spec["version"],
        }
        for field in ("name", "description", "filter"):
            if spec.get(field) is not None:
                out[field] = spec[field]
        out["implements"] = spec.get("implements", [])
        out["writable"] = self._writable(all_props, mapped)
        # The corpus shows views without filter and without mapped properties as queryable too.
        out["queryable"] = True
        out["usedFor"] = self._used_for(mapped)
        out["isGlobal"] = spec["space"] in self.global_spaces
        out["createdTime"] = created
        out["lastUpdatedTime"] = updated
        out["mappedContainers"] = mapped
        out["properties"] = properties
        return out

    def _writable(self, props: dict[str, Any], mapped: list[dict[str, str]]) -> bool:
        if not mapped:
            return False
        covered = {
            (p["container"]["space"], p["container"]["externalId"], p["containerPropertyIdentifier"])
            for p in props.values()
            if "container" in p
        }
        for ref in mapped:
            container = self.get_container(ref["space"], ref["externalId"])
            for prop_id, cprop in (container or {}).get("properties", {}).items():
                if not cprop["nullable"] and (ref["space"], ref["externalId"], prop_id) not in covered:
                    return False
        return True

    def _used_for(self, mapped: list[dict[str, str]]) -> str:
        """node/edge when every mapped container is for that kind (or ``all``); otherwise ``all``."""
        kinds: set[str] = set()
        for ref in mapped:
            container = self.get_container(ref["space"], ref["externalId"])
            if container is not None:
                kinds.add(str(container["usedFor"]))
        specific = kinds - {"all"}
        return specific.pop() if len(specific) == 1 else "all"


def space_read(body: bytes, created: int, updated: int, is_global: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = orjson.loads(body)
    out["isGlobal"] = is_global
    out["createdTime"] = created
    out["lastUpdatedTime"] = updated
    return out


def container_read(body: bytes, created: int, updated: int, is_global: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = orjson.loads(body)
    for prop in spec["properties"].values():
        prop["constraintState"] = {}
    for constraint in spec.get("constraints", {}).values():
        constraint["state"] = "current"
    for index in spec.get("indexes", {}).values():
        index["state"] = "current"
    spec["isGlobal"] = is_global
    spec["createdTime"] = created
    spec["lastUpdatedTime"] = updated
    return spec
