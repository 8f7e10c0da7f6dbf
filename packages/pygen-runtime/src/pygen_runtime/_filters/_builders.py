"""Typed per-property filter builders, sort specs and the node/edge field namespaces.

A generated SDK declares, per view, a ``<View>Fields`` class whose attributes are these builders, e.g.
``EquipmentFields.priority.range(gte=3) & ~EquipmentFields.status.equals("stopped")``. Each builder
converts Python values (``datetime``, ``date``, ids, instances) to the wire form, so filters are typed
end to end and never carry a value the API would reject.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pygen_runtime._filters._data import (
    ContainsAll,
    ContainsAny,
    Equals,
    Exists,
    Filter,
    In,
    Prefix,
    Range,
)
from pygen_runtime._ids import IdLike, ViewId, to_instance_id
from pygen_runtime._types import format_date, format_timestamp

__all__ = [
    "BooleanProperty",
    "DateProperty",
    "DirectRelationProperty",
    "EdgeFields",
    "EnumProperty",
    "FloatProperty",
    "IntProperty",
    "ListProperty",
    "NodeFields",
    "PropertyBase",
    "Sort",
    "TextProperty",
    "TimestampProperty",
]

T = TypeVar("T")
L = TypeVar("L", bound=str)
Direction = Literal["ascending", "descending"]


@dataclass(frozen=True, slots=True)
class Sort:
    """One sort criterion: a property reference, a direction and where nulls go."""

    property: tuple[str, ...]
    direction: Direction = "ascending"
    nulls_first: bool = False

    def dump(self, *, with_nulls: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"property": list(self.property), "direction": self.direction}
        if with_nulls:
            out["nullsFirst"] = self.nulls_first
        return out


def _ref(view_or_ref: ViewId | Sequence[str], prop: str | None) -> tuple[str, ...]:
    if isinstance(view_or_ref, ViewId):
        if prop is None:
            raise ValueError("a view property builder needs the property id")
        return tuple(view_or_ref.property_ref(prop))
    return tuple(view_or_ref)


P = TypeVar("P", bound="PropertyBase")


class PropertyBase:
    """What every builder offers: the wire reference, ``exists()`` and sorting.

    Declared in a ``<View>Fields`` class with just the property id (``TextProperty("name")``), a builder
    binds to the ``_view_id`` of the class it is read from, so a subclass for a view that implements
    another (``PumpFields(EquipmentFields)``) refers to its own view without redeclaring anything.
    """

    __slots__ = ("_bound", "prop_id", "ref")

    def __init__(self, view_or_ref: ViewId | Sequence[str] | str, prop: str | None = None) -> None:
        self._bound: dict[type, Any] | None = None
        if isinstance(view_or_ref, str):  # relative to the owner class's view, bound on access
            self.ref: tuple[str, ...] = ()
            self.prop_id: str = view_or_ref
            self._bound = {}
        else:
            self.ref = _ref(view_or_ref, prop)
            self.prop_id = self.ref[-1]

    def __get__(self: P, instance: object, owner: type | None = None) -> P:
        if self._bound is None or owner is None:
            return self
        bound = self._bound.get(owner)
        if bound is None:
            view = getattr(owner, "_view_id", None)
            if not isinstance(view, ViewId):
                raise TypeError(f"{owner.__name__} has no _view_id: cannot resolve property {self.prop_id!r}")
            bound = copy.copy(self)
            bound._bound = None
            bound.ref = tuple(view.property_ref(self.prop_id))
            self._bound[owner] = bound
        return bound

    def exists(self) -> Filter:
        """The property has a (non-null) value."""
        return Exists(self.ref)

    def asc(self, *, nulls_first: bool = False) -> Sort:
        return Sort(self.ref, "ascending", nulls_first)

    def desc(self, *, nulls_first: bool = False) -> Sort:
        return Sort(self.ref, "descending", nulls_first)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.ref)!r})"


def _not_a_string(values: object, ref: tuple[str, ...], method: str) -> None:
    """A ``str`` is an iterable of characters: ``in_("running")`` would filter on "r", "u", ..."""
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{method}() on {list(ref)} takes a list of values, got the string {values!r}: wrap it in [...]"
        )


class _Scalar(PropertyBase, Generic[T]):
    __slots__ = ()

    def _wire(self, value: T) -> Any:
        return value

    def equals(self, value: T) -> Filter:
        return Equals(self.ref, self._wire(value))

    def in_(self, values: Iterable[T]) -> Filter:
        _not_a_string(values, self.ref, "in_")
        wire = tuple(self._wire(v) for v in values)
        if not wire:
            raise ValueError(f"in_() on {list(self.ref)} needs at least one value")
        return In(self.ref, wire)


class _Ordered(_Scalar[T]):
    __slots__ = ()

    def range(
        self, *, gt: T | None = None, gte: T | None = None, lt: T | None = None, lte: T | None = None
    ) -> Filter:
        """Values within the bounds (give any of ``gt``/``gte`` and ``lt``/``lte``)."""

        def w(v: T | None) -> Any:
            return None if v is None else self._wire(v)

        return Range(self.ref, gt=w(gt), gte=w(gte), lt=w(lt), lte=w(lte))


class TextProperty(_Scalar[str]):
    """A text property: ``equals``, ``in_``, ``prefix``, ``exists``."""

    __slots__ = ()

    def prefix(self, value: str) -> Filter:
        return Prefix(self.ref, value)


class IntProperty(_Ordered[int]):
    """An int32/int64 property: ``equals``, ``in_``, ``range``, ``exists``."""

    __slots__ = ()


class FloatProperty(_Ordered[float]):
    """A float32/float64 property: ``equals``, ``in_``, ``range``, ``exists``."""

    __slots__ = ()


class TimestampProperty(_Ordered[datetime]):
    """A timestamp property (aware ``datetime`` values); node/edge time fields use epoch milliseconds."""

    __slots__ = ("_epoch_ms",)

    def __init__(
        self, view_or_ref: ViewId | Sequence[str] | str, prop: str | None = None, *, epoch_ms: bool = False
    ) -> None:
        super().__init__(view_or_ref, prop)
        self._epoch_ms = epoch_ms

    def _wire(self, value: datetime) -> Any:
        if not isinstance(value, datetime):
            raise TypeError(f"{list(self.ref)}: expected a datetime, got {type(value).__name__}")
        if self._epoch_ms:
            format_timestamp(value)  # rejects naive datetimes with a clear message
            return round(value.timestamp() * 1000)
        return format_timestamp(value)


class DateProperty(_Ordered[date]):
    """A date property: ``equals``, ``in_``, ``range``, ``exists``."""

    __slots__ = ()

    def _wire(self, value: date) -> Any:
        if not isinstance(value, date):
            raise TypeError(f"{list(self.ref)}: expected a date, got {type(value).__name__}")
        return format_date(value)


class BooleanProperty(_Scalar[bool]):
    """A boolean property: ``equals``, ``exists``."""

    __slots__ = ()


class EnumProperty(_Scalar[L]):
    """An enum property; the type parameter is a ``Literal`` of its values."""

    __slots__ = ()


class DirectRelationProperty(_Scalar[IdLike]):
    """A direct relation (or node ``type``, edge ``startNode``/``endNode``): compare by id or by instance."""

    __slots__ = ()

    def _wire(self, value: IdLike) -> Any:
        return to_instance_id(value, what=f"{list(self.ref)} value").dump()


class ListProperty(PropertyBase, Generic[T]):
    """A list property: ``contains_any``, ``contains_all``, ``exists``."""

    __slots__ = ("_convert",)

    def __init__(
        self,
        view_or_ref: ViewId | Sequence[str] | str,
        prop: str | None = None,
        *,
        convert: Callable[[T], Any] | None = None,
    ) -> None:
        super().__init__(view_or_ref, prop)
        self._convert = convert

    @staticmethod
    def of_direct_relations(prop: str) -> ListProperty[IdLike]:
        return ListProperty[IdLike](prop, convert=lambda v: to_instance_id(v).dump())

    @staticmethod
    def of_timestamps(prop: str) -> ListProperty[datetime]:
        return ListProperty[datetime](prop, convert=format_timestamp)

    @staticmethod
    def of_dates(prop: str) -> ListProperty[date]:
        return ListProperty[date](prop, convert=format_date)

    def _wire(self, values: Iterable[T]) -> tuple[Any, ...]:
        _not_a_string(values, self.ref, "contains_any/contains_all")
        convert = self._convert
        wire = tuple(convert(v) for v in values) if convert else tuple(values)
        if not wire:
            raise ValueError(f"{list(self.ref)}: give at least one value")
        return wire

    def contains_any(self, values: Iterable[T]) -> Filter:
        return ContainsAny(self.ref, self._wire(values))

    def contains_all(self, values: Iterable[T]) -> Filter:
        return ContainsAll(self.ref, self._wire(values))


class NodeFields:
    """Filter builders for the fields every node has. Generated ``<View>Fields`` classes extend it."""

    space = TextProperty(("node", "space"))
    external_id = TextProperty(("node", "externalId"))
    version = IntProperty(("node", "version"))
    created_time = TimestampProperty(("node", "createdTime"), epoch_ms=True)
    last_updated_time = TimestampProperty(("node", "lastUpdatedTime"), epoch_ms=True)
    type = DirectRelationProperty(("node", "type"))


class EdgeFields:
    """Filter builders for the fields every edge has (``type``, ``start_node``, ``end_node`` included)."""

    space = TextProperty(("edge", "space"))
    external_id = TextProperty(("edge", "externalId"))
    version = IntProperty(("edge", "version"))
    created_time = TimestampProperty(("edge", "createdTime"), epoch_ms=True)
    last_updated_time = TimestampProperty(("edge", "lastUpdatedTime"), epoch_ms=True)
    type = DirectRelationProperty(("edge", "type"))
    start_node = DirectRelationProperty(("edge", "startNode"))
    end_node = DirectRelationProperty(("edge", "endNode"))
