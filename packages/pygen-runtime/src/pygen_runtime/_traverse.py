"""Following connections (docs/connections.md §3): ``include=`` expansion in place, the query builder's
streaming execution (roots, then hop by hop) and the edges between two sets of instances. The hops
themselves (request bodies, pages) are in ``_hops``. Everything here is a plan: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, get_args

from pygen_client import APIError, PygenError
from pygen_client.plans import Emit, Plan, StreamPlan
from pygen_runtime._chain import MAX_QUERY_LIMIT, Roots, chain_pages, plan_chains
from pygen_runtime._connections import (
    MAX_IN_VALUES,
    QUERY_PAGE_SIZE,
    ConnectionEdge,
    Include,
    IncludeSpec,
    Link,
    resolve_link,
)
from pygen_runtime._filters import Filter, dump_filter, raw_filter
from pygen_runtime._hops import (
    Hop,
    Reached,
    _and,
    _chunks,
    _distinct,
    _edge_type,
    _named,
    _page,
    _sources,
    _targets_of,
    hop_chunks,
    hop_page,
    make_hop,
)
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import Edge, InstanceList, Node, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._view_plans import ViewSpec, check_limit, list_plan, page_plan

__all__ = ["Hop", "Roots", "expand_plan", "follow_stream", "make_hop"]


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


# --- the query builder's execution: chained requests, streaming ---------------------------------------------


def follow_stream(
    roots: Roots,
    hops: Sequence[Hop],
    limit: int | None,
    *,
    ids_only: bool = False,
    page_size: int = QUERY_PAGE_SIZE,
) -> StreamPlan[Page[Any]]:
    """Pages of the last hop's distinct instances (each with its ``include`` expanded), streamed: the hops
    are chained into as few ``/query`` requests as the API allows (``_chain``), each paged depth first;
    a chain that starts where another ended runs on batches of at most 1000 of the ids that one reached.
    ``page_size``: the last set's limit per request (``list()`` asks for the API's largest).
    ``ids_only``: the last hop selects nothing but the instances (plain ``Node``s), and includes nothing."""
    if not hops:
        yield from _roots_stream(roots, limit)
        return
    chains = plan_chains(hops)
    classes = [roots.read_cls, *(hop.link.target for hop in hops)]  # the view of every level
    last_include = None if ids_only else hops[-1].include
    last_cls = hops[-1].link.target
    final = len(chains) - 1
    pending: list[list[InstanceId]] = [[] for _ in chains]
    # the limit of each chain's last level, and the distinct ids it kept (only where there is a limit)
    left: list[int | None] = [chain.hops[-1].limit if chain.hops else roots.limit for chain in chains]
    kept: list[set[InstanceId]] = [set() for _ in chains]
    returned: set[InstanceId] = set()  # de-duplicates what is returned: grows with the data returned only
    roots_left: list[int | None] = [roots.limit]
    emitted = 0

    def done() -> bool:
        return limit is not None and emitted >= limit

    def size(k: int) -> int:
        if done() or left[k] == 0:
            return 0
        wanted = page_size if k == final else MAX_QUERY_LIMIT
        if k == final and limit is not None:
            wanted = min(wanted, limit - emitted)
        cap = left[k]
        return wanted if cap is None else min(wanted, cap)

    def distinct(k: int, items: list[Any], seen: set[InstanceId]) -> list[Any]:
        out = []
        for item in items:
            if item.id in seen:
                continue
            cap = left[k]
            if cap is not None:
                if cap <= 0:
                    break
                left[k] = cap - 1
            seen.add(item.id)
            out.append(item)
        return out

    def on_page(k: int) -> Callable[[list[Any]], StreamPlan[Page[Any]]]:
        def handle(items: list[Any]) -> StreamPlan[Page[Any]]:
            nonlocal emitted
            if k == final:
                found = distinct(k, items, returned)
                if limit is not None:
                    found = found[: limit - emitted]
                if not found:
                    return
                if last_include:
                    yield from expand_plan(last_cls, found, last_include, len(hops) + 1)
                emitted += len(found)
                yield Emit(Page(InstanceList(found)))
                return
            # a middle chain: only the ids go on (the limited levels keep them distinct)
            found = items if left[k] is None else distinct(k, items, kept[k])
            yield from feed(k + 1, [item.id for item in found])

        return handle

    def feed(k: int, ids: list[InstanceId]) -> StreamPlan[Page[Any]]:
        pending[k].extend(ids)
        while len(pending[k]) >= MAX_IN_VALUES and not done():
            batch, pending[k] = pending[k][:MAX_IN_VALUES], pending[k][MAX_IN_VALUES:]
            yield from run(k, batch)

    def run(k: int, parents: list[InstanceId]) -> StreamPlan[Page[Any]]:
        chain = chains[k]
        first = chain.hops[0].index if chain.hops else 0
        owner = classes[max(0, first - 1)]
        full = k == final and not ids_only  # middle chains need only the ids of their last set
        cls: type[ReadBase] = last_cls if full else Node
        select = _sources(last_cls) if full else {}
        yield from chain_pages(
            chain, roots, owner, _distinct(parents), lambda: size(k), cls, select, roots_left, on_page(k)
        )

    yield from run(0, [])
    for k in range(1, len(chains)):  # what is left below 1000 ids per chain, in order (each feeds the next)
        if pending[k] and not done():
            batch, pending[k] = pending[k], []
            yield from run(k, batch)


def _roots_stream(roots: Roots, limit: int | None) -> StreamPlan[Page[Any]]:
    """A query without ``follow``: its roots, read with ``/instances/list`` like ``list``."""
    spec = ViewSpec(roots.read_cls)
    cursor: str | None = None
    fetched = 0
    total = roots.limit if limit is None else limit if roots.limit is None else min(limit, roots.limit)
    while total is None or fetched < total:
        size = _page(None if roots.limit is None else roots.limit - fetched)
        page = yield from page_plan(spec, roots.filter, roots.sort, size, cursor)
        items = list(page.items)
        if total is not None:
            items = items[: total - fetched]
        fetched += len(items)
        if items:
            if roots.include:
                yield from expand_plan(roots.read_cls, items, roots.include, 1)
            yield Emit(Page(InstanceList(items)))
        cursor = page.next_cursor
        if not cursor:
            break


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
    check_limit(limit)
    assert link.type is not None
    spec = ViewSpec(link.edge_cls or Edge)
    near, far = ("startNode", "endNode") if link.direction == "outwards" else ("endNode", "startNode")
    out: InstanceList[Any] = InstanceList()
    if limit == 0:
        return out
    type_filter = _edge_type(link)
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
