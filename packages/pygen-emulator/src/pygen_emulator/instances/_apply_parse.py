"""Parsing and validating the body of POST /models/instances into write items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pygen_emulator._body import Obj, bad, instance_id, node_ref
from pygen_emulator._errors import DMSError
from pygen_emulator.instances._delete import DeleteId, parse_delete_ids
from pygen_emulator.instances._schema import PropMap, Schema, Source
from pygen_emulator.instances._values import normalize

MAX_ITEMS = 1000
Key = tuple[str, str]
CKey = tuple[str, str]


@dataclass
class WriteItem:
    index: int
    kind: str
    space: str
    external_id: str
    existing_version: int | None
    type_given: bool = False
    type_ref: Key | None = None
    start: Key | None = None
    end: Key | None = None
    # container -> {container property -> normalised value (None clears)}
    data: dict[CKey, dict[str, Any]] = field(default_factory=dict)
    defs: dict[CKey, dict[str, PropMap]] = field(default_factory=dict)
    # direct-relation targets written by this item: (target, container the target must have data in)
    direct_refs: list[tuple[Key, CKey | None]] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.space, self.external_id)


@dataclass
class Flags:
    auto_direct: bool = True
    auto_start: bool = False
    auto_end: bool = False
    skip_conflicts: bool = False
    replace: bool = False


def parse_apply(body: Any, schema: Schema) -> tuple[list[WriteItem], list[DeleteId], Flags]:
    obj = Obj(body, "")
    raw_items = obj.list_("items", required=True, hi=MAX_ITEMS) or []
    deletes = parse_delete_ids(obj, "delete", required=False, lo=0)
    if len(raw_items) + len(deletes) > MAX_ITEMS:
        raise bad(f"items and delete together hold {len(raw_items) + len(deletes)} instances, at most 1000.")
    flags = Flags(
        auto_direct=obj.bool_("autoCreateDirectRelations", True),
        auto_start=obj.bool_("autoCreateStartNodes", False),
        auto_end=obj.bool_("autoCreateEndNodes", False),
        skip_conflicts=obj.bool_("skipOnVersionConflict", False),
        replace=obj.bool_("replace", False),
    )
    obj.done()
    sources = _Sources(schema)
    items = [_parse_item(raw, i, sources) for i, raw in enumerate(raw_items)]
    seen: dict[Key, int] = {}
    duplicated = []
    for item in items:
        if item.key in seen:
            duplicated.append({"space": item.space, "externalId": item.external_id})
        seen[item.key] = item.index
    if duplicated:
        raise DMSError(
            400, "Duplicate instances in the request: each instance may appear once.", duplicated=duplicated
        )
    return items, deletes, flags


_NODE_KEYS = frozenset({"instanceType", "space", "externalId", "existingVersion", "type", "sources"})
_EDGE_KEYS = _NODE_KEYS | {"startNode", "endNode"}
_SOURCE_KEYS = frozenset({"source", "properties"})


class _Target(NamedTuple):
    """Where a source property is stored, with what the write path checks precomputed."""

    cprop: str
    ckey: CKey
    container_props: dict[str, PropMap]
    type_def: dict[str, Any]
    is_direct: bool
    constrained: CKey | None  # the container a direct relation's target must have data in (no auto-create)
    nullable: bool


def _container_key(ref: Any) -> CKey | None:
    if isinstance(ref, dict) and isinstance(ref.get("space"), str) and isinstance(ref.get("externalId"), str):
        return (ref["space"], ref["externalId"])
    return None


class _Sources:
    """Per-request cache: source reference -> (source, {property: (PropMap, container key, container props)})."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._cache: dict[tuple[Any, ...], tuple[Source, dict[str, _Target]]] = {}

    def get(self, raw: Any, path: str) -> tuple[Source, dict[str, _Target]]:
        key: tuple[Any, ...] | None = None
        if isinstance(raw, dict) and len(raw) <= 4:
            key = (raw.get("type"), raw.get("space"), raw.get("externalId"), raw.get("version"), len(raw))
            if not all(part is None or type(part) is str for part in key[:4]):
                key = None
            elif key in self._cache:
                return self._cache[key]
        source = self.schema.source_ref(raw, path)
        plan = {}
        for name, prop in source.props.items():
            container = self.schema.container(prop.cspace, prop.cxid)
            ptype = prop.type
            plan[name] = _Target(
                prop.cprop,
                (prop.cspace, prop.cxid),
                container.props,
                ptype,
                ptype.get("type") == "direct",
                _container_key(ptype.get("container")),
                bool(prop.definition.get("nullable", True)),
            )
        entry = (source, plan)
        if key is not None:
            self._cache[key] = entry
        return entry


def _start_container(item: WriteItem, schema: Schema, ckey: CKey) -> dict[str, Any]:
    container = schema.container(*ckey)
    if container.used_for not in (item.kind, "all"):
        raise bad(
            f"Container {ckey[0]}:{ckey[1]} is used for {container.used_for}s; "
            f"{item.kind} {item.space}:{item.external_id} cannot have data in it."
        )
    data: dict[str, Any] = {}
    item.data[ckey] = data
    item.defs[ckey] = container.props
    return data


def _parse_item(raw: Any, index: int, sources: _Sources) -> WriteItem:
    path = f"items[{index}]"
    if not isinstance(raw, dict):
        raise bad(f"{path} must be a JSON object.")
    kind = raw.get("instanceType")
    if kind not in ("node", "edge"):
        raise bad(f"{path}.instanceType must be 'node' or 'edge', got {raw.get('instanceType')!r}.")
    allowed = _EDGE_KEYS if kind == "edge" else _NODE_KEYS
    for key in raw:
        if key not in allowed:
            raise bad(f"Unexpected field - {path}.{key}")
    obj = Obj(raw, path)
    obj.ignore(*raw)
    _, space, external_id = instance_id(obj)
    existing_version = obj.int_("existingVersion", None, 0, 2**63 - 1)
    item = WriteItem(index, kind, space, external_id, existing_version)
    if kind == "edge":
        item.type_given = True
        item.type_ref = node_ref(obj.raw("type", required=True), f"{path}.type")
        item.start = node_ref(obj.raw("startNode", required=True), f"{path}.startNode")
        item.end = node_ref(obj.raw("endNode", required=True), f"{path}.endNode")
    elif "type" in raw:
        item.type_given = True
        raw_type = raw["type"]
        item.type_ref = None if raw_type is None else node_ref(raw_type, f"{path}.type")
    raw_sources = raw.get("sources")
    if raw_sources is None:
        return item
    if not isinstance(raw_sources, list) or len(raw_sources) > 100:
        raise bad(f"{path}.sources must be a list of at most 100 sources.")
    for j, raw_source in enumerate(raw_sources):
        spath = f"{path}.sources[{j}]"
        if not isinstance(raw_source, dict):
            raise bad(f"{spath} must be a JSON object.")
        for key in raw_source:
            if key not in _SOURCE_KEYS:
                raise bad(f"Unexpected field - {spath}.{key}")
        if "source" not in raw_source:
            raise bad(f"Missing required field - {spath}.source.")
        source, plan = sources.get(raw_source["source"], f"{spath}.source")
        values = raw_source.get("properties", {})  # optional (OAS EdgeOrNodeData): data in the source only
        if not isinstance(values, dict):
            raise bad(f"{spath}.properties must be a JSON object of property values.")
        if source.used_for not in (kind, "all"):
            raise bad(
                f"{source.label} is used for {source.used_for}s; {kind} {space}:{external_id} cannot have data in it."
            )
        for ckey in source.containers:  # writing through a source gives data in all its containers
            if ckey not in item.data:
                _start_container(item, sources.schema, ckey)
        for name, value in values.items():
            entry = plan.get(name)
            if entry is None:
                what = (
                    "is a connection, not a writable property"
                    if name in source.connections
                    else "does not exist"
                )
                raise bad(f"Property {name!r} {what} in {source.label} ({spath}.properties).")
            ckey = entry.ckey
            if value is None:
                if not entry.nullable:
                    raise bad(
                        f"Property {name!r} of {source.label} is not nullable; "
                        f"{space}:{external_id} cannot set it to null."
                    )
                normalised = None
            else:
                try:
                    normalised = normalize(entry.type_def, value, repr(name))
                except DMSError as exc:
                    raise bad(f"{exc.message} ({source.label}, instance {space}:{external_id})") from None
            data = item.data.get(ckey)
            if data is None:
                data = _start_container(item, sources.schema, ckey)
            data[entry.cprop] = normalised
            if entry.is_direct and normalised is not None:
                refs = normalised if isinstance(normalised, list) else [normalised]
                item.direct_refs.extend(
                    ((ref["space"], ref["externalId"]), entry.constrained) for ref in refs
                )
    return item
