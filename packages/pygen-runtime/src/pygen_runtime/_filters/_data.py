"""The DMS filter language as typed, immutable data.

Every filter dumps to the exact wire JSON (``dump()``) and composes with ``&`` (and), ``|`` (or) and
``~`` (not), or with the functions :func:`and_`, :func:`or_`, :func:`not_`. :func:`raw_filter` wraps any
hand-written DMS filter dict: the escape hatch for what the typed surface does not cover.

``Filter[V]`` carries, for the type checker only, the ``<View>Fields`` class it was built from. ``V`` is
contravariant: a view API for ``EquipmentFields`` takes a ``Filter[EquipmentFields]``, and so also a filter
built from the fields of a view Equipment implements (``Filter[DescribableFields]``), from the node
fields, or by ``raw_filter`` (``Filter[object]``) — but not a ``Filter[FacilityFields]``. Combining two
filters gives the filter of the more specific view; combining filters of unrelated views is a type error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import typing_extensions

__all__ = [
    "And",
    "ContainsAll",
    "ContainsAny",
    "Equals",
    "Exists",
    "Filter",
    "HasData",
    "In",
    "InstanceReferences",
    "MatchAll",
    "Nested",
    "Not",
    "Or",
    "Overlaps",
    "Prefix",
    "Range",
    "RawFilter",
    "and_",
    "as_filter",
    "dump_filter",
    "not_",
    "or_",
    "raw_filter",
]

PropertyRef = Sequence[str]
# A JSON value as the wire takes it (ids as {"space", "externalId"} dicts, timestamps as strings, ...).
Value = Any


# The fields class a filter was built from (a phantom: only the type checker sees it).
V = typing_extensions.TypeVar("V", contravariant=True, default=Any)
F = TypeVar("F")


class Filter(Generic[V]):
    """Base class of every filter. Combine with ``&``, ``|`` and ``~``."""

    __slots__ = ()

    def dump(self) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    # The reflected operators only serve the type checker: ``Filter[Describable] & Filter[Equipment]``
    # fails ``__and__`` (the right side is not a describable filter) and is typed by ``__rand__``.
    def __and__(self, other: Filter[V]) -> Filter[V]:
        return and_(self, other)

    def __rand__(self, other: Filter[V]) -> Filter[V]:
        return and_(other, self)

    def __or__(self, other: Filter[V]) -> Filter[V]:
        return or_(self, other)

    def __ror__(self, other: Filter[V]) -> Filter[V]:
        return or_(other, self)

    def __invert__(self) -> Filter[V]:
        return not_(self)


def _ref(prop: PropertyRef) -> list[str]:
    return list(prop)


@dataclass(frozen=True, slots=True)
class And(Filter[Any]):
    filters: tuple[Filter[Any], ...]

    def dump(self) -> dict[str, Any]:
        return {"and": [f.dump() for f in self.filters]}


@dataclass(frozen=True, slots=True)
class Or(Filter[Any]):
    filters: tuple[Filter[Any], ...]

    def dump(self) -> dict[str, Any]:
        return {"or": [f.dump() for f in self.filters]}


@dataclass(frozen=True, slots=True)
class Not(Filter[Any]):
    filter: Filter[Any]

    def dump(self) -> dict[str, Any]:
        return {"not": self.filter.dump()}


@dataclass(frozen=True, slots=True)
class Equals(Filter[Any]):
    property: PropertyRef
    value: Value

    def dump(self) -> dict[str, Any]:
        return {"equals": {"property": _ref(self.property), "value": self.value}}


@dataclass(frozen=True, slots=True)
class In(Filter[Any]):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"in": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class Range(Filter[Any]):
    property: PropertyRef
    gt: Value = None
    gte: Value = None
    lt: Value = None
    lte: Value = None

    def __post_init__(self) -> None:
        if self.gt is not None and self.gte is not None:
            raise ValueError(f"range on {list(self.property)}: give gt or gte, not both")
        if self.lt is not None and self.lte is not None:
            raise ValueError(f"range on {list(self.property)}: give lt or lte, not both")
        if all(v is None for v in (self.gt, self.gte, self.lt, self.lte)):
            raise ValueError(f"range on {list(self.property)}: give at least one of gt, gte, lt, lte")

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {"property": _ref(self.property)}
        for key in ("gt", "gte", "lt", "lte"):
            value = getattr(self, key)
            if value is not None:
                body[key] = value
        return {"range": body}


@dataclass(frozen=True, slots=True)
class Prefix(Filter[Any]):
    property: PropertyRef
    value: Value

    def dump(self) -> dict[str, Any]:
        return {"prefix": {"property": _ref(self.property), "value": self.value}}


@dataclass(frozen=True, slots=True)
class Exists(Filter[Any]):
    property: PropertyRef

    def dump(self) -> dict[str, Any]:
        return {"exists": {"property": _ref(self.property)}}


@dataclass(frozen=True, slots=True)
class ContainsAny(Filter[Any]):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"containsAny": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class ContainsAll(Filter[Any]):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"containsAll": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class MatchAll(Filter[Any]):
    def dump(self) -> dict[str, Any]:
        return {"matchAll": {}}


@dataclass(frozen=True, slots=True)
class Nested(Filter[Any]):
    """Apply ``filter`` to the node that the direct relation ``scope`` points to."""

    scope: PropertyRef
    filter: Filter[Any]

    def dump(self) -> dict[str, Any]:
        return {"nested": {"scope": _ref(self.scope), "filter": self.filter.dump()}}


@dataclass(frozen=True, slots=True)
class Overlaps(Filter[Any]):
    start_property: PropertyRef
    end_property: PropertyRef
    gt: Value = None
    gte: Value = None
    lt: Value = None
    lte: Value = None

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "startProperty": _ref(self.start_property),
            "endProperty": _ref(self.end_property),
        }
        for key in ("gt", "gte", "lt", "lte"):
            value = getattr(self, key)
            if value is not None:
                body[key] = value
        return {"overlaps": body}


@dataclass(frozen=True, slots=True)
class HasData(Filter[Any]):
    """Instances with data in all the given views/containers (wire references with ``type``)."""

    references: tuple[Mapping[str, str], ...]

    def dump(self) -> dict[str, Any]:
        return {"hasData": [dict(r) for r in self.references]}


@dataclass(frozen=True, slots=True)
class InstanceReferences(Filter[Any]):
    ids: tuple[tuple[str, str], ...]

    def dump(self) -> dict[str, Any]:
        return {"instanceReferences": [{"space": s, "externalId": x} for s, x in self.ids]}


@dataclass(frozen=True, slots=True)
class RawFilter(Filter[Any]):
    """A hand-written DMS filter, sent as it is (build it with :func:`raw_filter`)."""

    body: Mapping[str, Any]

    def dump(self) -> dict[str, Any]:
        return dict(self.body)


def raw_filter(body: Mapping[str, Any]) -> Filter[object]:
    """A hand-written DMS filter (wire JSON), accepted by every view API: the escape hatch."""
    if not isinstance(body, Mapping):
        raise TypeError(f"raw_filter() takes a DMS filter dict, got {type(body).__name__}")
    return RawFilter(body)


def as_filter(value: object, where: str) -> Filter[Any]:
    """``value`` if it is a filter; anything else is a ``TypeError`` that says what to pass."""
    if isinstance(value, Filter):
        return value
    if isinstance(value, Mapping):
        raise TypeError(f"{where}: got a dict; wrap a hand-written DMS filter in raw_filter({{...}})")
    raise TypeError(f"{where}: expected a filter (from a <View>Fields class or raw_filter), got {value!r}")


def and_(*filters: Filter[F]) -> Filter[F]:
    """All of ``filters`` (nested ``and``s are flattened)."""
    parts: list[Filter[Any]] = []
    for i, f in enumerate(filters):
        f = as_filter(f, f"and_ argument {i}")
        parts.extend(f.filters if isinstance(f, And) else (f,))
    if not parts:
        raise ValueError("and_() needs at least one filter")
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def or_(*filters: Filter[F]) -> Filter[F]:
    """Any of ``filters`` (nested ``or``s are flattened)."""
    parts: list[Filter[Any]] = []
    for i, f in enumerate(filters):
        f = as_filter(f, f"or_ argument {i}")
        parts.extend(f.filters if isinstance(f, Or) else (f,))
    if not parts:
        raise ValueError("or_() needs at least one filter")
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def not_(f: Filter[F]) -> Filter[F]:
    """The negation of ``f`` (double negation is removed)."""
    f = as_filter(f, "not_ argument")
    return f.filter if isinstance(f, Not) else Not(f)


def dump_filter(*filters: Filter[Any] | None) -> dict[str, Any] | None:
    """The wire JSON of the conjunction of the non-None ``filters``, or ``None`` when there are none."""
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return and_(*present).dump()
