"""POST /models/instances (upsert nodes and edges, with deletes in the same transaction)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from pygen_emulator._body import bad
from pygen_emulator._clock import now_ms
from pygen_emulator._errors import DMSError
from pygen_emulator.instances._apply_parse import CKey, Flags, Key, WriteItem, parse_apply
from pygen_emulator.instances._delete import soft_delete
from pygen_emulator.instances._rows import Row, data_by_iid, rows_by_xid, slim
from pygen_emulator.instances._schema import PropMap, Schema
from pygen_emulator.instances._search_index import (
    INDEXED_SEQ,
    TEXT_TYPES,
    FieldIds,
    document,
    write_documents,
)
from pygen_emulator.instances._storage import container_id, current_seq
from pygen_emulator.instances._values import normalize


def apply(conn: sqlite3.Connection, schema: Schema, body: Any) -> dict[str, Any]:
    items, deletes, flags = parse_apply(body, schema)
    spaces = {item.space for item in items} | {d.space for d in deletes}
    schema.require_spaces(spaces)
    now = now_ms()
    deleted = soft_delete(conn, deletes, now) if deletes else []
    keys: list[Key] = [item.key for item in items]
    for item in items:
        keys.extend(ref for ref in (item.start, item.end) if ref is not None)
        keys.extend(ref for ref, _ in item.direct_refs)
    existing = rows_by_xid(conn, keys)
    # only the written instances' own data is merged; referenced nodes need their rows, not their data
    written = (existing.get(item.key) for item in items)
    data = data_by_iid(conn, [row.id for row in written if row is not None and row.live])
    writer = _Writer(conn, schema, now, flags, existing)
    results: list[dict[str, Any] | None] = [writer.write(item, data) for item in items]
    # items skipped on a version conflict (None) have no effect: they auto-create nothing either
    writer.ensure_references(
        [item for item, result in zip(items, results, strict=True) if result is not None]
    )
    writer.flush()
    return {"items": [r for r in results if r is not None], "deleted": deleted}


@dataclass
class _ContainerPlan:
    """What a container needs on creation/replace: defaults, auto-increments, required and immutable props."""

    defaults: dict[str, Any]
    auto: set[str]
    immutable: list[str]
    required: list[str]
    filled: list[str]  # properties that get a value when not supplied (defaults, auto, immutable)

    @classmethod
    def build(cls, defs: dict[str, PropMap]) -> _ContainerPlan:
        defaults: dict[str, Any] = {}
        for name, prop in defs.items():
            default = prop.definition.get("defaultValue")
            if default is not None and not prop.is_list:
                defaults[name] = normalize(prop.type, default, f"default of {name!r}")
        auto = {n for n, p in defs.items() if p.definition.get("autoIncrement") and n not in defaults}
        immutable = [n for n, p in defs.items() if p.definition.get("immutable")]
        required = [n for n, p in defs.items() if not p.definition.get("nullable", True)]
        filled = [n for n in defs if n in defaults or n in auto or n in immutable]
        return cls(defaults, auto, immutable, required, filled)


class _Writer:
    def __init__(
        self, conn: sqlite3.Connection, schema: Schema, now: int, flags: Flags, existing: dict[Key, Row]
    ) -> None:
        self.conn = conn
        self.schema = schema
        self.now = now
        self.flags = flags
        self.existing = existing
        self.next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM dms_instances").fetchone()[0]) + 1
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        self.data_rows: list[tuple[int, int, str]] = []
        self.clear_data: list[int] = []
        self.live_nodes: set[Key] = {k for k, r in existing.items() if r.live and r.kind == "node"}
        self.live_any: dict[Key, str] = {k: r.kind for k, r in existing.items() if r.live}
        self.cids: dict[CKey, int] = {}
        self.auto_counters: dict[tuple[CKey, str], int] = {}
        self.plans: dict[CKey, _ContainerPlan] = {}
        self.updates_revive: list[tuple[Any, ...]] = []
        self.seq = current_seq(conn)
        # the search index (``_search_index``): the new documents of the instances whose text
        # changed ({iid: document}, "" = no words), and the ids whose old document must go (updated,
        # revived). Documents are made as the items are written (one pass over the data, while it
        # is at hand) and written to FTS5 with one executemany per request.
        self.search_docs: dict[int, str] = {}
        self.search_replace: list[int] = []
        self.search_fields: dict[CKey, list[tuple[str, str]]] = {}
        self.field_ids: FieldIds | None = None

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _cid(self, ckey: CKey) -> int:
        if ckey not in self.cids:
            cid = container_id(self.conn, ckey[0], ckey[1], create=True)
            assert cid is not None
            self.cids[ckey] = cid
        return self.cids[ckey]

    def write(self, item: WriteItem, data: dict[int, dict[CKey, dict[str, Any]]]) -> dict[str, Any] | None:
        row = self.existing.get(item.key)
        live = row is not None and row.live
        if live and row is not None:
            if row.kind != item.kind:
                raise DMSError(
                    400,
                    f"Instance {item.space}:{item.external_id} already exists as a {row.kind}; "
                    f"it cannot be written as a {item.kind}.",
                )
            if item.existing_version is not None and (
                item.existing_version == 0 or row.version > item.existing_version
            ):
                if self.flags.skip_conflicts:
                    return None
                raise DMSError(
                    409,
                    f"Version conflict for {item.space}:{item.external_id}: the stored version is {row.version}, "
                    f"the request expected {item.existing_version}.",
                )
            if item.kind == "edge" and (
                (row.start_space, row.start_xid) != item.start or (row.end_space, row.end_xid) != item.end
            ):
                raise bad(f"Edge {item.space}:{item.external_id}: startNode and endNode cannot be changed.")
        old_data = data.get(row.id, {}) if live and row is not None else {}
        new_data, changed_containers = self._merge(item, old_data, live)
        type_ref = (
            item.type_ref
            if item.type_given
            else (
                (row.type_space, row.type_xid)
                if live and row is not None and row.type_space is not None
                else None
            )
        )
        old_type = (
            (row.type_space, row.type_xid)
            if live and row is not None and row.type_space is not None
            else None
        )
        if live and row is not None and not changed_containers and type_ref == old_type:
            return slim(row, False)
        seq = self._next_seq()
        type_cols = (type_ref[0], type_ref[1]) if type_ref else (None, None)
        start = item.start or (None, None)
        end = item.end or (None, None)
        if live and row is not None:
            iid = row.id
            version = row.version + 1
            created = row.created_time
            self.updates.append((version, self.now, seq, *type_cols, iid))
            if self._text_changed(old_data, new_data, changed_containers):
                # only then: an update of numbers, booleans, relations … leaves the document as
                # it is (rewriting it is an FTS5 delete and insert, ~2x the cost of indexing anew)
                self.search_docs[iid] = self._document({**old_data, **new_data})
                self.search_replace.append(iid)
        elif row is not None:  # soft-deleted: comes back to life
            iid = row.id
            version = row.version + 1
            created = self.now
            self.clear_data.append(iid)
            self.updates_revive.append(
                (item.kind, version, created, self.now, seq, *type_cols, *start, *end, iid)
            )
            self.search_docs[iid] = self._document(new_data)
            self.search_replace.append(iid)
        else:
            iid = self.next_id
            self.next_id += 1
            version = 1
            created = self.now
            self.inserts.append(
                (
                    iid,
                    item.kind,
                    item.space,
                    item.external_id,
                    1,
                    created,
                    self.now,
                    seq,
                    *type_cols,
                    *start,
                    *end,
                )
            )
            if new_data:
                self.search_docs[iid] = self._document(new_data)
        for ckey in changed_containers:
            self.data_rows.append((iid, self._cid(ckey), orjson.dumps(new_data[ckey]).decode()))
        self.live_any[item.key] = item.kind
        if item.kind == "node":
            self.live_nodes.add(item.key)
        result = Row(
            iid,
            item.kind,
            item.space,
            item.external_id,
            version,
            created,
            self.now,
            None,
            seq,
            *type_cols,
            *start,
            *end,
        )
        return slim(result, True)

    def _text_fields(self, ckey: CKey) -> list[tuple[str, str]]:
        """A container's text properties as (name, token prefix) pairs (see ``FieldIds.prefixes``)."""
        fields = self.search_fields.get(ckey)
        if fields is None:
            if self.field_ids is None:
                self.field_ids = FieldIds(self.conn)
            props = self.schema.container_props(*ckey)
            names = [n for n, p in props.items() if p.type.get("type") in TEXT_TYPES]
            fields = self.search_fields[ckey] = self.field_ids.prefixes(self._cid(ckey), names)
        return fields

    def _document(self, containers: dict[CKey, dict[str, Any]]) -> str:
        if len(containers) == 1:  # the usual case: no generator, no per-container tuples
            for ckey, props in containers.items():
                return document(((props, self._text_fields(ckey)),))
        return document((props, self._text_fields(ckey)) for ckey, props in containers.items())

    def _text_changed(
        self, old_data: dict[CKey, dict[str, Any]], new_data: dict[CKey, dict[str, Any]], changed: list[CKey]
    ) -> bool:
        """Whether a text value of the changed containers differs between the old and the new data."""
        for ckey in changed:
            old = old_data.get(ckey) or {}
            new = new_data[ckey]
            for name, _ in self._text_fields(ckey):
                if old.get(name) != new.get(name):
                    return True
        return False

    def _plan(self, ckey: CKey, defs: dict[str, PropMap]) -> _ContainerPlan:
        plan = self.plans.get(ckey)
        if plan is None:
            plan = self.plans[ckey] = _ContainerPlan.build(defs)
        return plan

    def _merge(
        self, item: WriteItem, old_data: dict[CKey, dict[str, Any]], live: bool
    ) -> tuple[dict[CKey, dict[str, Any]], list[CKey]]:
        new_data: dict[CKey, dict[str, Any]] = {}
        changed: list[CKey] = []
        for ckey, values in item.data.items():
            plan = self._plan(ckey, item.defs[ckey])
            old = old_data.get(ckey) if live else None
            if old is None or self.flags.replace:
                new = {k: v for k, v in values.items() if v is not None}
                for name in plan.filled:
                    if name in values:
                        continue
                    if old is not None and name in old and (name in plan.auto or name in plan.immutable):
                        new[name] = old[name]  # numbered once; immutable values are kept on replace
                    elif name in plan.defaults:
                        new[name] = plan.defaults[name]
                    elif name in plan.auto:
                        new[name] = self._auto_increment(ckey, name)
                missing = [name for name in plan.required if name not in new]
                if missing:
                    raise bad(
                        f"Missing required (non-nullable) properties {missing} of container "
                        f"{ckey[0]}:{ckey[1]} for {item.space}:{item.external_id}."
                    )
            else:
                new = dict(old)
                for name, value in values.items():
                    if value is None:
                        new.pop(name, None)
                    else:
                        new[name] = value
            if old is not None:
                for name in plan.immutable:
                    if name in old and new.get(name) != old[name]:
                        raise bad(
                            f"Property {name!r} of container {ckey[0]}:{ckey[1]} is immutable and already "
                            f"set on {item.space}:{item.external_id}."
                        )
            new_data[ckey] = new
            if old != new:
                changed.append(ckey)
        return new_data, changed

    def _auto_increment(self, ckey: CKey, name: str) -> int:
        counter_key = (ckey, name)
        if counter_key not in self.auto_counters:
            cid = self._cid(ckey)
            row = self.conn.execute(
                "SELECT max(CAST(json_extract(props, ?) AS INTEGER)) FROM dms_instance_data WHERE cid = ?",
                (f'$."{name}"', cid),
            ).fetchone()
            self.auto_counters[counter_key] = int(row[0] or 0)
        self.auto_counters[counter_key] += 1
        return self.auto_counters[counter_key]

    def ensure_references(self, items: list[WriteItem]) -> None:
        """Edge endpoints and direct-relation targets must exist, or be auto-created when allowed."""
        to_create: dict[Key, str] = {}
        missing: list[dict[str, str]] = []

        def need(key: Key, allowed: bool, what: str) -> None:
            kind = self.live_any.get(key)
            if kind == "node" or key in to_create:
                return
            if kind == "edge":
                raise bad(f"{what} {key[0]}:{key[1]} is an edge; it must be a node.")
            if allowed:
                to_create[key] = what
            else:
                missing.append({"space": key[0], "externalId": key[1]})

        for item in items:
            if item.start is not None:
                need(item.start, self.flags.auto_start, "startNode")
            if item.end is not None:
                need(item.end, self.flags.auto_end, "endNode")
            for ref, constraint in item.direct_refs:
                need(ref, self.flags.auto_direct and constraint is None, "Direct relation target")
        if missing:
            raise DMSError(
                400,
                f"Cannot auto-create nodes: {len(missing)} referenced node(s) do not exist, e.g. "
                f"{missing[0]['space']}:{missing[0]['externalId']}. Create them first or set the autoCreate flags.",
                missing=missing,
            )
        self._check_constraints(items)
        if not to_create:
            return
        self.schema.require_spaces({key[0] for key in to_create})
        for key in to_create:
            row = self.existing.get(key)
            seq = self._next_seq()
            if row is not None:
                self.clear_data.append(row.id)
                self.search_replace.append(row.id)
                self.updates_revive.append(
                    (
                        "node",
                        row.version + 1,
                        self.now,
                        self.now,
                        seq,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        row.id,
                    )
                )
            else:
                self.inserts.append(
                    (
                        self.next_id,
                        "node",
                        key[0],
                        key[1],
                        1,
                        self.now,
                        self.now,
                        seq,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                    )
                )
                self.next_id += 1
            self.live_any[key] = "node"

    def _check_constraints(self, items: list[WriteItem]) -> None:
        """Direct relations typed with a container must point at nodes that have data in it."""
        written: dict[Key, set[CKey]] = {}
        for item in items:
            written.setdefault(item.key, set()).update(item.data)
        for item in items:
            for target, ckey in item.direct_refs:
                if ckey is None or ckey in written.get(target, set()):
                    continue
                row = self.existing.get(target)
                cid = container_id(self.conn, ckey[0], ckey[1], create=False)
                found = (
                    row is not None
                    and row.live
                    and cid is not None
                    and self.conn.execute(
                        "SELECT 1 FROM dms_instance_data WHERE iid = ? AND cid = ?", (row.id, cid)
                    ).fetchone()
                )
                if not found:
                    raise DMSError(
                        400,
                        f"Direct relation of {item.space}:{item.external_id} points at {target[0]}:{target[1]}, "
                        f"which has no data in the required container {ckey[0]}:{ckey[1]}.",
                        missing=[{"space": target[0], "externalId": target[1]}],
                    )

    def flush(self) -> None:
        conn = self.conn
        if self.clear_data:
            conn.executemany("DELETE FROM dms_instance_data WHERE iid = ?", [(i,) for i in self.clear_data])
        # the search index is in step with this change number too (see _search_index.ensure_search_index)
        conn.execute(
            "UPDATE dms_instance_meta SET value = ? WHERE key IN ('seq', ?)", (self.seq, INDEXED_SEQ)
        )
        revive = self.updates_revive
        if revive:
            conn.executemany(
                "UPDATE dms_instances SET kind = ?, version = ?, created_time = ?, last_updated_time = ?, "
                "deleted_time = NULL, seq = ?, type_space = ?, type_xid = ?, start_space = ?, start_xid = ?, "
                "end_space = ?, end_xid = ? WHERE id = ?",
                revive,
            )
        if self.inserts:
            conn.executemany(
                "INSERT INTO dms_instances (id, kind, space, external_id, version, created_time, "
                "last_updated_time, seq, type_space, type_xid, start_space, start_xid, end_space, end_xid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.inserts,
            )
        if self.updates:
            conn.executemany(
                "UPDATE dms_instances SET version = ?, last_updated_time = ?, seq = ?, type_space = ?, "
                "type_xid = ? WHERE id = ?",
                self.updates,
            )
        if self.data_rows:
            conn.executemany(
                "INSERT OR REPLACE INTO dms_instance_data (iid, cid, props) VALUES (?, ?, ?)", self.data_rows
            )
        self._flush_search()

    def _flush_search(self) -> None:
        """Rewrite the search documents of the instances whose text changed (after the data rows)."""
        if self.search_docs or self.search_replace:
            write_documents(self.conn, self.search_docs, replace=self.search_replace)
