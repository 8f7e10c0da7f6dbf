"""Connections of a view (docs/connections.md §1-2): their declarations and the values they take.

A generated ``<View>Fields`` class declares the view's edges and reverse direct relations as descriptors
beside its property builders; a direct relation with a target view names it with ``source=``::

    class OperatorFields(rt.NodeFields, view=VIEW_ID):
        certifications = rt.EdgeConnection(CERTIFIED, "outwards", target=lambda: equipment.EquipmentAPI,
                                           edge=lambda: certification.CertificationAPI)
        managed_facility = rt.ReverseConnection("manager", target=lambda: facility.FacilityAPI, list=False)

Targets are thunks returning the target view's API class: view modules import each other in cycles, and
a thunk is called only when a request is built. The API class names the read, write and fields classes
as its generic arguments, so the descriptor is typed by them (``follow(OperatorFields.certifications)``
is a ``Query[Equipment, EquipmentFields]``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Union

import typing_extensions
from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import core_schema

from pygen_client import PygenError
from pygen_runtime._filters import DirectRelationProperty, Filter, ListProperty, PropertyBase
from pygen_runtime._ids import IdLike, InstanceId, ViewId
from pygen_runtime._instances import Edge, NotFetched, ReadBase, WriteBase
from pygen_runtime._types import DirectRelation

if TYPE_CHECKING:
    from pygen_runtime._api import _Base
    from pygen_runtime._view_plans import SortLike

__all__ = [
    "MAX_IN_VALUES",
    "QUERY_PAGE_SIZE",
    "ConnectionEdge",
    "ConnectionEdgeWrite",
    "EdgeConnection",
    "Include",
    "IncludeSpec",
    "ReverseConnection",
    "TraversalError",
    "edge_external_id",
]

# Values per `in` / `containsAny` / `instanceReferences` filter the API takes.
MAX_IN_VALUES = 1000
# Instances per result set and request when following connections (the API allows 10,000; 1000 keeps
# memory flat).
QUERY_PAGE_SIZE = 1000

R = typing_extensions.TypeVar("R", bound=ReadBase, default=Any)
W = typing_extensions.TypeVar("W", bound=WriteBase, default=Any)
F = typing_extensions.TypeVar("F", default=Any)
E = typing_extensions.TypeVar("E", bound=ReadBase, default=Edge)
N = typing_extensions.TypeVar("N", bound=ReadBase, default=Any)
EP = typing_extensions.TypeVar("EP", bound=BaseModel, default=Any)
NW = typing_extensions.TypeVar("NW", default=Any)
Direction = Literal["outwards", "inwards"]


class TraversalError(PygenError):
    """A hop failed, or cannot be run within the API's limits. ``hop`` names it (``Blade.sensors``),
    ``hop_index`` counts from 1; the API error, if any, is ``__cause__``."""

    def __init__(self, hop: str, hop_index: int, message: str) -> None:
        self.hop = hop
        self.hop_index = hop_index
        super().__init__(f"hop {hop_index} ({hop}): {message}")


def _api_classes(
    thunk: Callable[[], type], where: str
) -> tuple[type[ReadBase], type[WriteBase] | None, type]:
    """The read, write and fields classes a view API class names; the write class is ``None`` for a view
    CDF does not let you write (its generated API has no write class)."""
    api = thunk()
    read = getattr(api, "_read_cls", None)
    if not (isinstance(read, type) and issubclass(read, ReadBase)):
        raise TypeError(f"{where}: the thunk must return a view API class (e.g. EquipmentAPI), got {api!r}")
    write = getattr(api, "_write_cls", None)
    return read, write if isinstance(write, type) and issubclass(write, WriteBase) else None, api._fields_cls  # type: ignore[attr-defined]


class _Connection(Generic[R, W, F]):
    """What both connection descriptors share: the name, the owner (bound on access) and the target."""

    def __init__(self, target: Callable[[], type[_Base[R, W, F]]], list: bool) -> None:
        self._target = target
        self.list = list
        self.name = ""
        self.owner: type | None = None  # the fields class it was read from
        self._bound: dict[type, typing_extensions.Self] = {}

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> typing_extensions.Self:
        if self.owner is owner:
            return self
        bound = self._bound.get(owner)
        if bound is None:
            # bound to the fields class it is read from (subclasses inherit connections), once per class
            bound = copy.copy(self)
            bound.owner = owner
            self._bound[owner] = bound
        return bound

    @property
    def owner_view(self) -> ViewId:
        view = getattr(self.owner, "_view_id", None)
        if not isinstance(view, ViewId):
            raise TypeError(f"connection {self.name!r} is not read from a fields class with a view")
        return view

    @property
    def label(self) -> str:
        return f"{self.owner_view.external_id}.{self.name}"

    def target_classes(self) -> tuple[type[ReadBase], type[WriteBase] | None, type]:
        return _api_classes(self._target, f"{self.label} target")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label if self.owner else self.name})"


class EdgeConnection(_Connection[R, W, F], Generic[R, W, F, E]):
    """Edges of ``type`` from (``"outwards"``) or to (``"inwards"``) this view's nodes, to nodes of the
    target view. ``edge``: the edge view's API class, when the edges have properties."""

    def __init__(
        self,
        type: InstanceId,
        direction: Direction,
        *,
        target: Callable[[], type[_Base[R, W, F]]],
        edge: Callable[[], type[_Base[E, Any, Any]]] | None = None,
        list: bool = True,
    ) -> None:
        if direction not in ("outwards", "inwards"):
            raise ValueError(f"direction must be 'outwards' or 'inwards', got {direction!r}")
        super().__init__(target, list)
        self.type = type
        self.direction = direction
        self._edge = edge

    def edge_classes(self) -> tuple[type[ReadBase], type[WriteBase] | None, type] | None:
        return None if self._edge is None else _api_classes(self._edge, f"{self.label} edge")


class ReverseConnection(_Connection[R, W, F]):
    """The nodes of the target view whose direct relation ``through`` (a field name of the target view;
    single or list) points at this node."""

    def __init__(
        self, through: str, *, target: Callable[[], type[_Base[R, W, F]]], list: bool = True
    ) -> None:
        super().__init__(target, list)
        self.through = through


def _instance_schema(cls: type, serialize: Callable[[Any], Any]) -> core_schema.CoreSchema:
    """Connection values are built by the runtime (reads) or by the caller (writes), never parsed: an
    isinstance check is their schema, whatever the type arguments."""
    return core_schema.is_instance_schema(
        cls, serialization=core_schema.plain_serializer_function_ser_schema(serialize, when_used="json")
    )


class ConnectionEdge(Generic[E, N]):
    """An edge with properties as read through a connection: ``edge`` (the edge view's read object) and
    ``node`` (the typed node at the other end)."""

    __slots__ = ("edge", "node")

    def __init__(self, edge: E, node: N) -> None:
        self.edge = edge
        self.node = node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ConnectionEdge) and (self.edge, self.node) == (other.edge, other.node)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConnectionEdge(edge={self.edge!r}, node={self.node!r})"

    @property
    def space(self) -> str:
        return self.node.space

    @property
    def external_id(self) -> str:
        """The node's external id (so a ConnectionEdge and an InstanceId read alike)."""
        return self.node.external_id

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _instance_schema(cls, lambda v: {"edge": v.edge.dump(), "node": v.node.dump()})


class ConnectionEdgeWrite(Generic[EP, NW]):
    """An edge with properties to write through a connection: ``node`` (an id or a write object of the
    target view), ``properties`` (the edge view's ``<Edge>Properties``), optionally the edge's own
    ``space``/``external_id`` (default: the owner's space and :func:`edge_external_id`)."""

    __slots__ = ("existing_version", "external_id", "node", "properties", "space")

    def __init__(
        self,
        node: NW | IdLike,
        properties: EP | None = None,
        *,
        space: str | None = None,
        external_id: str | None = None,
        existing_version: int | None = None,
    ) -> None:
        if properties is not None and not isinstance(properties, BaseModel):
            raise TypeError(f"properties: expected the edge view's Properties object, got {properties!r}")
        self.node = node
        self.properties = properties
        self.space = space
        self.external_id = external_id
        self.existing_version = existing_version

    def __repr__(self) -> str:
        return f"ConnectionEdgeWrite(node={self.node!r}, properties={self.properties!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _instance_schema(cls, repr)


# The field types of connections, so that a generated declaration stays one short line:
#     certifications: rt.ManyEdges[Certification, Equipment] = rt.NOT_FETCHED   (read class)
#     certifications: rt.WriteManyEdges[CertificationProperties, EquipmentWrite] = rt.connection_field()
# Reads hold ids when included as "ids", hence the InstanceId in each.
_T = typing_extensions.TypeVar("_T")
_E = typing_extensions.TypeVar("_E", bound=ReadBase)
_N = typing_extensions.TypeVar("_N", bound=ReadBase)
_P = typing_extensions.TypeVar("_P", bound=BaseModel)
Many = Union[list[Union[_T, InstanceId]], NotFetched]  # noqa: UP007  (subscripted at run time)
One = Union[_T, InstanceId, None, NotFetched]  # noqa: UP007
ManyEdges = Union[list[Union[ConnectionEdge[_E, _N], InstanceId]], NotFetched]  # noqa: UP007
OneEdge = Union[ConnectionEdge[_E, _N], InstanceId, None, NotFetched]  # noqa: UP007
WriteMany = Union[list[Union[_T, DirectRelation]], None]  # noqa: UP007
WriteOne = Union[_T, DirectRelation, None]  # noqa: UP007
WriteManyEdges = Union[list[Union[ConnectionEdgeWrite[_P, _T], _T, DirectRelation]], None]  # noqa: UP007
WriteOneEdge = Union[ConnectionEdgeWrite[_P, _T], _T, DirectRelation, None]  # noqa: UP007


@dataclass(frozen=True)
class Include:
    """Options of one connection in ``include=``: ``filter`` (target view), ``edge_filter`` (edge view or
    ``EdgeFields``), ``sort`` (each parent's list), ``limit`` (the total at this hop; ``None`` = all) and a
    nested ``include`` for the target's own connections."""

    filter: Filter[Any] | None = None
    edge_filter: Filter[Any] | None = None
    sort: SortLike | None = None
    limit: int | None = None
    include: IncludeSpec | None = None


IncludeSpec = Mapping[Any, "bool | Literal['ids'] | Include"]


def edge_external_id(start: InstanceId, type: InstanceId, end: InstanceId) -> str:
    """The default external id of an edge written through a connection: ``start:type:end``; over 255
    characters, its first 238, ``:`` and the FNV-1a-64 hash of the whole (the same in @pygen/runtime).

    Length is counted in UTF-16 code units, as JavaScript counts it, so both runtimes derive the same id
    for the same edge; an id within 255 UTF-16 units is also within 255 code points, so it fits CDF's
    limit whichever unit CDF counts. The cut never splits a surrogate pair."""
    full = f"{start.external_id}:{type.external_id}:{end.external_id}"
    if _utf16_len(full) <= _MAX_EXTERNAL_ID:
        return full
    return f"{_utf16_prefix(full, _MAX_EXTERNAL_ID - 17)}:{fnv1a64(full)}"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of ``text`` within ``units`` UTF-16 code units (whole characters only)."""
    used = 0
    for i, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


_MAX_EXTERNAL_ID = 255


def fnv1a64(text: str) -> str:
    """FNV-1a, 64 bits, over the UTF-8 bytes, as 16 hex digits."""
    value = 0xCBF29CE484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


# --- which fields class belongs to a write class (for nested writes) -----------------------------------------

# Filled by the view API classes, which name a view's read, write and fields classes together.
_FIELDS_OF: dict[type, type] = {}


def register_view_classes(read: type, write: type, fields: type) -> None:
    _FIELDS_OF[write] = fields
    _FIELDS_OF[read] = fields


def fields_class_of(cls: type) -> type | None:
    for klass in cls.__mro__:  # a subclass of a generated write class keeps its connections
        if klass in _FIELDS_OF:
            return _FIELDS_OF[klass]
    return None


# --- links: a followable resolved against a read class ----------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A connection or direct relation with its thunks resolved, as the traversal code needs it."""

    kind: Literal["edge", "reverse", "direct"]
    field: str  # the field on the owner's read class
    label: str  # Owner.field, for messages
    target: type[ReadBase]
    list: bool
    edge_cls: type[ReadBase] | None = None  # edge view's read class (edges with properties)
    type: InstanceId | None = None
    direction: Direction = "outwards"
    through_field: str = ""  # reverse: the direct relation's field in the target view
    through_id: str = ""
    through_list: bool = False


def resolve_link(read_cls: type[ReadBase], key: object, where: str) -> Link:
    """The link ``key`` (a connection descriptor, or a direct relation builder with ``source=``) of
    ``read_cls``; a ``TypeError`` that says what to pass otherwise."""
    view = read_cls._view_id
    view_name = view.external_id if view else read_cls.__name__
    if isinstance(key, (EdgeConnection, ReverseConnection)):
        name = key.name
        if name not in read_cls._connection_names:
            raise TypeError(
                f"{where}: {key!r} is not a connection of {read_cls.__name__} "
                f"(its connections: {', '.join(sorted(read_cls._connection_names)) or 'none'})"
            )
        label = f"{view_name}.{name}"
        target = key.target_classes()[0]
        if isinstance(key, EdgeConnection):
            edge = key.edge_classes()
            return Link(
                "edge",
                name,
                label,
                target,
                key.list,
                edge_cls=None if edge is None else edge[0],
                type=key.type,
                direction=key.direction,
            )
        _, _, target_fields = key.target_classes()
        through = getattr(target_fields, key.through, None)
        if not isinstance(through, (DirectRelationProperty, ListProperty)):
            raise TypeError(f"{label}: through {key.through!r} is not a direct relation of {target.__name__}")
        return Link(
            "reverse",
            name,
            label,
            target,
            key.list,
            through_field=key.through,
            through_id=through.prop_id,
            through_list=isinstance(through, ListProperty),
        )
    if isinstance(key, (DirectRelationProperty, ListProperty)) and key.source is not None:
        by_prop = {v: k for k, v in read_cls._property_ids.items()}
        name = by_prop.get(key.prop_id, "")
        if not name:
            raise TypeError(f"{where}: {key!r} is not a direct relation of {read_cls.__name__}")
        target = _api_classes(key.source, f"{view_name}.{name} source")[0]
        return Link("direct", name, f"{view_name}.{name}", target, isinstance(key, ListProperty))
    if isinstance(key, PropertyBase):
        raise TypeError(
            f"{where}: {key!r} is a property without a target view: only connections and direct relations "
            "declared with source= can be followed"
        )
    raise TypeError(
        f"{where}: expected a connection of {read_cls.__name__}'s fields class (e.g. Fields.equipment), "
        f"got {key!r}"
    )
