"""The query builder's execution (docs/connections.md §3 "Chained requests"): the hops of a ``Query`` as
chained ``/query`` requests (``_chain``), streamed, the last hop's distinct instances page by page with
their ``include`` expanded. A query without ``follow`` reads its roots with ``/instances/list``.
Everything here is a plan: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pygen_client.plans import Emit, StreamPlan
from pygen_runtime._chain import MAX_QUERY_LIMIT, Roots, chain_pages, plan_chains
from pygen_runtime._connections import MAX_IN_VALUES, QUERY_PAGE_SIZE
from pygen_runtime._hops import Hop, _distinct, _page, _sources
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import InstanceList, Node, ReadBase
from pygen_runtime._pages import Page
from pygen_runtime._traverse import expand_plan
from pygen_runtime._view_plans import ViewSpec, page_plan

__all__ = ["follow_stream"]


def follow_stream(
    roots: Roots,
    hops: Sequence[Hop],
    limit: int | None,
    *,
    ids_only: bool = False,
) -> StreamPlan[Page[Any]]:
    """Pages of the last hop's distinct instances (each with its ``include`` expanded), streamed: the hops
    are chained into as few ``/query`` requests as the API allows (``_chain``), each paged depth first;
    a chain that starts where another ended runs on batches of at most 1000 of the ids that one reached.
    Every request asks for up to ``MAX_QUERY_LIMIT`` of the last set (each request evaluates the whole
    chain on the server, so fewer, larger pages cost far less); the results are handed out in pages of at
    most ``QUERY_PAGE_SIZE`` (``iterate().pages()``).
    ``ids_only``: the last hop selects nothing but the instances (plain ``Node``s), and includes nothing."""
    if not hops:
        yield from _roots_stream(roots, limit)
        return
    if roots.limit == 0:  # no roots, nothing reached (a roots set cannot ask for 0)
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
        wanted = MAX_QUERY_LIMIT
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
                for start in range(0, len(found), QUERY_PAGE_SIZE):
                    page = found[start : start + QUERY_PAGE_SIZE]
                    if last_include:
                        yield from expand_plan(last_cls, page, last_include, len(hops) + 1)
                    emitted += len(page)
                    yield Emit(Page(InstanceList(page)))
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
