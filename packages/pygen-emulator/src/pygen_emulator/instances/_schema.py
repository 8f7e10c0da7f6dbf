"""Resolution of view/container references into the container properties that hold the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pygen_emulator._body import Obj, bad
from pygen_emulator._errors import DMSError
from pygen_emulator._ids import check_space, check_version, check_xid

if TYPE_CHECKING:
    from pygen_emulator._context import AppContext


@dataclass(frozen=True)
class PropMap:
    """One property of a source, mapped onto the container property that stores it."""

    name: str
    cspace: str
    cxid: str
    cprop: str
    definition: dict[str, Any]  # the container property (type, nullable, immutable, autoIncrement, ...)
    view_prop: dict[str, Any] | None = None

    @property
    def type(self) -> dict[str, Any]:
        t: dict[str, Any] = self.definition["type"]
        return t

    @property
    def is_list(self) -> bool:
        return bool(self.type.get("list", False))


@dataclass
class Source:
    """A view or container as a source of properties."""

    kind: str  # "view" | "container"
    space: str
    external_id: str
    version: str | None
    props: dict[str, PropMap]
    connections: set[str] = field(default_factory=set)
    containers: list[tuple[str, str]] = field(default_factory=list)
    filter: Any = None
    used_for: str = "node"
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The key under ``properties[space]`` in read results."""
        return f"{self.external_id}/{self.version}" if self.kind == "view" else self.external_id

    @property
    def label(self) -> str:
        return f"{self.space}:{self.key}"

    def reference(self) -> dict[str, Any]:
        ref: dict[str, Any] = {"type": self.kind, "space": self.space, "externalId": self.external_id}
        if self.kind == "view":
            ref["version"] = self.version
        return ref


class Schema:
    """Per-request cached access to the schema store of the app context."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._views: dict[tuple[str, str, str], Source] = {}
        self._containers: dict[tuple[str, str], Source] = {}
        self._spaces: dict[str, bool] = {}

    def space_exists(self, space: str) -> bool:
        if space not in self._spaces:
            self._spaces[space] = bool(self.ctx.schema.space_exists(space))
        return self._spaces[space]

    def require_spaces(self, spaces: set[str]) -> None:
        """Every space exists and may hold instances (a 400 listing the missing ones, or a 403)."""
        for space in sorted(spaces):
            if self.ctx.schema.is_global(space):
                raise DMSError(403, f"Space {space!r} is a global system space: it cannot hold instances.")
        missing = sorted(space for space in spaces if not self.space_exists(space))
        if missing:
            raise DMSError(
                400,
                f"One or more spaces do not exist: {', '.join(missing)}. Create the spaces first.",
                missing=[{"space": space} for space in missing],
            )

    # -- references -------------------------------------------------------------------------------
    def source_ref(self, value: Any, path: str, *, allow_container: bool = True) -> Source:
        """A ``{"type": "view"|"container", ...}`` reference (type defaults to view when a version is given)."""
        obj = Obj(value, path)
        kind = obj.str_("type")
        if kind is None:
            kind = "view" if obj.has("version") else "container"
        if kind not in ("view", "container"):
            raise bad(f"{path}.type must be 'view' or 'container', got {kind!r}.")
        if kind == "container" and not allow_container:
            raise bad(f"{path} must be a view reference with type 'view' and a version.")
        space = obj.req_str("space")
        external_id = obj.req_str("externalId")
        version = obj.str_("version", required=kind == "view") if kind == "view" else None
        if kind == "container" and obj.data.get("version") is None:
            obj.ignore("version")
        obj.done()
        check_space(space, f"{path}.space")
        check_xid(external_id, f"{path}.externalId")
        if version is not None:
            check_version(version, f"{path}.version")
        if kind == "view":
            assert version is not None
            return self.view(space, external_id, version)
        return self.container(space, external_id)

    def view(self, space: str, external_id: str, version: str) -> Source:
        key = (space, external_id, version)
        if key in self._views:
            return self._views[key]
        raw = self.ctx.schema.get_view(space, external_id, version)
        if raw is None:
            raise DMSError(
                400,
                f"One or more views do not exist: {space}:{external_id}/{version}",
                missing=[{"type": "view", "space": space, "externalId": external_id, "version": version}],
            )
        props: dict[str, PropMap] = {}
        connections: set[str] = set()
        containers: list[tuple[str, str]] = []
        for name, prop in (raw.get("properties") or {}).items():
            container_ref = prop.get("container") if isinstance(prop, dict) else None
            if not container_ref:
                connections.add(name)
                continue
            cspace, cxid = container_ref["space"], container_ref["externalId"]
            container = self.container(cspace, cxid)
            cprop = prop["containerPropertyIdentifier"]
            base = container.props.get(cprop)
            definition = base.definition if base else prop
            props[name] = PropMap(name, cspace, cxid, cprop, definition, prop)
        containers.extend((ref["space"], ref["externalId"]) for ref in raw.get("mappedContainers") or [])
        if not raw.get("mappedContainers"):
            for pm in props.values():
                if (pm.cspace, pm.cxid) not in containers:
                    containers.append((pm.cspace, pm.cxid))
        source = Source(
            "view",
            space,
            external_id,
            version,
            props,
            connections,
            containers,
            raw.get("filter"),
            str(raw.get("usedFor", "node")),
            raw,
        )
        self._views[key] = source
        return source

    def container(self, space: str, external_id: str) -> Source:
        key = (space, external_id)
        if key in self._containers:
            return self._containers[key]
        raw = self.ctx.schema.get_container(space, external_id)
        if raw is None:
            raise DMSError(
                400,
                f"One or more containers do not exist: {space}:{external_id}",
                missing=[{"type": "container", "space": space, "externalId": external_id}],
            )
        props = {
            name: PropMap(name, space, external_id, name, definition)
            for name, definition in (raw.get("properties") or {}).items()
        }
        source = Source(
            "container",
            space,
            external_id,
            None,
            props,
            containers=[(space, external_id)],
            used_for=str(raw.get("usedFor", "node")),
            raw=raw,
        )
        self._containers[key] = source
        return source

    def container_props(self, space: str, external_id: str) -> dict[str, PropMap]:
        return self.container(space, external_id).props
