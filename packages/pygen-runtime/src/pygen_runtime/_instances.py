"""The base classes of a view's generated classes: properties, read (node/edge), write (node/edge), list.

A generated SDK declares a view's properties once, in a ``<View>Properties`` class (a :class:`Properties`
subclass), and combines it with the node/edge bases and the view id::

    class EquipmentWrite(DescribableWrite, EquipmentProperties, view=VIEW_ID): ...
    class Equipment(Describable, EquipmentProperties, view=VIEW_ID): ...

Wire names come from the alias generator (``serial_number`` <-> ``serialNumber``); a generated field has an
explicit alias only where its property id is not the camelCase of its name.

Read classes parse straight from the response bytes: each view property field gets a validation alias
``AliasPath("properties", <space>, "<view>/<version>", <propertyId>)`` (set once per class, when it is
defined), so pydantic-core picks the values out of the nested wire shape without Python reshaping.
Unknown properties are ignored.

Write classes keep *absent* distinct from *null*: only fields that were set (in the constructor or by
assignment) are sent, and a field set to ``None`` is sent as ``null`` (which clears it in CDF).
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any, ClassVar, Final, Literal, TypeVar

from pydantic import AliasPath, BaseModel, ConfigDict, Field, GetCoreSchemaHandler, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import core_schema

from pygen_runtime._ids import InstanceId, ViewId
from pygen_runtime._repr import instance_repr, sequence_repr
from pygen_runtime._types import DirectRelation

__all__ = [
    "NOT_FETCHED",
    "Edge",
    "EdgeWrite",
    "InstanceList",
    "Node",
    "NodeWrite",
    "NotFetched",
    "Properties",
    "ReadBase",
    "WriteBase",
    "connection_field",
]

W = TypeVar("W", bound="WriteBase")


class NotFetched:
    """The value of a connection field that was not asked for (``include=``): distinct from ``None``
    (fetched, none) and ``[]`` (fetched, empty). Falsy; one instance, :data:`NOT_FETCHED`."""

    _instance: ClassVar[NotFetched | None] = None

    def __new__(cls) -> NotFetched:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:  # so that `if x.conn:` narrows NOT_FETCHED away for mypy
        return False

    def __repr__(self) -> str:
        return "NOT_FETCHED"

    def __reduce__(self) -> str:
        return "NOT_FETCHED"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.is_instance_schema(
            cls, serialization=core_schema.plain_serializer_function_ser_schema(lambda _: None)
        )


NOT_FETCHED: Final = NotFetched()


def connection_field() -> Any:
    """The default of a connection field on a write class (edges to write, not a view property): unset,
    and never sent as a property; ``upsert`` turns its value into edges (and nested nodes)."""
    return Field(default=None, exclude=True)


class Properties(BaseModel):
    """Base of a generated ``<View>Properties`` class: the view's properties, declared once for the read
    and the write class (which add the node/edge fields and the view id)."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, validate_by_alias=True)


class ReadBase(BaseModel):
    """Fields every instance has. A generated read class names its view with the ``view=`` class keyword."""

    model_config = ConfigDict(
        extra="ignore",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        val_temporal_unit="milliseconds",
    )
    _view_id: ClassVar[ViewId | None] = None
    # Field name -> property id, for this class's view properties (set when the class is defined).
    _property_ids: ClassVar[dict[str, str]] = {}
    # Fields holding connections (default NOT_FETCHED), filled by include=.
    _connection_names: ClassVar[frozenset[str]] = frozenset()

    space: str
    external_id: str
    version: int
    created_time: datetime
    last_updated_time: datetime
    deleted_time: datetime | None = None

    def __init_subclass__(cls, *, view: ViewId | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if view is not None:
            cls._view_id = view

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        view = cls.__dict__.get("_view_id")
        base_fields = _base_field_names(cls, ReadBase)
        if not isinstance(view, ViewId):
            _require_view(cls, base_fields)
            return
        ids: dict[str, str] = {}
        connections: set[str] = set()
        for name, info in cls.model_fields.items():  # this class's own copies: the bases keep theirs
            if name in base_fields:
                continue
            if info.default is NOT_FETCHED:  # a connection (include=...), not a stored property
                connections.add(name)
                continue
            ids[name] = info.alias or name
        cls._property_ids = ids
        cls._connection_names = frozenset(connections)
        cls._set_property_paths()
        # Fields may name classes of modules that are still importing (views refer to each other): then
        # pydantic finishes the class on first use, through model_rebuild below.
        cls.model_rebuild(force=True, raise_errors=False)

    @classmethod
    def _set_property_paths(cls) -> bool:
        """Give each view property field its path in the wire shape; True when some field lacked it."""
        view = cls._view_id
        if view is None:
            return False
        changed = False
        fields = cls.__pydantic_fields__
        for name, prop in cls._property_ids.items():
            # One path, no alternatives: AliasChoices would make every lookup try several keys.
            # Construction by field name still works (validate_by_name).
            path = AliasPath("properties", view.space, view.key, prop)
            info = fields[name]
            if info.validation_alias != path:
                info.validation_alias = path
                changed = True
        return changed

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """pydantic's, then the property paths again: rebuilding a class whose annotations could not be
        resolved before recreates those fields (a direct relation typed with a class of a module that was
        still importing), without their paths."""
        namespace = _types_namespace if _types_namespace is not None else mro_namespace(cls)
        done = super().model_rebuild(force=force, raise_errors=raise_errors, _types_namespace=namespace)
        if cls.__dict__.get("_property_ids") is not None and cls._set_property_paths():
            done = super().model_rebuild(force=True, raise_errors=raise_errors, _types_namespace=namespace)
        return done

    @property
    def id(self) -> InstanceId:
        return InstanceId(self.space, self.external_id)

    def _to_write(self, write_cls: type[W]) -> W:
        """A write object with this instance's id, type/endpoints and non-null properties.

        A value the write class rejects (e.g. an enum value added to the model after the SDK was
        generated) is left out: absent means "leave as stored", so an upsert of the result keeps it."""
        mine = type(self).model_fields
        skip = {"existing_version", *self._connection_names, *write_cls._connection_names}
        data = {
            name: value
            for name in write_cls.model_fields
            if name in mine and name not in skip and (value := getattr(self, name)) is not None
        }
        try:
            return write_cls.model_validate(data)
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]} & set(write_cls._property_ids)
            if not bad:
                raise
            return write_cls.model_validate({k: v for k, v in data.items() if k not in bad})

    def _repr_html_(self) -> str:
        from pygen_runtime._pandas import repr_html

        return repr_html([self])

    def __repr_args__(self) -> Any:
        return id_fields_first(super().__repr_args__(), self._property_ids)

    def __repr__(self) -> str:
        return instance_repr(self, self.__repr_args__())

    def dump(self) -> dict[str, Any]:
        """A JSON-compatible dict keyed by field name: the node/edge fields, then the view's properties
        (``deleted_time`` only when set)."""
        exclude = {name for name in self._connection_names if getattr(self, name) is NOT_FETCHED}
        if self.deleted_time is None:
            exclude.add("deleted_time")
        data = self.model_dump(mode="json", exclude=exclude)
        return dict(id_fields_first(data.items(), self._property_ids))


def ensure_complete(cls: type[BaseModel]) -> None:
    """Finish a class pydantic left incomplete (an annotation naming a class of a module that was still
    importing) before a parser is built for it: pydantic would otherwise resolve its names in the caller's
    namespace, not in the modules that declared them."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild()


def mro_namespace(cls: type) -> dict[str, Any]:
    """The globals of the modules of ``cls`` and its bases (the most derived win). An inherited field whose
    annotation could not be resolved when its class was made (a class of a module still importing) is
    resolved when the subclass is finished, with the names of the module that declared it."""
    namespace: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        module = sys.modules.get(klass.__module__)
        if module is not None:
            namespace.update(vars(module))
    return namespace


def id_fields_first(items: Any, property_ids: dict[str, str]) -> list[tuple[Any, Any]]:
    """Node/edge fields before view properties. (pydantic orders the fields of a class
    ``X(ParentRead, XProperties)`` properties first: the mixin's fields come first in the reversed MRO.)"""
    pairs = list(items)
    return [p for p in pairs if p[0] not in property_ids] + [p for p in pairs if p[0] in property_ids]


def _require_view(cls: type[ReadBase] | type[WriteBase], base_fields: set[str]) -> None:
    """A class with view properties must know its view (its own ``view=`` or a parent's): without it, reads
    would find no properties and writes would send none."""
    if cls._view_id is None and set(cls.model_fields) - base_fields:
        raise TypeError(f"{cls.__name__} has view properties but no view: declare it with view=VIEW_ID")


def _base_field_names(cls: type[BaseModel], stop: type[BaseModel]) -> set[str]:
    """Fields of the runtime base classes (Node/Edge/ReadBase/WriteBase...): never view properties."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if isinstance(klass, type) and issubclass(klass, stop) and klass.__module__ == __name__:
            names.update(klass.model_fields)
    return names


class Node(ReadBase):
    """A node as read. ``type`` is the node type (or ``None``)."""

    instance_type: Literal["node"] = "node"
    type: InstanceId | None = None


class Edge(ReadBase):
    """An edge as read: always has ``type``, ``start_node`` and ``end_node``."""

    instance_type: Literal["edge"] = "edge"
    type: InstanceId
    start_node: InstanceId
    end_node: InstanceId


class WriteBase(BaseModel):
    """Fields every write has. A generated write class names its view with the ``view=`` class keyword."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        validate_assignment=True,
    )
    _view_id: ClassVar[ViewId | None] = None
    _property_ids: ClassVar[dict[str, str]] = {}
    # Edge connection fields (declared with connection_field()): flattened into edges by upsert.
    _connection_names: ClassVar[frozenset[str]] = frozenset()
    _instance_type: ClassVar[Literal["node", "edge"]] = "node"

    space: str = Field(min_length=1)
    external_id: str = Field(min_length=1, max_length=256)  # DMS: 1-256 characters
    existing_version: int | None = None

    def __init_subclass__(cls, *, view: ViewId | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if view is not None:
            cls._view_id = view

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        base_fields = _base_field_names(cls, WriteBase)
        _require_view(cls, base_fields)
        fields = cls.model_fields
        cls._connection_names = frozenset(n for n, info in fields.items() if info.exclude is True)
        cls._property_ids = {
            name: info.alias or name
            for name, info in fields.items()
            if name not in base_fields and name not in cls._connection_names
        }

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """pydantic's, resolving names in the modules of the class and its bases (see ``mro_namespace``)."""
        namespace = _types_namespace if _types_namespace is not None else mro_namespace(cls)
        return super().model_rebuild(force=force, raise_errors=raise_errors, _types_namespace=namespace)

    @property
    def id(self) -> InstanceId:
        return InstanceId(self.space, self.external_id)

    def __repr_args__(self) -> Any:
        return id_fields_first(super().__repr_args__(), self._property_ids)

    def __repr__(self) -> str:
        return instance_repr(self, self.__repr_args__())

    def dump(self) -> dict[str, Any]:
        """The DMS write format of this instance (``sources`` with only the properties that were set)."""
        # One serialiser call by field name (property ids may equal base keys such as "type"), then split.
        data = self.model_dump(mode="json", exclude_unset=True)
        out: dict[str, Any] = {
            "instanceType": self._instance_type,
            "space": self.space,
            "externalId": self.external_id,
        }
        if self.existing_version is not None:
            out["existingVersion"] = self.existing_version
        for name, key in _ENDPOINTS:
            if name in data:
                out[key] = data[name]
            elif name in type(self).model_fields and (value := getattr(self, name)) is not None:
                out[key] = value.dump()
        view = self._view_id
        props = self._property_ids
        if view is not None and props:
            properties = {props[name]: value for name, value in data.items() if name in props}
            out["sources"] = [{"source": view.dump(), "properties": properties}]
        return out


_ENDPOINTS = (("type", "type"), ("start_node", "startNode"), ("end_node", "endNode"))


class NodeWrite(WriteBase):
    """A node to create or update. ``type`` is the optional node type."""

    type: DirectRelation | None = None


class EdgeWrite(WriteBase):
    """An edge to create or update: ``type``, ``start_node`` and ``end_node`` are required."""

    _instance_type: ClassVar[Literal["node", "edge"]] = "edge"

    type: DirectRelation
    start_node: DirectRelation
    end_node: DirectRelation


# Bound to the class itself, not to the string "ReadBase": a forward reference here makes mypy defer this
# module, and the pydantic plugin then gives the models clashing synthesized methods (seen with the
# Properties mixins of generated classes).
R = TypeVar("R", bound=ReadBase)


class InstanceList(list[R]):
    """A list of read instances with notebook and pandas helpers."""

    @property
    def ids(self) -> list[InstanceId]:
        return [item.id for item in self]

    def dump(self) -> list[dict[str, Any]]:
        return [item.dump() for item in self]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per instance (needs the ``pandas`` extra)."""
        from pygen_runtime._pandas import to_pandas

        return to_pandas(self)

    def __repr__(self) -> str:
        # Named after the items' class (EquipmentList) unless a subclass names itself.
        name = type(self).__name__
        if type(self) is InstanceList and self:
            name = f"{type(self[0]).__name__}List"
        return sequence_repr(name, self)

    def _repr_html_(self) -> str:
        from pygen_runtime._pandas import repr_html

        return repr_html(self)
