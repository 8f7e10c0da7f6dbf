"""Following connections (docs/connections.md §3): ``include=`` expansion in place (hop by hop, on a page of
parents) and the edges between two sets of instances. The hops themselves (request bodies, pages) are in
``_hops``; the query builder's chained requests in ``_chain`` and ``_follow``. Everything here is a plan: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from pygen_client import APIError, PygenError
from pygen_client.plans import Emit, Plan, StreamPlan
from pygen_runtime._chain import Roots
from pygen_runtime._connections import (
    MAX_IN_VALUES,
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
    _targets_of,
    hop_chunks,
    hop_page,
    make_hop,
)
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import Edge, InstanceList, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._view_plans import ViewSpec, check_limit, list_plan

__all__ = ["Hop", "Roots", "expand_plan", "make_hop"]


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
