"""The DMS filter language as typed, immutable data.

Every filter dumps to the exact wire JSON (``dump()``) and composes with ``&`` (and), ``|`` (or) and
``~`` (not), or with the functions :func:`and_`, :func:`or_`, :func:`not_`. ``RawFilter`` wraps any
hand-written DMS filter dict: the escape hatch for what the typed surface does not cover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "And",
    "ContainsAll",
    "ContainsAny",
    "Equals",
    "Exists",
    "Filter",
    "FilterLike",
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
    "dump_filter",
    "not_",
    "or_",
]

PropertyRef = Sequence[str]
# A JSON value as the wire takes it (ids as {"space", "externalId"} dicts, timestamps as strings, ...).
Value = Any


class Filter:
    """Base class of every filter. Combine with ``&``, ``|`` and ``~``."""

    __slots__ = ()

    def dump(self) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    def __and__(self, other: Filter) -> Filter:
        return and_(self, other)

    def __or__(self, other: Filter) -> Filter:
        return or_(self, other)

    def __invert__(self) -> Filter:
        return not_(self)


def _ref(prop: PropertyRef) -> list[str]:
    return list(prop)


@dataclass(frozen=True, slots=True)
class And(Filter):
    filters: tuple[Filter, ...]

    def dump(self) -> dict[str, Any]:
        return {"and": [f.dump() for f in self.filters]}


@dataclass(frozen=True, slots=True)
class Or(Filter):
    filters: tuple[Filter, ...]

    def dump(self) -> dict[str, Any]:
        return {"or": [f.dump() for f in self.filters]}


@dataclass(frozen=True, slots=True)
class Not(Filter):
    filter: Filter

    def dump(self) -> dict[str, Any]:
        return {"not": self.filter.dump()}


@dataclass(frozen=True, slots=True)
class Equals(Filter):
    property: PropertyRef
    value: Value

    def dump(self) -> dict[str, Any]:
        return {"equals": {"property": _ref(self.property), "value": self.value}}


@dataclass(frozen=True, slots=True)
class In(Filter):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"in": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class Range(Filter):
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
class Prefix(Filter):
    property: PropertyRef
    value: Value

    def dump(self) -> dict[str, Any]:
        return {"prefix": {"property": _ref(self.property), "value": self.value}}


@dataclass(frozen=True, slots=True)
class Exists(Filter):
    property: PropertyRef

    def dump(self) -> dict[str, Any]:
        return {"exists": {"property": _ref(self.property)}}


@dataclass(frozen=True, slots=True)
class ContainsAny(Filter):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"containsAny": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class ContainsAll(Filter):
    property: PropertyRef
    values: tuple[Value, ...]

    def dump(self) -> dict[str, Any]:
        return {"containsAll": {"property": _ref(self.property), "values": list(self.values)}}


@dataclass(frozen=True, slots=True)
class MatchAll(Filter):
    def dump(self) -> dict[str, Any]:
        return {"matchAll": {}}


@dataclass(frozen=True, slots=True)
class Nested(Filter):
    """Apply ``filter`` to the node that the direct relation ``scope`` points to."""

    scope: PropertyRef
    filter: Filter

    def dump(self) -> dict[str, Any]:
        return {"nested": {"scope": _ref(self.scope), "filter": self.filter.dump()}}


@dataclass(frozen=True, slots=True)
class Overlaps(Filter):
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
class HasData(Filter):
    """Instances with data in all the given views/containers (wire references with ``type``)."""

    references: tuple[Mapping[str, str], ...]

    def dump(self) -> dict[str, Any]:
        return {"hasData": [dict(r) for r in self.references]}


@dataclass(frozen=True, slots=True)
class InstanceReferences(Filter):
    ids: tuple[tuple[str, str], ...]

    def dump(self) -> dict[str, Any]:
        return {"instanceReferences": [{"space": s, "externalId": x} for s, x in self.ids]}


@dataclass(frozen=True, slots=True)
class RawFilter(Filter):
    """A hand-written DMS filter, sent as it is."""

    body: Mapping[str, Any]

    def dump(self) -> dict[str, Any]:
        return dict(self.body)


FilterLike = Filter | Mapping[str, Any]


def _as_filter(value: FilterLike, where: str) -> Filter:
    if isinstance(value, Filter):
        return value
    if isinstance(value, Mapping):
        return RawFilter(value)
    raise TypeError(f"{where}: expected a Filter or a DMS filter dict, got {type(value).__name__}")


def and_(*filters: FilterLike) -> Filter:
    """All of ``filters`` (nested ``and``s are flattened)."""
    parts: list[Filter] = []
    for i, f in enumerate(filters):
        f = _as_filter(f, f"and_ argument {i}")
        parts.extend(f.filters if isinstance(f, And) else (f,))
    if not parts:
        raise ValueError("and_() needs at least one filter")
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def or_(*filters: FilterLike) -> Filter:
    """Any of ``filters`` (nested ``or``s are flattened)."""
    parts: list[Filter] = []
    for i, f in enumerate(filters):
        f = _as_filter(f, f"or_ argument {i}")
        parts.extend(f.filters if isinstance(f, Or) else (f,))
    if not parts:
        raise ValueError("or_() needs at least one filter")
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def not_(f: FilterLike) -> Filter:
    """The negation of ``f`` (double negation is removed)."""
    f = _as_filter(f, "not_ argument")
    return f.filter if isinstance(f, Not) else Not(f)


def dump_filter(*filters: FilterLike | None) -> dict[str, Any] | None:
    """The wire JSON of the conjunction of the non-None ``filters``, or ``None`` when there are none."""
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return and_(*present).dump()
