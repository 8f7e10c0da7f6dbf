"""The request plans behind a view API: retrieve, pages, list, search, aggregate, histogram.

Pure functions of their arguments (see ``pygen_client.plans``): they check the arguments, build the DMS
request bodies, parse the answers and never touch the network themselves.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, get_args, get_origin

from pygen_client.plans import Call, Emit, Plan, StreamPlan
from pygen_runtime._aggregate import (
    AggregateResult,
    Aggregation,
    Histogram,
    ensure_sequence,
    parse_aggregate,
    parse_histograms,
)
from pygen_runtime._filters import Filter, PropertyBase, Sort, dump_filter
from pygen_runtime._ids import InstanceId, ViewId
from pygen_runtime._instances import Edge, InstanceList, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._parse import parse_items, parse_json, parse_list

__all__ = ["MAX_PAGE", "PropertyLike", "SortLike", "ViewSpec"]

R = TypeVar("R", bound=ReadBase)

MAX_PAGE = 1000
MAX_BYIDS = 1000
MAX_SEARCH = 1000
MAX_AGGREGATE = 1000  # the most groups one aggregate request returns (the API default is only 100)
PropertyLike = PropertyBase[Any] | str
# A bare str is one sort key (a field name or property id), never a sequence of characters.
SortKey = Sort | PropertyBase[Any] | str
SortLike = SortKey | Sequence[SortKey]
# Fields every node and edge has, sortable by their Python names (the wire reference is (type, camelCase)).
_INSTANCE_SORT_FIELDS = {
    "space": "space",
    "external_id": "externalId",
    "created_time": "createdTime",
    "last_updated_time": "lastUpdatedTime",
}
AnyFilter = Filter[Any] | None


@dataclass(frozen=True)
class ViewSpec(Generic[R]):
    """What the plans need to know of a view: its read class (which knows the view id and property ids)."""

    read_cls: type[R]

    @property
    def view_id(self) -> ViewId:
        view = self.read_cls._view_id
        if view is None:
            raise TypeError(f"{self.read_cls.__name__} has no view: it is not a generated view class")
        return view

    @property
    def instance_type(self) -> Literal["node", "edge"]:
        return "edge" if issubclass(self.read_cls, Edge) else "node"

    def source(self) -> list[dict[str, Any]]:
        """The ``sources`` selector; empty for the plain ``Node``/``Edge`` classes (no properties)."""
        if self.read_cls._view_id is None:
            return []
        return [{"source": self.view_id.dump()}]

    def source_all(self) -> list[dict[str, Any]]:
        """The ``sources`` selector of ``/query`` and ``/sync`` (every property: ``"*"``)."""
        return [{"source": self.view_id.dump(), "properties": ["*"]}]

    def prop_id(self, prop: PropertyLike) -> str:
        """A view property id from a builder, a Python field name or a wire property id."""
        if isinstance(prop, PropertyBase):
            return prop.prop_id
        ids = self.read_cls._property_ids
        if prop in ids:
            return ids[prop]
        if prop in ids.values():
            return prop
        raise ValueError(unknown_property(self.read_cls.__name__, prop, ids))

    def sort_key(self, name: str) -> Sort:
        """Ascending on a field name or property id of this view, or on a field every instance has."""
        if name in _INSTANCE_SORT_FIELDS and name not in self.read_cls._property_ids:
            return Sort((self.instance_type, _INSTANCE_SORT_FIELDS[name]))
        view = self.view_id
        return Sort((view.space, view.key, self.prop_id(name)))

    def integer_props(self) -> frozenset[str]:
        """Property ids of the view's int32/int64 properties (``int`` fields; not bool, not lists)."""
        fields = self.read_cls.model_fields
        return frozenset(
            prop for name, prop in self.read_cls._property_ids.items() if _is_int(fields[name].annotation)
        )

    def fields_by_prop(self) -> dict[str, str]:
        return {v: k for k, v in self.read_cls._property_ids.items()}

    def has_data(self, item: Any) -> bool:
        """Whether a raw response item has data in this view (``properties`` under the view's key)."""
        view = self.read_cls._view_id
        if view is None:
            return True
        properties = item.get("properties") if isinstance(item, dict) else None
        in_space = properties.get(view.space) if isinstance(properties, dict) else None
        return isinstance(in_space, dict) and isinstance(in_space.get(view.key), dict)


def _is_int(annotation: Any) -> bool:
    """``int``, ``Int32``/``Int64`` (``Annotated[int, ...]``), optionally ``| None``."""
    if annotation is int:
        return True
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return _is_int(args[0])
    if get_origin(annotation) in (Union, UnionType):
        rest = [a for a in args if a is not type(None)]
        return len(rest) == 1 and _is_int(rest[0])
    return False


def unknown_property(owner: str, name: object, ids: dict[str, str]) -> str:
    """``X has no property 'nme'; did you mean 'name'? known: ...`` (field names; close property ids too)."""
    import difflib  # only on this error path: ~6 ms at import otherwise

    message = f"{owner} has no property {name!r}"
    if isinstance(name, str):
        close = difflib.get_close_matches(name, [*ids, *(v for k, v in ids.items() if v != k)], n=3)
        if close:
            message += f"; did you mean {' or '.join(map(repr, close))}?"
    return f"{message}; known: {', '.join(sorted(ids)) or '(none)'}"


def sort_keys(sort: SortLike) -> list[Any]:
    """The entries of ``sort=``: one key (a str is a name, not a sequence of characters) or a sequence."""
    if isinstance(sort, (Sort, PropertyBase, str)):
        return [sort]
    if isinstance(sort, Sequence):
        return list(sort)
    raise TypeError(
        f"sort={_short(sort)}: expected a field name, Fields.<prop>, Fields.<prop>.asc()/.desc() or a list of them"
    )


def dump_sort(
    sort: SortLike | None, spec: ViewSpec[Any] | None = None, *, with_nulls: bool = True
) -> list[dict[str, Any]] | None:
    """The wire ``sort``; names (field names or property ids) are resolved against ``spec``'s view. Errors
    name the whole ``sort=`` value and the entry."""
    if sort is None:
        return None
    items = sort_keys(sort)
    single = isinstance(sort, (Sort, PropertyBase, str))
    out = []
    for i, key in enumerate(items):
        where = "" if single else f"sort[{i}]: "
        try:
            out.append(_sort_entry(key, spec).dump(with_nulls=with_nulls))
        except (TypeError, ValueError) as error:
            raise type(error)(f"sort={_short(sort)}: {where}{error}") from None
    if len(out) > 5:
        raise ValueError(f"sort={_short(sort)}: at most 5 sort criteria are allowed, got {len(out)}")
    return out


def _sort_entry(key: object, spec: ViewSpec[Any] | None) -> Sort:
    if isinstance(key, Sort):
        return key
    if isinstance(key, PropertyBase):
        return key.asc()
    if isinstance(key, str):
        if spec is None or spec.read_cls._view_id is None:
            raise TypeError(f"a name ({key!r}) needs a view to resolve it: use Fields.<prop>")
        return spec.sort_key(key)
    raise TypeError(f"expected a field name, Fields.<prop> or Fields.<prop>.asc()/.desc(), got {_short(key)}")


def _short(value: object) -> str:
    return reprlib.repr(value)


def check_limit(limit: object, name: str = "limit") -> None:
    """``None`` or a non-negative int; anything else is an error naming the value, before any request."""
    if limit is None:
        return
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(f"{name} must be a non-negative int or None (= all), got {limit!r}")
    if limit < 0:
        raise ValueError(f"{name} must be a non-negative int or None (= all), got {limit!r}")


def check_page_size(page_size: object) -> None:
    if not isinstance(page_size, int) or isinstance(page_size, bool):
        raise TypeError(f"page_size must be an int between 1 and {MAX_PAGE}, got {page_size!r}")
    if not 1 <= page_size <= MAX_PAGE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE}, got {page_size!r}")


def retrieve_plan(spec: ViewSpec[R], ids: Sequence[InstanceId]) -> Plan[InstanceList[R]]:
    """byids in chunks of 1000 (concurrently): the found instances in request order.

    An id whose node has no data in the view is not found (the view's hasData semantics): the API answers
    it without the view's properties, and it is left out before parsing."""
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
        return InstanceList()
    answers = yield calls
    raw: dict[tuple[str, str], Any] = {}
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
        for item in parse_json(answer).get("items", []):
            if spec.has_data(item):
                raw[(item.get("space"), item.get("externalId"))] = item
    ordered = [raw[key] for i in ids if (key := (i.space, i.external_id)) in raw]
    return InstanceList(parse_list(spec.read_cls, ordered))


def _list_body(
    spec: ViewSpec[Any], filter: AnyFilter, sort: SortLike | None, limit: int, cursor: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"instanceType": spec.instance_type, "limit": limit}
    if sources := spec.source():
        body["sources"] = sources
    dumped = dump_filter(filter)
    if dumped is not None:
        body["filter"] = dumped
    sorted_ = dump_sort(sort, spec)
    if sorted_:
        body["sort"] = sorted_
    if cursor:
        body["cursor"] = cursor
    return body


def page_plan(
    spec: ViewSpec[R], filter: AnyFilter, sort: SortLike | None, limit: int, cursor: str | None
) -> Plan[Page[R]]:
    """One page of ``/instances/list`` (``limit`` 1..1000)."""
    body = yield Call("POST", "/models/instances/list", _list_body(spec, filter, sort, limit, cursor))
    parsed = parse_items(spec.read_cls, body)
    return Page(InstanceList(parsed.items), parsed.next_cursor)


def pages_plan(
    spec: ViewSpec[R], filter: AnyFilter, sort: SortLike | None, page_size: int, cursor: str | None
) -> Callable[[], StreamPlan[Page[R]]]:
    """A fresh plan per iteration: pages of at most ``page_size``, streamed one at a time, to the last.

    The arguments are checked here, when ``iterate()`` is called, not when the first page is asked for."""
    check_page_size(page_size)
    dump_filter(filter)
    dump_sort(sort, spec)
    return lambda: _pages(spec, filter, sort, page_size, cursor)


def _pages(
    spec: ViewSpec[R], filter: AnyFilter, sort: SortLike | None, page_size: int, cursor: str | None
) -> StreamPlan[Page[R]]:
    while True:
        page = yield from page_plan(spec, filter, sort, page_size, cursor)
        yield Emit(page)
        cursor = page.next_cursor
        if not cursor:
            return


def list_plan(
    spec: ViewSpec[R], filter: AnyFilter, sort: SortLike | None, limit: int | None
) -> Plan[InstanceList[R]]:
    """Pages until ``limit`` items (``None`` = all) or the last page; ``limit=0`` sends nothing."""
    check_limit(limit)
    out: InstanceList[R] = InstanceList()
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
    spec: ViewSpec[R],
    query: str | None,
    properties: Sequence[PropertyLike] | PropertyLike | None,
    operator: Literal["AND", "OR"],
    filter: AnyFilter,
    sort: SortLike | None,
    limit: int | None,
) -> Plan[InstanceList[R]]:
    check_limit(limit)
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
    sorted_ = dump_sort(sort, spec, with_nulls=False)
    if sorted_:
        body["sort"] = sorted_
    if limit == 0:
        return InstanceList()
    answer = yield Call("POST", "/models/instances/search", body)
    return InstanceList(parse_items(spec.read_cls, answer).items)


def _aggregate_body(
    spec: ViewSpec[Any],
    filter: AnyFilter,
    query: str | None,
    search_properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"view": spec.view_id.dump(), "instanceType": spec.instance_type}
    dumped = dump_filter(filter)
    if dumped is not None:
        body["filter"] = dumped
    if query is not None:
        body["query"] = query
    if search_properties is not None:
        body["properties"] = [spec.prop_id(p) for p in search_properties]
    if limit is not None:
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_AGGREGATE:
            raise ValueError(f"limit must be an int between 1 and {MAX_AGGREGATE} or None, got {limit!r}")
        body["limit"] = limit
    return body


def aggregate_plan(
    spec: ViewSpec[R],
    aggregates: Aggregation | Sequence[Aggregation],
    group_by: PropertyLike | Sequence[PropertyLike] | None,
    filter: AnyFilter,
    query: str | None,
    search_properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> Plan[AggregateResult]:
    items = ensure_sequence(aggregates)
    if len(items) > 5:
        raise ValueError(f"at most 5 aggregations per call, got {len(items)}")
    # limit=None: every group the API returns (up to its maximum), not silently its default of 100.
    body = _aggregate_body(spec, filter, query, search_properties, MAX_AGGREGATE if limit is None else limit)
    body["aggregates"] = [a.dump(spec.prop_id) for a in items]
    if group_by is not None:
        groups = [group_by] if isinstance(group_by, (str, PropertyBase)) else list(group_by)
        body["groupBy"] = [spec.prop_id(g) for g in groups]
    answer = yield Call("POST", "/models/instances/aggregate", body)
    return parse_aggregate(parse_json(answer), spec.fields_by_prop(), spec.integer_props())


def histogram_plan(
    spec: ViewSpec[R],
    prop: PropertyLike,
    interval: float,
    filter: AnyFilter,
    query: str | None,
    search_properties: Sequence[PropertyLike] | None,
    limit: int | None,
) -> Plan[Histogram]:
    if not isinstance(interval, (int, float)) or isinstance(interval, bool) or interval <= 0:
        raise ValueError(f"histogram interval must be a positive number, got {interval!r}")
    body = _aggregate_body(spec, filter, query, search_properties, limit)
    prop_id = spec.prop_id(prop)
    body["aggregates"] = [{"histogram": {"property": prop_id, "interval": float(interval)}}]
    answer = yield Call("POST", "/models/instances/aggregate", body)
    found = parse_histograms(parse_json(answer))
    return found[0] if found else Histogram(prop_id, float(interval), ())
