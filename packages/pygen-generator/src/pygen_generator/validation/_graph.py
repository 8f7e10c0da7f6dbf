"""The view graph: which views the SDK holds, implements order, cycles, ancestors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pygen_client import ViewId
from pygen_client.schema import View
from pygen_generator.errors import InputError

__all__ = ["ancestors", "check_cycles", "show", "topological", "unique_parents"]


def show(view_id: ViewId) -> str:
    return f"{view_id.space}:{view_id.external_id}/{view_id.version}"


def _parents(view: View, known: Mapping[ViewId, View]) -> list[ViewId]:
    out: list[ViewId] = []
    for ref in view.implements or []:
        parent = _match(ref.as_id(), known)
        if parent is not None and parent not in out:
            out.append(parent)
    return out


def _match(view_id: ViewId, known: Mapping[ViewId, View]) -> ViewId | None:
    if view_id in known:
        return view_id
    if view_id.version is None:  # "latest": any version of that view we know (highest string wins)
        versions = sorted(
            (v for v in known if (v.space, v.external_id) == (view_id.space, view_id.external_id)),
            key=lambda v: v.version or "",
        )
        return versions[-1] if versions else None
    return None


def check_cycles(known: Mapping[ViewId, View]) -> None:
    """Raise one clear error for cyclic ``implements``."""
    state: dict[ViewId, int] = {}

    def visit(view_id: ViewId, path: list[ViewId]) -> None:
        if state.get(view_id) == 2:
            return
        if state.get(view_id) == 1:
            cycle = [*path[path.index(view_id) :], view_id]
            raise InputError(
                f"cyclic implements: {' -> '.join(show(v) for v in cycle)}",
                "a view cannot implement itself, directly or through its parents; remove one implements",
            )
        state[view_id] = 1
        for parent in _parents(known[view_id], known):
            visit(parent, [*path, view_id])
        state[view_id] = 2

    for view_id in sorted(known, key=show):
        visit(view_id, [])


def ancestors(view_id: ViewId, known: Mapping[ViewId, View]) -> list[ViewId]:
    """Every view ``view_id`` implements, directly or not, nearest first, without repeats."""
    out: list[ViewId] = []
    queue = _parents(known[view_id], known)
    while queue:
        current = queue.pop(0)
        if current not in out:
            out.append(current)
            queue.extend(_parents(known[current], known))
    return out


def unique_parents(view_id: ViewId, known: Mapping[ViewId, View], include: Iterable[ViewId]) -> list[ViewId]:
    """Direct parents in ``include``, minus those another parent already inherits (a valid MRO)."""
    allowed = set(include)
    direct = [p for p in _parents(known[view_id], known) if p in allowed]
    return [p for p in direct if not any(p in ancestors(other, known) for other in direct if other != p)]


def topological(views: Sequence[ViewId], known: Mapping[ViewId, View]) -> list[ViewId]:
    """``views`` with every parent before its children (ties in the given order)."""
    done: list[ViewId] = []
    seen: set[ViewId] = set()
    members = set(views)

    def visit(view_id: ViewId) -> None:
        if view_id in seen:
            return
        seen.add(view_id)
        for parent in _parents(known[view_id], known):
            if parent in members:
                visit(parent)
        done.append(view_id)

    for view_id in views:
        visit(view_id)
    return done
