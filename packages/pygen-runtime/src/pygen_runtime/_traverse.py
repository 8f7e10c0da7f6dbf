"""Following connections over ``/models/instances/query``, one hop at a time (docs/connections.md §3).

A hop takes a batch of parents and reaches their children page by page: parent ids go in chunks of
``MAX_IN_VALUES`` (the API's limit on ``in`` and ``instanceReferences``) and every chunk is paged with its
own result-set cursor until the API has no more, so nothing is cut silently. Memory is one chunk and one
page per hop, whatever the depth. Everything here is a plan (``pygen_client.plans``): no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args

from pydantic import ConfigDict, TypeAdapter, create_model

from pygen_client import APIError, PygenError
from pygen_client.plans import Call, Emit, Plan, StreamPlan
from pygen_runtime._connections import (
    MAX_IN_VALUES,
    QUERY_PAGE_SIZE,
    ConnectionEdge,
    Include,
    IncludeSpec,
    Link,
    TraversalError,
    resolve_link,
)
from pygen_runtime._filters import Filter, dump_filter
from pygen_runtime._gc import collector_paused
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import Edge, InstanceList, Node, ReadBase, ensure_complete
from pygen_runtime._pages import Page
from pygen_runtime._view_plans import SortLike, ViewSpec, check_limit, dump_sort, page_plan, sort_keys

__all__ = ["Hop", "expand_plan", "follow_stream", "make_hop"]

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
                            "filter": _and(
                                {"equals": {"property": ["edge", "type"], "value": link.type.dump()}},
                                hop.edge_filter,
                            ),
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
            owners = [v for v in values if isinstance(v, InstanceId) and v in chunk.in_chunk]
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


# --- include=: expansion in place -------------------------------------------------------------------------


def _include_items(include: object, where: str) -> list[tuple[object, bool | str | Include]]:
    if not isinstance(include, dict):
        raise TypeError(
            f"{where}: expected a dict of connections (e.g. {{Fields.equipment: True}}), got {include!r}"
        )
    out = []
    for key, value in include.items():
        if value is False:
            continue
        if value is not True and value != "ids" and not isinstance(value, Include):
            raise TypeError(f"{where}[{key!r}]: expected True, 'ids' or rt.Include(...), got {value!r}")
        out.append((key, value))
    return out


def _mentions_read(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, ReadBase):
        return True
    return any(_mentions_read(a) for a in get_args(annotation))


def _check_expandable(read_cls: type[ReadBase], link: Link) -> None:
    """A direct relation is expanded in place only when its field can hold the target's read object."""
    if link.kind == "direct" and not _mentions_read(read_cls.model_fields[link.field].annotation):
        raise TypeError(
            f"include: {link.label} is declared as an id on {read_cls.__name__}, so it cannot hold a "
            f"{link.target.__name__}: follow it with query().follow(...), or include it as 'ids'"
        )


def expand_plan(
    read_cls: type[ReadBase], items: Sequence[ReadBase], include: IncludeSpec, depth: int = 1
) -> Plan[None]:
    """Fills the connection fields ``include`` names on ``items`` (read objects of ``read_cls``), in place,
    with ids or read objects; then expands the children with their own ``include``, one hop at a time."""
    entries = _include_items(include, "include")
    if not items:
        return
    for key, value in entries:
        link = resolve_link(read_cls, key, "include")
        options = value if isinstance(value, Include) else Include()
        ids_only = value == "ids"
        if ids_only and link.kind == "direct":
            continue  # the property holds the ids already
        _check_expandable(read_cls, link)
        hop = make_hop(
            link,
            depth,
            filter=options.filter,
            edge_filter=options.edge_filter,
            sort=options.sort,
            limit=options.limit,
        )
        by_id = {item.id: item for item in items}
        if link.kind != "direct":
            for item in items:
                item.__dict__[link.field] = [] if link.list else None
        children: dict[InstanceId, ReadBase] = {}
        remaining = hop.limit
        if remaining != 0:
            try:
                for chunk in hop_chunks(hop, items, _page(remaining)):
                    cursor: str | None = None
                    while True:
                        if remaining is not None:
                            chunk.body["with"][chunk.paged]["limit"] = _page(remaining)
                        page, cursor = yield from hop_page(hop, chunk, cursor)
                        stop = _attach(link, page, children, by_id, ids_only, remaining)
                        if remaining is not None:
                            remaining = hop.limit - len(children)  # type: ignore[operator]
                        if stop or cursor is None:
                            break
                    if remaining is not None and remaining <= 0:
                        break
            except (APIError, PygenError) as error:
                raise _named(hop, error) from error
        if link.kind == "direct":
            # In the stored order; targets without data in the target view (or beyond limit) are left out.
            for item in items:
                found = [children[t] for t in _targets_of(link, item) if t in children]
                item.__dict__[link.field] = found if link.list else (found[0] if found else None)
        if not ids_only and options.include:
            yield from expand_plan(link.target, list(children.values()), options.include, depth + 1)


def _page(remaining: int | None) -> int:
    return QUERY_PAGE_SIZE if remaining is None else max(1, min(QUERY_PAGE_SIZE, remaining))


def _attach(
    link: Link,
    page: list[Reached],
    children: dict[InstanceId, ReadBase],
    by_id: dict[InstanceId, ReadBase],
    ids_only: bool,
    remaining: int | None,
) -> bool:
    """Attaches a page of children to their parents; True when the hop's limit is reached."""
    budget = remaining
    for found in page:
        key = found.node.id
        node = children.get(key)
        if node is None:
            if budget is not None and budget <= 0:
                return True
            if budget is not None:
                budget -= 1
            node = found.node
            children[key] = node
        if link.kind == "direct":
            continue
        entry: Any
        if ids_only:
            entry = key
        elif link.edge_cls is not None and found.edge is not None:
            entry = ConnectionEdge(found.edge, node)
        else:
            entry = node
        for parent_id in found.parents:
            parent = by_id.get(parent_id)
            if parent is None:
                continue
            if link.list:
                parent.__dict__[link.field].append(entry)
            elif parent.__dict__[link.field] is None:
                parent.__dict__[link.field] = entry
    return False


# --- the query builder's execution: roots, then hop by hop, streaming ---------------------------------------


@dataclass(frozen=True)
class Roots:
    """The roots of a query: a view with a filter, sort and limit (``None`` = all)."""

    read_cls: type[ReadBase]
    filter: Filter[Any] | None
    sort: SortLike | None
    limit: int | None
    include: IncludeSpec | None = None


def follow_stream(
    roots: Roots, hops: Sequence[Hop], limit: int | None, *, ids_only: bool = False
) -> StreamPlan[Page[Any]]:
    """Pages of the last hop's distinct instances (each with its ``include`` expanded), streamed: roots
    page by page, each hop run on batches of at most 1000 parents as soon as they are reached.
    ``ids_only``: the last hop selects nothing but the instances (plain ``Node``s), and includes nothing."""
    n = len(hops)
    pending: list[list[ReadBase]] = [[] for _ in hops]
    seen: list[set[InstanceId]] = [set() for _ in hops]
    remaining: list[int | None] = [h.limit for h in hops]
    last_include = None if ids_only else hops[-1].include if hops else roots.include
    last_cls = hops[-1].link.target if hops else roots.read_cls
    emitted = 0

    def emit(items: list[ReadBase]) -> StreamPlan[Page[Any]]:
        nonlocal emitted
        if limit is not None:
            items = items[: limit - emitted]
        if not items:
            return
        if last_include:
            yield from expand_plan(last_cls, items, last_include, n + 1)
        emitted += len(items)
        yield Emit(Page(InstanceList(items)))

    def done() -> bool:
        return limit is not None and emitted >= limit

    def feed(level: int, items: list[ReadBase]) -> StreamPlan[Page[Any]]:
        if level == n:
            yield from emit(items)
            return
        pending[level].extend(items)
        while len(pending[level]) >= MAX_IN_VALUES and not done():
            batch, pending[level] = pending[level][:MAX_IN_VALUES], pending[level][MAX_IN_VALUES:]
            yield from run_hop(level, batch)

    def run_hop(level: int, parents: list[ReadBase]) -> StreamPlan[Page[Any]]:
        hop = hops[level]
        try:
            bare = ids_only and level == n - 1
            for chunk in hop_chunks(hop, parents, _page(remaining[level]), ids_only=bare):
                cursor: str | None = None
                while remaining[level] != 0 and not done():
                    chunk.body["with"][chunk.paged]["limit"] = _page(remaining[level])
                    page, cursor = yield from hop_page(hop, chunk, cursor)
                    out = []
                    for found in page:
                        key = found.node.id
                        if key in seen[level] or remaining[level] == 0:
                            continue
                        seen[level].add(key)
                        out.append(found.node)
                        if remaining[level] is not None:
                            remaining[level] -= 1  # type: ignore[operator]
                    if out:
                        yield from feed(level + 1, out)
                    if cursor is None:
                        break
        except (APIError, PygenError) as error:
            raise _named(hop, error) from error

    cursor: str | None = None
    spec = ViewSpec(roots.read_cls)
    fetched = 0
    while not done():
        size = _page(None if roots.limit is None else roots.limit - fetched)
        if roots.limit is not None and roots.limit - fetched <= 0:
            break
        page = yield from page_plan(spec, roots.filter, roots.sort, size, cursor)
        fetched += len(page.items)
        yield from feed(0, list(page.items))
        cursor = page.next_cursor
        if not cursor:
            break
    for level in range(n):  # what is left below 1000 parents per level, in order (each feeds the next)
        if pending[level] and not done():
            batch, pending[level] = pending[level], []
            yield from run_hop(level, batch)


def check_include(read_cls: type[ReadBase], include: IncludeSpec | None, depth: int = 1) -> None:
    """Resolves every connection ``include`` names and checks its options, before any request."""
    if include is None:
        return
    for key, value in _include_items(include, "include"):
        link = resolve_link(read_cls, key, "include")
        if value != "ids":
            _check_expandable(read_cls, link)
        if isinstance(value, Include):
            make_hop(
                link,
                depth,
                filter=value.filter,
                edge_filter=value.edge_filter,
                sort=value.sort,
                limit=value.limit,
            )
            check_include(link.target, value.include, depth + 1)


def expanded(
    plan: Plan[InstanceList[Any]], read_cls: type[ReadBase], include: IncludeSpec | None
) -> Plan[Any]:
    """``plan``'s instances with ``include`` expanded on them."""
    items = yield from plan
    if include:
        yield from expand_plan(read_cls, items, include)
    return items


def expanding_pages(
    stream: StreamPlan[Page[Any]], read_cls: type[ReadBase], include: IncludeSpec
) -> StreamPlan[Page[Any]]:
    """``stream``'s pages, each with ``include`` expanded before it is handed out."""
    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = stream.throw(error) if error is not None else stream.send(reply)
        except StopIteration:
            return
        error = None
        if isinstance(step, Emit):
            yield from expand_plan(read_cls, step.value.items, include)
        try:
            reply = yield step
        except Exception as exc:  # a single call's error: the inner plan decides what to do with it
            error = exc


def edges_plan(
    link: Link,
    from_ids: Sequence[InstanceId],
    to_ids: Sequence[InstanceId] | None,
    filter: Filter[Any] | None,
    limit: int | None,
) -> Plan[InstanceList[Any]]:
    """The edges of a connection between ``from_ids`` and ``to_ids`` (each side ``in``-chunked by 1000),
    with ``filter`` on the edges, over ``/instances/list``."""
    from pygen_runtime._filters import raw_filter
    from pygen_runtime._view_plans import list_plan

    check_limit(limit)
    assert link.type is not None
    spec = ViewSpec(link.edge_cls or Edge)
    near, far = ("startNode", "endNode") if link.direction == "outwards" else ("endNode", "startNode")
    out: InstanceList[Any] = InstanceList()
    if limit == 0:
        return out
    type_filter = {"equals": {"property": ["edge", "type"], "value": link.type.dump()}}
    to_chunks: list[list[InstanceId] | None] = (
        [None] if to_ids is None else list(_chunks(_distinct(to_ids), MAX_IN_VALUES))
    )
    for from_chunk in _chunks(_distinct(from_ids), MAX_IN_VALUES):
        for to_chunk in to_chunks:
            parts: list[dict[str, Any] | None] = [
                type_filter,
                {"in": {"property": ["edge", near], "values": [i.dump() for i in from_chunk]}},
                None
                if to_chunk is None
                else {"in": {"property": ["edge", far], "values": [i.dump() for i in to_chunk]}},
                dump_filter(filter),
            ]
            wire = raw_filter(_and(*parts))
            found = yield from list_plan(spec, wire, None, None if limit is None else limit - len(out))
            out.extend(found)
            if limit is not None and len(out) >= limit:
                return out
    return out
