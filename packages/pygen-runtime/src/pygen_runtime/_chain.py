"""The query builder's hops chained into one ``/models/instances/query`` (docs/connections.md §3, "Chained
requests"): the roots expression, then per hop its edge and node expressions or its node expression
``through`` a direct relation, as far as the API allows; a chain is split where it cannot go on (a reverse
relation through a list of direct relations, which the API will not traverse inwards; a middle hop with a
``limit``; 50 result sets). Only the last set of a request is selected (middle sets select nothing).

Paging is depth first: the cursors of the upstream sets are held while the deepest set that has more is
paged with its cursor; when it has no more, the next set up advances and the sets below it start over.
Memory is one page of the last set per request, whatever the depth. Everything here is a plan: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pygen_client import APIError, PygenError
from pygen_client.plans import Call, StreamPlan
from pygen_runtime._connections import IncludeSpec
from pygen_runtime._filters import Filter, dump_filter
from pygen_runtime._gc import collector_paused
from pygen_runtime._hops import Hop, _and, _edge_type, _query_adapter
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import ReadBase
from pygen_runtime._view_plans import SortLike, ViewSpec, dump_sort

__all__ = ["MAX_QUERY_LIMIT", "MAX_WITH", "Chain", "Roots", "chain_pages", "plan_chains"]

MAX_QUERY_LIMIT = 10_000  # the API's largest limit of one result set expression
MAX_WITH = 50  # the API's largest number of result set expressions in one request

Start = Literal["roots", "parents", "contains"]


@dataclass(frozen=True)
class Roots:
    """The roots of a query: a view with a filter, sort and limit (``None`` = all)."""

    read_cls: type[ReadBase]
    filter: Filter[Any] | None
    sort: SortLike | None
    limit: int | None
    include: IncludeSpec | None = None  # expanded on the roots of a query without follow


@dataclass(frozen=True)
class Chain:
    """Hops sent in one request. ``start``: how its first result set is made: ``roots`` (the query's
    roots expression), ``parents`` (the ids the previous chain reached, ``instanceReferences``) or
    ``contains`` (the first hop is a reverse relation through a list of direct relations: its node set
    filtered with ``containsAny`` of the previous chain's ids)."""

    start: Start
    hops: tuple[Hop, ...]

    @property
    def last_index(self) -> int:
        """The hop index of the chain's last set (0: the roots)."""
        return self.hops[-1].index if self.hops else 0


def _reverse_list(hop: Hop) -> bool:
    return hop.link.kind == "reverse" and hop.link.through_list


def plan_chains(hops: Sequence[Hop]) -> list[Chain]:
    """The hops split into chains, each one request (paged). A chain ends after a middle hop with a
    ``limit`` (the next chain starts from the distinct instances it kept, so the limit holds), before a
    reverse relation through a list direct relation, and before it would pass ``MAX_WITH`` result sets."""
    chains: list[Chain] = []
    start: Start = "roots"
    current: list[Hop] = []
    count = 1  # the chain's first set: roots or parents
    for position, hop in enumerate(hops):
        cost = 2 if hop.link.kind == "edge" else 1
        if _reverse_list(hop):
            if start != "parents" or current:
                chains.append(Chain(start, tuple(current)))
            start, current, count = "contains", [hop], 1
        else:
            if count + cost > MAX_WITH:
                chains.append(Chain(start, tuple(current)))
                start, current, count = "parents", [], 1
            current.append(hop)
            count += cost
        if hop.limit is not None and position < len(hops) - 1:
            chains.append(Chain(start, tuple(current)))
            start, current, count = "parents", [], 1
    chains.append(Chain(start, tuple(current)))
    return chains


# --- one request of a chain ------------------------------------------------------------------------------


@dataclass
class _Set:
    name: str
    expression: dict[str, Any]


def _has_data(cls: type[ReadBase]) -> dict[str, Any]:
    return {"hasData": [ViewSpec(cls).view_id.dump()]}


def _hop_sets(hop: Hop, source: str, owner: type[ReadBase], limit: int, last: bool) -> list[_Set]:
    """The result sets of one hop chained from ``source`` (a node set of ``owner``)."""
    link = hop.link
    i = hop.index
    targets = _and(_has_data(link.target), hop.filter)
    nodes: dict[str, Any]
    sets: list[_Set] = []
    if link.kind == "edge":
        edges = f"edges_{i}"
        spec = {
            "from": source,
            "direction": link.direction,
            "maxDistance": 1,
            "filter": _and(_edge_type(link), hop.edge_filter),
            "nodeFilter": targets,
        }
        sets.append(_Set(edges, {"edges": spec, "limit": limit}))
        nodes = {"nodes": {"from": edges, "chainTo": "destination"}, "limit": limit}
    else:
        if link.kind == "reverse":  # nodes of the target whose direct relation points at the parents
            through = {"source": ViewSpec(link.target).view_id.dump(), "identifier": link.through_id}
            direction = "inwards"
        else:  # the nodes the parents' direct relation points at
            owner_spec = ViewSpec(owner)
            through = {"source": owner_spec.view_id.dump(), "identifier": owner_spec.prop_id(link.field)}
            direction = "outwards"
        spec = {"from": source, "through": through, "direction": direction, "filter": targets}
        nodes = {"nodes": spec, "limit": limit}
    if last and hop.sort:  # orders what is returned, or decides what a limit keeps; changes nothing mid-chain
        nodes["sort"] = hop.sort
    sets.append(_Set(f"nodes_{i}", nodes))
    return sets


def _contains_set(hop: Hop, parents: Sequence[InstanceId], limit: int, last: bool) -> _Set:
    link = hop.link
    prop = ViewSpec(link.target).view_id.property_ref(link.through_id)
    pointing = {"containsAny": {"property": prop, "values": [p.dump() for p in parents]}}
    expression: dict[str, Any] = {
        "nodes": {"filter": _and(_has_data(link.target), pointing, hop.filter)},
        "limit": limit,
    }
    if last and hop.sort:
        expression["sort"] = hop.sort
    return _Set(f"nodes_{hop.index}", expression)


def _roots_set(roots: Roots, limit: int) -> _Set:
    expression: dict[str, Any] = {
        "nodes": {"filter": _and(_has_data(roots.read_cls), dump_filter(roots.filter))},
        "limit": limit,
    }
    sort = dump_sort(roots.sort, ViewSpec(roots.read_cls))
    if sort:
        expression["sort"] = sort
    return _Set("roots", expression)


def _sets(
    chain: Chain,
    roots: Roots,
    owner: type[ReadBase],
    parents: Sequence[InstanceId],
    roots_limit: int,
    last_limit: int,
) -> list[_Set]:
    """Every result set of one request of ``chain``, in chain order (each from the one before)."""
    hops = chain.hops
    sets: list[_Set] = []
    if chain.start == "roots":
        sets.append(_roots_set(roots, roots_limit if hops else last_limit))
    elif chain.start == "parents":
        refs = {"instanceReferences": [p.dump() for p in parents]}
        sets.append(_Set("parents", {"nodes": {"filter": refs}, "limit": len(parents)}))
    else:
        first = hops[0]
        alone = len(hops) == 1
        sets.append(_contains_set(first, parents, last_limit if alone else MAX_QUERY_LIMIT, alone))
        owner, hops = first.link.target, hops[1:]
    for position, hop in enumerate(hops):
        last = position == len(hops) - 1
        sets.extend(_hop_sets(hop, sets[-1].name, owner, last_limit if last else MAX_QUERY_LIMIT, last))
        owner = hop.link.target
    return sets


def _body(sets: list[_Set], select: dict[str, Any], held: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "with": {s.name: s.expression for s in sets},
        "select": {sets[-1].name: select},
        "includeTyping": False,
    }
    if held:
        body["cursors"] = dict(held)
    return body


_SET_NAME = re.compile(r"\b(?:nodes|edges)_(\d+)\b")


def _named(chain: Chain, error: APIError | PygenError) -> BaseException:
    """The error of a chained request as a ``TraversalError`` naming the hop the API's message names (by its
    result set, ``nodes_2``/``edges_2``), else the chain's first hop. An error of the roots' own expression
    is passed on as it is (as an error of the roots' ``/list`` read was)."""
    by_index = {hop.index: hop for hop in chain.hops}
    found = _SET_NAME.search(str(error))
    hop = by_index.get(int(found.group(1))) if found else None
    if hop is None:
        if chain.start == "roots" and (not chain.hops or re.search(r"\broots\b", str(error))):
            return error
        hop = chain.hops[0]
    named = hop.fail(str(error))
    named.__cause__ = error
    return named


# --- paging one chain, depth first ---------------------------------------------------------------------------


def chain_pages(
    chain: Chain,
    roots: Roots,
    owner: type[ReadBase],
    parents: Sequence[InstanceId],
    page_size: Callable[[], int],
    last_cls: type[ReadBase],
    select: dict[str, Any],
    roots_left: list[int | None],
    on_page: Callable[[list[Any]], StreamPlan[Any]],
) -> StreamPlan[Any]:
    """Every page of ``chain``'s last set from ``parents`` (ignored when the chain starts at the roots),
    handed to ``on_page``. ``page_size()`` is the last set's limit of the next request (0: stop).
    ``roots_left``: how many roots may still be read (``[None]``: all), shared by every request."""
    held: dict[str, str] = {}
    roots_limit = _roots_page(roots_left[0])
    while True:
        size = page_size()
        if size <= 0:
            return
        sets = _sets(chain, roots, owner, parents, roots_limit, size)
        names = [s.name for s in sets]
        last = names[-1]
        try:
            answer = yield Call("POST", "/models/instances/query", _body(sets, select, held))
            with collector_paused():
                parsed = _query_adapter(((last, last_cls),)).validate_json(answer)
        except (APIError, PygenError) as error:
            raise _named(chain, error) from error
        items = getattr(parsed.items, last)
        if items:
            yield from on_page(items)
        more = parsed.nextCursor or {}
        deepest = None
        for position in range(len(names) - 1, -1, -1):
            name = names[position]
            if not more.get(name):
                continue
            if name == "roots" and len(names) > 1:
                # a page of roots with a cursor was full: count it, and stop at the roots' limit
                left = roots_left[0]
                if left is not None:
                    left -= roots_limit
                    roots_left[0] = left
                    if left <= 0:
                        continue
            deepest = position
            break
        if deepest is None:
            return
        held = {name: c for name, c in held.items() if names.index(name) < deepest}
        held[names[deepest]] = more[names[deepest]]
        if names[deepest] == "roots":
            roots_limit = _roots_page(roots_left[0])


def _roots_page(left: int | None) -> int:
    return MAX_QUERY_LIMIT if left is None else max(1, min(MAX_QUERY_LIMIT, left))
