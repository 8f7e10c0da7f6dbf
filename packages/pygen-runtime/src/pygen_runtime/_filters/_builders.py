"""Typed per-property filter builders, sort specs and the node/edge field namespaces.

A generated SDK declares, per view, a ``<View>Fields`` class whose attributes are these builders, e.g.
``EquipmentFields.priority.gte(3) & ~EquipmentFields.status.equals("stopped")``. Each builder
converts Python values (``datetime``, ``date``, ids, instances) to the wire form, so filters are typed
end to end and never carry a value the API would reject.

A builder is declared with no arguments (its property id is the camelCase of the attribute name) or with
the property id where that differs. Read from a fields class, it binds to that class: to its view (so
``PumpFields.priority`` refers to the Pump view although ``EquipmentFields`` declared it) and, for the
type checker, to the class itself, so its filters are ``Filter[PumpFields]`` (see ``_data``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

import typing_extensions
from pydantic.alias_generators import to_camel

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
E = TypeVar("E", bound=str)
# The fields class a builder was read from (see the module docstring); Any while unbound.
V = typing_extensions.TypeVar("V", default=Any)
Owner = TypeVar("Owner")
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


class PropertyBase(Generic[V]):
    """What every builder offers: the wire reference, ``exists()`` and sorting.

    ``prop`` is a view property id (``None``: the camelCase of the attribute name), or a full wire
    reference such as ``("node", "externalId")`` for the fields every node has."""

    __slots__ = ("_bound", "prop_id", "ref")

    def __init__(self, prop: str | Sequence[str] | None = None) -> None:
        # Relative builders (a view property) are bound per owner class on access, and cached here.
        self._bound: dict[type, Any] | None = None
        if prop is None or isinstance(prop, str):
            self.ref: tuple[str, ...] = ()
            self.prop_id: str = prop or ""
            self._bound = {}
        else:
            self.ref = tuple(prop)
            self.prop_id = self.ref[-1]

    def __set_name__(self, owner: type, name: str) -> None:
        if self._bound is not None and not self.prop_id:
            self.prop_id = to_camel(name)

    def __get__(self, instance: object, owner: type[Owner]) -> PropertyBase[Owner]:
        if self._bound is None:
            return self  # type: ignore[return-value]  # an absolute reference: the same for every owner
        bound: Any = self._bound.get(owner)
        if bound is None:
            view = getattr(owner, "_view_id", None)
            if not isinstance(view, ViewId):
                raise TypeError(
                    f"{owner.__name__} has no view: declare it as class {owner.__name__}(..., view=VIEW_ID) "
                    f"to use property {self.prop_id!r}"
                )
            bound = copy.copy(self)  # the same builder, bound to the owner's view
            bound._bound = None
            bound.ref = tuple(view.property_ref(self.prop_id))
            self._bound[owner] = bound
        result: PropertyBase[Owner] = bound
        return result

    def exists(self) -> Filter[V]:
        """The property has a (non-null) value."""
        return Exists(self.ref)

    def asc(self, *, nulls_first: bool = False) -> Sort:
        return Sort(self.ref, "ascending", nulls_first)

    def desc(self, *, nulls_first: bool = False) -> Sort:
        return Sort(self.ref, "descending", nulls_first)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.ref) if self.ref else self.prop_id!r})"


def _not_a_string(values: object, ref: tuple[str, ...], method: str) -> None:
    """A ``str`` is an iterable of characters: ``in_("running")`` would filter on "r", "u", ..."""
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{method}() on {list(ref)} takes a list of values, got the string {values!r}: wrap it in [...]"
        )


class _Scalar(PropertyBase[V], Generic[T, V]):
    __slots__ = ()

    def _wire(self, value: T) -> Any:
        return value

    def equals(self, value: T) -> Filter[V]:
        return Equals(self.ref, self._wire(value))

    def in_(self, values: Iterable[T]) -> Filter[V]:
        _not_a_string(values, self.ref, "in_")
        wire = tuple(self._wire(v) for v in values)
        if not wire:
            raise ValueError(f"in_() on {list(self.ref)} needs at least one value")
        return In(self.ref, wire)


class _Ordered(_Scalar[T, V]):
    __slots__ = ()

    def range(
        self, *, gt: T | None = None, gte: T | None = None, lt: T | None = None, lte: T | None = None
    ) -> Filter[V]:
        """Values within the bounds (give any of ``gt``/``gte`` and ``lt``/``lte``)."""

        def w(v: T | None) -> Any:
            return None if v is None else self._wire(v)

        return Range(self.ref, gt=w(gt), gte=w(gte), lt=w(lt), lte=w(lte))

    def gt(self, value: T) -> Filter[V]:
        """Values greater than ``value`` (``range(gt=value)``)."""
        return self.range(gt=value)

    def gte(self, value: T) -> Filter[V]:
        """Values greater than or equal to ``value`` (``range(gte=value)``)."""
        return self.range(gte=value)

    def lt(self, value: T) -> Filter[V]:
        """Values less than ``value`` (``range(lt=value)``)."""
        return self.range(lt=value)

    def lte(self, value: T) -> Filter[V]:
        """Values less than or equal to ``value`` (``range(lte=value)``)."""
        return self.range(lte=value)


# Each builder's __get__ is re-declared for the type checker only: it returns the builder bound to the
# fields class it is read from (Python typing cannot say "this class, with another type argument").


class TextProperty(_Scalar[str, V]):
    """A text property: ``equals``, ``in_``, ``prefix``, ``exists``."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> TextProperty[Owner]: ...

    def prefix(self, value: str) -> Filter[V]:
        return Prefix(self.ref, value)


class IntProperty(_Ordered[int, V]):
    """An int32/int64 property: ``equals``, ``in_``, ``range``/``gt``/``gte``/``lt``/``lte``, ``exists``."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> IntProperty[Owner]: ...


class FloatProperty(_Ordered[float, V]):
    """A float32/float64 property: ``equals``, ``in_``, ``range``/``gt``/``gte``/``lt``/``lte``, ``exists``."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> FloatProperty[Owner]: ...


class TimestampProperty(_Ordered[datetime, V]):
    """A timestamp property (aware ``datetime`` values); node/edge time fields use epoch milliseconds."""

    __slots__ = ("_epoch_ms",)

    def __init__(self, prop: str | Sequence[str] | None = None, *, epoch_ms: bool = False) -> None:
        super().__init__(prop)
        self._epoch_ms = epoch_ms

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> TimestampProperty[Owner]: ...

    def _wire(self, value: datetime) -> Any:
        if not isinstance(value, datetime):
            raise TypeError(f"{list(self.ref)}: expected a datetime, got {type(value).__name__}")
        if self._epoch_ms:
            format_timestamp(value)  # rejects naive datetimes with a clear message
            return round(value.timestamp() * 1000)
        return format_timestamp(value)


class DateProperty(_Ordered[date, V]):
    """A date property: ``equals``, ``in_``, ``range``/``gt``/``gte``/``lt``/``lte``, ``exists``."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> DateProperty[Owner]: ...

    def _wire(self, value: date) -> Any:
        if not isinstance(value, date):
            raise TypeError(f"{list(self.ref)}: expected a date, got {type(value).__name__}")
        return format_date(value)


class BooleanProperty(_Scalar[bool, V]):
    """A boolean property: ``equals``, ``exists``."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> BooleanProperty[Owner]: ...


class EnumProperty(_Scalar[E, V]):
    """An enum property; the first type argument is a ``Literal`` of its values."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> EnumProperty[E, Owner]: ...


class DirectRelationProperty(_Scalar[IdLike, V]):
    """A direct relation (or node ``type``, edge ``startNode``/``endNode``): compare by id or by instance.

    ``source``: a thunk returning the API class of the view the relation points at, when the model names
    one; it makes the relation followable (``include=``, ``query().follow()``)."""

    __slots__ = ("source",)

    def __init__(
        self, prop: str | Sequence[str] | None = None, *, source: Callable[[], type] | None = None
    ) -> None:
        super().__init__(prop)
        self.source = source

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> DirectRelationProperty[Owner]: ...

    def _wire(self, value: IdLike) -> Any:
        return to_instance_id(value, what=f"{list(self.ref)} value").dump()


class ListProperty(PropertyBase[V], Generic[T, V]):
    """A list property: ``contains_any``, ``contains_all``, ``exists``."""

    __slots__ = ("_convert", "source")

    def __init__(
        self,
        prop: str | Sequence[str] | None = None,
        *,
        convert: Callable[[T], Any] | None = None,
        source: Callable[[], type] | None = None,
    ) -> None:
        super().__init__(prop)
        self._convert = convert
        # A list of direct relations: the target view's API class, as for DirectRelationProperty.
        self.source = source

    if TYPE_CHECKING:

        def __get__(self, instance: object, owner: type[Owner]) -> ListProperty[T, Owner]: ...

    @staticmethod
    def of_direct_relations(
        prop: str | None = None, *, source: Callable[[], type] | None = None
    ) -> ListProperty[IdLike]:
        return ListProperty[IdLike](prop, convert=lambda v: to_instance_id(v).dump(), source=source)

    @staticmethod
    def of_timestamps(prop: str | None = None) -> ListProperty[datetime]:
        return ListProperty[datetime](prop, convert=format_timestamp)

    @staticmethod
    def of_dates(prop: str | None = None) -> ListProperty[date]:
        return ListProperty[date](prop, convert=format_date)

    def _wire(self, values: Iterable[T]) -> tuple[Any, ...]:
        _not_a_string(values, self.ref, "contains_any/contains_all")
        convert = self._convert
        wire = tuple(convert(v) for v in values) if convert else tuple(values)
        if not wire:
            raise ValueError(f"{list(self.ref)}: give at least one value")
        return wire

    def contains_any(self, values: Iterable[T]) -> Filter[V]:
        return ContainsAny(self.ref, self._wire(values))

    def contains_all(self, values: Iterable[T]) -> Filter[V]:
        return ContainsAll(self.ref, self._wire(values))


class _Fields:
    """A namespace of builders; a generated subclass names its view: ``class XFields(..., view=VIEW_ID)``."""

    _view_id: ClassVar[ViewId | None] = None

    def __init_subclass__(cls, *, view: ViewId | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if view is not None:
            cls._view_id = view


class NodeFields(_Fields):
    """Filter builders for the fields every node has. Generated ``<View>Fields`` classes extend it."""

    space = TextProperty(("node", "space"))
    external_id = TextProperty(("node", "externalId"))
    version = IntProperty(("node", "version"))
    created_time = TimestampProperty(("node", "createdTime"), epoch_ms=True)
    last_updated_time = TimestampProperty(("node", "lastUpdatedTime"), epoch_ms=True)
    type = DirectRelationProperty(("node", "type"))


class EdgeFields(_Fields):
    """Filter builders for the fields every edge has (``type``, ``start_node``, ``end_node`` included)."""

    space = TextProperty(("edge", "space"))
    external_id = TextProperty(("edge", "externalId"))
    version = IntProperty(("edge", "version"))
    created_time = TimestampProperty(("edge", "createdTime"), epoch_ms=True)
    last_updated_time = TimestampProperty(("edge", "lastUpdatedTime"), epoch_ms=True)
    type = DirectRelationProperty(("edge", "type"))
    start_node = DirectRelationProperty(("edge", "startNode"))
    end_node = DirectRelationProperty(("edge", "endNode"))
