"""Aggregation requests (count/sum/avg/min/max, histogram) and their typed results."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "AggregateGroup",
    "AggregateResult",
    "AggregateValue",
    "Aggregation",
    "Bucket",
    "Histogram",
    "avg",
    "count",
    "max_",
    "min_",
    "sum_",
]

AggregateKind = Literal["count", "sum", "avg", "min", "max"]


@dataclass(frozen=True, slots=True)
class Aggregation:
    """One metric to compute: ``kind`` over a property id (``count`` without a property counts instances)."""

    kind: AggregateKind
    property: str | None = None

    def dump(self, resolve: Any) -> dict[str, Any]:
        if self.property is None:
            if self.kind != "count":
                raise ValueError(f"{self.kind}() needs a property")
            return {"count": {"property": "externalId"}}
        return {self.kind: {"property": resolve(self.property)}}


def _prop(p: Any) -> str:
    return p if isinstance(p, str) else str(p.prop_id)


def count(prop: Any = None) -> Aggregation:
    """Count instances, or the non-null values of ``prop`` (a builder from ``<View>Fields`` or a field name)."""
    return Aggregation("count", None if prop is None else _prop(prop))


def sum_(prop: Any) -> Aggregation:
    return Aggregation("sum", _prop(prop))


def avg(prop: Any) -> Aggregation:
    return Aggregation("avg", _prop(prop))


def min_(prop: Any) -> Aggregation:
    return Aggregation("min", _prop(prop))


def max_(prop: Any) -> Aggregation:
    return Aggregation("max", _prop(prop))


@dataclass(frozen=True, slots=True)
class AggregateValue:
    aggregate: str
    property: str | None
    value: float | int | None


@dataclass(frozen=True, slots=True)
class AggregateGroup:
    """The metrics of one group (``group`` is empty without ``group_by``)."""

    group: dict[str, Any]
    values: tuple[AggregateValue, ...]
    # Python field name -> property id, so ``value()`` takes field names as ``count()``/``sum_()`` do.
    property_ids: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def value(self, aggregate: AggregateKind, prop: Any = None) -> float | int | None:
        """The value of one metric, e.g. ``group.value("avg", EquipmentFields.efficiency)`` (or by the
        field name ``"efficiency"`` or the property id)."""
        wanted = None if prop is None else _prop(prop)
        if wanted is not None:
            wanted = self.property_ids.get(wanted, wanted)
        for v in self.values:
            if v.aggregate == aggregate and (wanted is None or v.property == wanted):
                return v.value
        raise KeyError(f"no {aggregate} aggregate{'' if wanted is None else ' of ' + wanted} in this result")


@dataclass(frozen=True, slots=True)
class AggregateResult:
    """All groups of an aggregate call, in the order the API returned them."""

    groups: tuple[AggregateGroup, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[AggregateGroup]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def value(self, aggregate: AggregateKind, prop: Any = None) -> float | int | None:
        """The value of one metric of an ungrouped aggregate (``None``-safe: 0 groups gives ``None``)."""
        if not self.groups:
            return None
        if len(self.groups) > 1:
            raise ValueError("this result has several groups: read result.groups[i].value(...)")
        return self.groups[0].value(aggregate, prop)


@dataclass(frozen=True, slots=True)
class Bucket:
    start: float
    count: int


@dataclass(frozen=True, slots=True)
class Histogram:
    property: str
    interval: float
    buckets: tuple[Bucket, ...]


# Metrics whose value has the property's type; avg is a float whatever the property.
_TYPED_METRICS = frozenset({"sum", "min", "max"})


def parse_aggregate(
    payload: Any, props_to_fields: dict[str, str], integer_props: frozenset[str] = frozenset()
) -> AggregateResult:
    """``integer_props``: the view's int32/int64 property ids. CDF (and the emulator) send their sum/min/max
    as JSON floats (``4.0``); they are given back as ``int`` where integral, and counts always are."""
    fields_to_props = {name: prop for prop, name in props_to_fields.items()}
    groups = []
    for item in payload.get("items", []):
        values = tuple(
            AggregateValue(
                kind := a.get("aggregate", ""),
                prop := a.get("property"),
                _typed(a.get("value"), kind == "count" or (kind in _TYPED_METRICS and prop in integer_props)),
            )
            for a in item.get("aggregates", [])
        )
        group = {props_to_fields.get(k, k): v for k, v in (item.get("group") or {}).items()}
        groups.append(AggregateGroup(group, values, fields_to_props))
    return AggregateResult(tuple(groups))


def _typed(value: Any, integral: bool) -> Any:
    if integral and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_histograms(payload: Any) -> list[Histogram]:
    out: list[Histogram] = []
    for item in payload.get("items", []):
        for a in item.get("aggregates", []):
            if a.get("aggregate") == "histogram":
                buckets = tuple(Bucket(float(b["start"]), int(b["count"])) for b in a.get("buckets", []))
                out.append(Histogram(a.get("property", ""), float(a.get("interval", 0.0)), buckets))
    return out


def ensure_sequence(value: Aggregation | Sequence[Aggregation]) -> list[Aggregation]:
    if isinstance(value, Aggregation):
        return [value]
    items = list(value)
    for i, a in enumerate(items):
        if not isinstance(a, Aggregation):
            raise TypeError(f"aggregates[{i}]: expected count()/sum_()/avg()/min_()/max_(), got {a!r}")
    if not items:
        raise ValueError("aggregate() needs at least one aggregation, e.g. count()")
    return items
