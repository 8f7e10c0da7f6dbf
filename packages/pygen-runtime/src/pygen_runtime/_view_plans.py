"""The request plans behind a view API: retrieve, one page, list, search, aggregate, histogram.

Pure functions of their arguments (see ``pygen_client.plans``): they build the DMS request bodies,
parse the answers and never touch the network themselves.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pygen_client.plans import Call, Emit, Plan
from pygen_runtime._aggregate import (
    AggregateResult,
    Aggregation,
    Histogram,
    ensure_sequence,
    parse_aggregate,
    parse_histograms,
)
from pygen_runtime._filters import FilterLike, PropertyBase, Sort, dump_filter
from pygen_runtime._ids import InstanceId, ViewId
from pygen_runtime._instances import Edge, InstanceList, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._parse import parse_items, parse_json

__all__ = ["PropertyLike", "SortLike", "ViewSpec"]

R = TypeVar("R", bound=ReadBase)
L = TypeVar("L", bound=InstanceList[Any])

MAX_PAGE = 1000
MAX_BYIDS = 1000
MAX_SEARCH = 1000
MAX_AGGREGATE = 1000  # the most groups one aggregate request returns (the API default is only 100)
PropertyLike = PropertyBase | str
SortLike = Sort | PropertyBase | Sequence[Sort | PropertyBase]


@dataclass(frozen=True)
class ViewSpec(Generic[R, L]):
    """What a view API needs to know: the read class (which knows its view) and the list class."""

    read_cls: type[R]
    list_cls: type[L]

    @property
    def view_id(self) -> ViewId:
        view = self.read_cls._view_id
        if view is None:
            raise TypeError(f"{self.read_cls.__name__} has no _view_id: it is not a generated view class")
        return view

    @property
    def instance_type(self) -> Literal["node", "edge"]:
        return "edge" if issubclass(self.read_cls, Edge) else "node"

    def source(self) -> list[dict[str, Any]]:
        """The ``sources`` selector; empty for the plain ``Node``/``Edge`` classes (no properties)."""
        if self.read_cls._view_id is None:
            return []
        return [{"source": self.view_id.dump()}]

    def prop_id(self, prop: PropertyLike) -> str:
        """A view property id from a builder, a Python field name or a wire property id."""
        if isinstance(prop, PropertyBase):
            return prop.prop_id
        ids = self.read_cls._property_ids
        if prop in ids:
            return ids[prop]
        if prop in ids.values():
            return prop
        known = ", ".join(sorted(ids))
        raise ValueError(f"{self.read_cls.__name__} has no property {prop!r}; known: {known}")

    def fields_by_prop(self) -> dict[str, str]:
        return {v: k for k, v in self.read_cls._property_ids.items()}


def dump_sort(sort: SortLike | None, *, with_nulls: bool = True) -> list[dict[str, Any]] | None:
    if sort is None:
        return None
    items = [sort] if isinstance(sort, (Sort, PropertyBase)) else list(sort)
    out = []
    for i, s in enumerate(items):
        if isinstance(s, PropertyBase):
            s = s.asc()
        if not isinstance(s, Sort):
            raise TypeError(
                f"sort[{i}]: expected Fields.<prop>.asc()/.desc() or a Fields property, got {s!r}"
            )
        out.append(s.dump(with_nulls=with_nulls))
    if len(out) > 5:
        raise ValueError(f"at most 5 sort criteria are allowed, got {len(out)}")
    return out


def _check_limit(limit: int | None, name: str = "limit") -> None:
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise ValueError(f"{name} must be a non-negative int or None (= all), got {limit!r}")


def retrieve_plan(spec: ViewSpec[R, L], ids: Sequence[InstanceId]) -> Plan[L]:
    """byids in chunks of 1000 (concurrently); found items in request order, missing ids left out."""
    it = spec.instance_type
    calls = [
        Call(
            "POST",
            "/models/instances/byids",
            {
                "items": [{"instanceType": it, **i.dump()} for i in ids[start : start + MAX_BYIDS]],
                "sources": spec.source(),
            },
        )
        for start in range(0, len(ids), MAX_BYIDS)
    ]
    if not calls:
        return spec.list_cls()
    answers = yield calls
    out = spec.list_cls()
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
        out.extend(parse_items(spec.read_cls, answer).items)
    return out


def _list_body(
    spec: ViewSpec[Any, Any], filter: FilterLike | None, sort: SortLike | None, limit: int, cursor: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"instanceType": spec.instance_type, "limit": limit}
    if sources := spec.source():
        body["sources"] = sources
    dumped = dump_filter(filter)
    if dumped is not None:
        body["filter"] = dumped
    sorted_ = dump_sort(sort)
    if sorted_:
        body["sort"] = sorted_
    if cursor:
        body["cursor"] = cursor
    return body


def page_plan(
    spec: ViewSpec[R, L], filter: FilterLike | None, sort: SortLike | None, limit: int, cursor: str | None
) -> Plan[Page[R, L]]:
    """One page of ``/instances/list`` (``limit`` 1..1000)."""
    body = yield Call("POST", "/models/instances/list", _list_body(spec, filter, sort, limit, cursor))
    parsed = parse_items(spec.read_cls, body)
    return Page(spec.list_cls(parsed.items), parsed.next_cursor)


PagesPlan = Generator[Call | Sequence[Call] | Emit[Page[R, L]], Any, None]


def pages_plan(
    spec: ViewSpec[R, L],
    filter: FilterLike | None,
    sort: SortLike | None,
    chunk_size: int,
    cursor: str | None,
    limit: int | None,
) -> PagesPlan[R, L]:
    """Pages of at most ``chunk_size``, streamed one at a time, until ``limit`` items or the last page.

    The arguments are checked here, when ``iterate()`` is called, not when the first page is asked for."""
    if not 1 <= chunk_size <= MAX_PAGE:
        raise ValueError(f"chunk_size must be between 1 and {MAX_PAGE}, got {chunk_size}")
    _check_limit(limit)
    return _pages(spec, filter, sort, chunk_size, cursor, limit)


def _pages(
    spec: ViewSpec[R, L],
    filter: FilterLike | None,
    sort: SortLike | None,
    chunk_size: int,
    cursor: str | None,
    limit: int | None,
) -> PagesPlan[R, L]:
    seen = 0
    while limit is None or seen < limit:
        size = chunk_size if limit is None else min(chunk_size, limit - seen)
        page = yield from page_plan(spec, filter, sort, size, cursor)
        seen += len(page.items)
        yield Emit(page)
        cursor = page.next_cursor
        if not cursor:
            return


def list_plan(
    spec: ViewSpec[R, L], filter: FilterLike | None, sort: SortLike | None, limit: int | None
) -> Plan[L]:
    """Pages until ``limit`` items (``None`` = all) or the last page."""
    _check_limit(limit)
    out = spec.list_cls()
    cursor: str | None = None
    while limit is None or len(out) < limit:
        size = MAX_PAGE if limit is None else min(MAX_PAGE, limit - len(out))
        page = yield from page_plan(spec, filter, sort, size, cursor)
        out.extend(page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    return out


def search_plan(
    spec: ViewSpec[R, L],
    query: str | None,
    properties: Sequence[PropertyLike] | PropertyLike | None,
    operator: Literal["AND", "OR"],
    filter: FilterLike | None,
    sort: SortLike | None,
    limit: int | None,
) -> Plan[L]:
    _check_limit(limit)
    if operator not in ("AND", "OR"):
        raise ValueError(f"operator must be 'AND' or 'OR', got {operator!r}")
    body: dict[str, Any] = {
        "view": spec.view_id.dump(),
        "instanceType": spec.instance_type,
        "operator": operator,
        "limit": MAX_SEARCH if limit is None else min(max(limit, 1), MAX_SEARCH),
    }
    if query is not None:
        body["query"] = query
    if properties is not None:
        props = [properties] if isinstance(properties, (str, PropertyBase)) else list(properties)
        body["properties"] = [spec.prop_id(p) for p in props]
    dumped = dump_filter(filter)
    if dumped is not None:
        body["filter"] = dumped
    sorted_ = dump_sort(sort, with_nulls=False)
    if sorted_:
        body["sort"] = sorted_
    if limit == 0:
        return spec.list_cls()
    answer = yield Call("POST", "/models/instances/search", body)
    return spec.list_cls(parse_items(spec.read_cls, answer).items)


def _aggregate_body(
    spec: ViewSpec[Any, Any],
    filter: FilterLike | None,
    query: str | None,
    properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"view": spec.view_id.dump(), "instanceType": spec.instance_type}
    dumped = dump_filter(filter)
    if dumped is not None:
        body["filter"] = dumped
    if query is not None:
        body["query"] = query
    if properties is not None:
        body["properties"] = [spec.prop_id(p) for p in properties]
    if limit is not None:
        body["limit"] = limit
    return body


def aggregate_plan(
    spec: ViewSpec[R, L],
    aggregates: Aggregation | Sequence[Aggregation],
    group_by: PropertyLike | Sequence[PropertyLike] | None,
    filter: FilterLike | None,
    query: str | None,
    properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> Plan[AggregateResult]:
    items = ensure_sequence(aggregates)
    if len(items) > 5:
        raise ValueError(f"at most 5 aggregations per call, got {len(items)}")
    # limit=None: every group the API returns (up to its maximum), not silently its default of 100.
    body = _aggregate_body(spec, filter, query, properties, MAX_AGGREGATE if limit is None else limit)
    body["aggregates"] = [a.dump(spec.prop_id) for a in items]
    if group_by is not None:
        groups = [group_by] if isinstance(group_by, (str, PropertyBase)) else list(group_by)
        body["groupBy"] = [spec.prop_id(g) for g in groups]
    answer = yield Call("POST", "/models/instances/aggregate", body)
    return parse_aggregate(parse_json(answer), spec.fields_by_prop())


def histogram_plan(
    spec: ViewSpec[R, L],
    prop: PropertyLike,
    interval: float,
    filter: FilterLike | None,
    query: str | None,
    properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> Plan[Histogram]:
    if not isinstance(interval, (int, float)) or isinstance(interval, bool) or interval <= 0:
        raise ValueError(f"histogram interval must be a positive number, got {interval!r}")
    body = _aggregate_body(spec, filter, query, properties, limit)
    prop_id = spec.prop_id(prop)
    body["aggregates"] = [{"histogram": {"property": prop_id, "interval": float(interval)}}]
    answer = yield Call("POST", "/models/instances/aggregate", body)
    found = parse_histograms(parse_json(answer))
    return found[0] if found else Histogram(prop_id, float(interval), ())
