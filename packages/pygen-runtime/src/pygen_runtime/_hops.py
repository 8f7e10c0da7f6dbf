"""Following connections over ``/models/instances/query``, one hop at a time (docs/connections.md §3): the
hops of ``include=`` (the query builder's ``follow`` chains its hops instead: ``_chain``); ``make_hop`` checks
every hop's options, for both.

A hop takes a batch of parents and reaches their children page by page: parent ids go in chunks of
``MAX_IN_VALUES`` (the API's limit on ``in`` and ``instanceReferences``) and every chunk is paged with its
own result-set cursor until the API has no more, so nothing is cut silently. Memory is one chunk and one
page per hop, whatever the depth. Everything here is a plan (``pygen_client.plans``): no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import ConfigDict, TypeAdapter, create_model

from pygen_client import APIError, PygenError
from pygen_client.plans import Call, Plan
from pygen_runtime._connections import (
    MAX_IN_VALUES,
    QUERY_PAGE_SIZE,
    IncludeSpec,
    Link,
    TraversalError,
)
from pygen_runtime._filters import Filter, dump_filter
from pygen_runtime._gc import collector_paused
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import Edge, Node, ReadBase, ensure_complete
from pygen_runtime._view_plans import SortLike, ViewSpec, check_limit, dump_sort, sort_keys

__all__ = ["Hop", "Reached", "hop_chunks", "hop_page", "make_hop"]

MAX_SORT = 5


@dataclass(frozen=True)
class Hop:
    """One hop with its options checked and in wire form."""

    link: Link
    index: int
    filter: dict[str, Any] | None = None
    edge_filter: dict[str, Any] | None = None
    sort: list[dict[str, Any]] | None = None
    limit: int | None = None
    include: IncludeSpec | None = None

    @property
    def label(self) -> str:
        return self.link.label

    def fail(self, message: str) -> TraversalError:
        return TraversalError(self.label, self.index, message)


def make_hop(
    link: Link,
    index: int,
    *,
    filter: Filter[Any] | None = None,
    edge_filter: Filter[Any] | None = None,
    sort: SortLike | None = None,
    limit: int | None = None,
    include: IncludeSpec | None = None,
) -> Hop:
    """A hop, checked before any request: what the runtime cannot split within the API's limits (a filter
    the caller wrote with more than 1000 values, more than 5 sort entries) fails here, naming the hop."""
    hop = Hop(link, index)
    try:
        check_limit(limit)
    except (TypeError, ValueError) as error:
        raise hop.fail(str(error)) from None
    if edge_filter is not None and link.kind != "edge":
        raise hop.fail("edge_filter applies to edge connections only")
    dumped = {}
    for what, value in (("filter", filter), ("edge_filter", edge_filter)):
        wire = dump_filter(value)
        largest = _largest_value_list(wire)
        if largest > MAX_IN_VALUES:
            raise hop.fail(
                f"{what} has a list of {largest} values; the API takes at most {MAX_IN_VALUES} per filter, and a "
                "filter the caller wrote is not split by the runtime: split it with or_(), or follow from fewer "
                "instances"
            )
        dumped[what] = wire
    sorted_: list[dict[str, Any]] | None = None
    if sort is not None:
        items = sort_keys(sort)
        if len(items) > MAX_SORT:
            raise hop.fail(f"sort has {len(items)} entries; the API takes at most {MAX_SORT}")
        sorted_ = dump_sort(sort, ViewSpec(link.target))
    return Hop(link, index, dumped["filter"], dumped["edge_filter"], sorted_, limit, include)


def _largest_value_list(wire: Any) -> int:
    if isinstance(wire, list):
        return max((_largest_value_list(w) for w in wire), default=0)
    if not isinstance(wire, dict):
        return 0
    largest = 0
    for key, value in wire.items():
        if key == "instanceReferences" and isinstance(value, list):
            largest = max(largest, len(value))
        elif key in ("in", "containsAny", "containsAll") and isinstance(value, dict):
            values = value.get("values")
            largest = max(largest, len(values) if isinstance(values, list) else 0)
        else:
            largest = max(largest, _largest_value_list(value))
    return largest


# --- one hop: request bodies, pages, and what each child is attached to ------------------------------------


@dataclass
class Reached:
    """A child reached by a hop: the node, the edge that led to it (edge links) and its parents' ids."""

    node: ReadBase
    edge: ReadBase | None
    parents: list[InstanceId]


@dataclass
class _Chunk:
    """One request body of a hop (one chunk of parents), paged on result set ``paged``."""

    body: dict[str, Any]
    paged: str
    sets: tuple[tuple[str, type[ReadBase]], ...]
    in_chunk: set[InstanceId] = field(default_factory=set)
    by_target: dict[InstanceId, list[InstanceId]] = field(default_factory=dict)


def _chunks(items: Sequence[InstanceId], size: int) -> Iterator[list[InstanceId]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _and(*parts: dict[str, Any] | None) -> dict[str, Any]:
    present = [p for p in parts if p is not None]
    return present[0] if len(present) == 1 else {"and": present}


def _edge_type(link: Link) -> dict[str, Any]:
    assert link.type is not None
    return {"equals": {"property": ["edge", "type"], "value": link.type.dump()}}


def _sources(cls: type[ReadBase]) -> dict[str, Any]:
    return {"sources": ViewSpec(cls).source_all()}


def _targets_of(link: Link, item: ReadBase) -> list[InstanceId]:
    """The ids a direct relation of ``item`` points at (it may already hold expanded objects)."""
    value = item.__dict__.get(link.field)
    values = value if isinstance(value, list) else [] if value is None else [value]
    out = []
    for v in values:
        if isinstance(v, InstanceId):
            out.append(v)
        elif isinstance(v, ReadBase):
            out.append(v.id)
    return out


def _distinct(ids: Sequence[InstanceId]) -> list[InstanceId]:
    return list(dict.fromkeys(ids))


def hop_chunks(
    hop: Hop, parents: Sequence[ReadBase], page_size: int, *, ids_only: bool = False
) -> Iterator[_Chunk]:
    """The request bodies of a hop from ``parents``, one per chunk of at most 1000 ids. ``ids_only``:
    nothing is selected but the instances themselves (``Query.ids()``; parents are then not attached)."""
    link = hop.link
    target_cls: type[ReadBase] = Node if ids_only else link.target
    target_select = {} if ids_only else _sources(link.target)
    target = ViewSpec(link.target)
    has_data = {"hasData": [target.view_id.dump()]}
    if link.kind == "edge":
        assert link.type is not None
        edge_cls = link.edge_cls or Edge
        for chunk in _chunks(_distinct([p.id for p in parents]), MAX_IN_VALUES):
            nodes: dict[str, Any] = {
                "nodes": {"from": "edges", "chainTo": "destination"},
                "limit": QUERY_PAGE_SIZE,
            }
            if hop.sort:
                nodes["sort"] = hop.sort
            body = {
                "with": {
                    "parents": {
                        "nodes": {"filter": {"instanceReferences": [i.dump() for i in chunk]}},
                        "limit": len(chunk),
                    },
                    "edges": {
                        "edges": {
                            "from": "parents",
                            "direction": link.direction,
                            "maxDistance": 1,
                            "filter": _and(_edge_type(link), hop.edge_filter),
                            "nodeFilter": _and(has_data, hop.filter),
                        },
                        "limit": page_size,
                    },
                    "nodes": nodes,
                },
                "select": {
                    "edges": {} if link.edge_cls is None or ids_only else _sources(link.edge_cls),
                    "nodes": target_select,
                },
                "includeTyping": False,
            }
            yield _Chunk(body, "edges", (("edges", Edge if ids_only else edge_cls), ("nodes", target_cls)))
        return
    if link.kind == "reverse":
        prop = target.view_id.property_ref(link.through_id)
        for chunk in _chunks(_distinct([p.id for p in parents]), MAX_IN_VALUES):
            values = [i.dump() for i in chunk]
            pointing = (
                {"containsAny": {"property": prop, "values": values}}
                if link.through_list
                else {"in": {"property": prop, "values": values}}
            )
            yield _Chunk(
                _children_body(_and(has_data, pointing, hop.filter), hop, page_size, target_select),
                "children",
                (("children", target_cls),),
                in_chunk=set(chunk),
            )
        return
    by_target: dict[InstanceId, list[InstanceId]] = {}
    for parent in parents:
        for t in _targets_of(link, parent):
            owners = by_target.setdefault(t, [])
            if parent.id not in owners:
                owners.append(parent.id)
    for chunk in _chunks(list(by_target), MAX_IN_VALUES):
        refs = {"instanceReferences": [i.dump() for i in chunk]}
        yield _Chunk(
            _children_body(_and(has_data, refs, hop.filter), hop, page_size, target_select),
            "children",
            (("children", target_cls),),
            by_target=by_target,
        )


def _children_body(
    filter: dict[str, Any], hop: Hop, page_size: int, select: dict[str, Any]
) -> dict[str, Any]:
    children: dict[str, Any] = {"nodes": {"filter": filter}, "limit": page_size}
    if hop.sort:
        children["sort"] = hop.sort
    return {
        "with": {"children": children},
        "select": {"children": select},
        "includeTyping": False,
    }


@cache
def _query_adapter(sets: tuple[tuple[str, type[ReadBase]], ...]) -> TypeAdapter[Any]:
    """Parses a /query response straight from bytes: one typed list per result set."""
    for _, cls in sets:
        ensure_complete(cls)
    fields: dict[str, Any] = {name: (list[cls], []) for name, cls in sets}  # type: ignore[valid-type]
    items: Any = create_model("QueryItems", __config__=ConfigDict(extra="ignore"), **fields)
    response: Any = create_model(
        "QueryResponse",
        __config__=ConfigDict(extra="ignore"),
        items=(items, ...),
        nextCursor=(dict[str, str | None] | None, None),
    )
    return TypeAdapter(response)


def hop_page(hop: Hop, chunk: _Chunk, cursor: str | None) -> Plan[tuple[list[Reached], str | None]]:
    """One page of a chunk: the children reached, and the cursor of the next page (``None``: the last)."""
    body = chunk.body if cursor is None else {**chunk.body, "cursors": {chunk.paged: cursor}}
    answer = yield Call("POST", "/models/instances/query", body)
    with collector_paused():
        parsed = _query_adapter(chunk.sets).validate_json(answer)
    next_cursors = parsed.nextCursor or {}
    for name, value in next_cursors.items():
        if name != chunk.paged and value:  # a derived set with more than one page would be a silent cut
            raise PygenError(f"result set {name!r} has more than one page per page of {chunk.paged!r}")
    link = hop.link
    reached: list[Reached] = []
    if link.kind == "edge":
        nodes = {n.id: (order, n) for order, n in enumerate(parsed.items.nodes)}
        ranked = []
        for edge in parsed.items.edges:
            near, far = (
                (edge.start_node, edge.end_node)
                if link.direction == "outwards"
                else (edge.end_node, edge.start_node)
            )
            found = nodes.get(far)
            if found is None:  # the node at the far end has no data in the target view
                continue
            ranked.append((found[0], Reached(found[1], edge, [near])))
        if hop.sort:
            ranked.sort(key=lambda pair: pair[0])
        reached = [r for _, r in ranked]
    elif link.kind == "reverse":
        for node in parsed.items.children:
            value = getattr(node, link.through_field, None)
            values = value if isinstance(value, list) else [value]
            # distinct: a list direct relation may name the same parent twice; the child is attached once
            owners = _distinct([v for v in values if isinstance(v, InstanceId) and v in chunk.in_chunk])
            reached.append(Reached(node, None, owners))
    else:
        for node in parsed.items.children:
            reached.append(Reached(node, None, chunk.by_target.get(node.id, [])))
    return reached, next_cursors.get(chunk.paged) or None


def _named(hop: Hop, error: BaseException) -> BaseException:
    if isinstance(error, TraversalError) or not isinstance(error, (APIError, PygenError)):
        return error
    named = hop.fail(str(error))
    named.__cause__ = error
    return named


def _page(remaining: int | None) -> int:
    return QUERY_PAGE_SIZE if remaining is None else max(1, min(QUERY_PAGE_SIZE, remaining))
