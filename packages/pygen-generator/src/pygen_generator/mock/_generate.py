"""Mock instances for the views of an ``SdkIR``: nodes of every writable node view, then edges for every
edge connection between mocked nodes (with the properties of the connection's edge view, when it has one).

Each instance draws from its own ``random.Random`` seeded with ``(seed, view, index)``: the same seed gives
the same data, and adding a view does not change the instances of the others (direct relations aside:
they pick among the ``count`` nodes of their target).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pygen_generator.ir import PropertyIR, SdkIR, ViewIR, ViewRef
from pygen_generator.mock._values import mock_value

__all__ = ["DEFAULT_SPACE", "MockData", "MockInstance", "generate_mock_data"]

DEFAULT_SPACE = "pygen_mock"
_MISSING: Any = object()


@dataclass(frozen=True)
class MockInstance:
    """One node or edge to write, in the DMS wire form.

    ``properties``: wire id -> value sent (an absent key is not sent; ``None`` is sent as null).
    ``expected``: wire id -> what a read through ``view`` gives back (a default when the property was
    left out, ``None`` when null); auto-increment properties are not in it (the server picks them).
    """

    instance_type: Literal["node", "edge"]
    space: str
    external_id: str
    view: ViewRef | None  # None: an edge without properties (its connection has no edge view)
    properties: dict[str, Any]
    expected: dict[str, Any]
    edge_type: tuple[str, str] | None = None
    start_node: tuple[str, str] | None = None
    end_node: tuple[str, str] | None = None
    # A node's type: the one its view's filter pins (the generated write classes default to it).
    node_type: tuple[str, str] | None = None

    @property
    def id(self) -> tuple[str, str]:
        return self.space, self.external_id

    def dump(self) -> dict[str, Any]:
        """The item of a ``POST /models/instances`` request."""
        item: dict[str, Any] = {
            "instanceType": self.instance_type,
            "space": self.space,
            "externalId": self.external_id,
        }
        for key, value in (
            ("type", self.edge_type or self.node_type),
            ("startNode", self.start_node),
            ("endNode", self.end_node),
        ):
            if value is not None:
                item[key] = {"space": value[0], "externalId": value[1]}
        if self.view is not None:
            source = {"type": "view", "space": self.view.space, "externalId": self.view.external_id}
            source["version"] = self.view.version
            item["sources"] = [{"source": source, "properties": dict(self.properties)}]
        return item


@dataclass(frozen=True)
class MockData:
    """The instances :func:`generate_mock_data` made: nodes (views in IR order), then edges."""

    instances: tuple[MockInstance, ...]
    space: str
    seed: int
    skipped: tuple[str, ...] = field(default=())  # views left out, and why

    @property
    def nodes(self) -> list[MockInstance]:
        return [i for i in self.instances if i.instance_type == "node"]

    @property
    def edges(self) -> list[MockInstance]:
        return [i for i in self.instances if i.instance_type == "edge"]

    def of_view(self, view: ViewRef) -> list[MockInstance]:
        """The instances written through ``view`` (its nodes, or the edges carrying its properties)."""
        return [i for i in self.instances if i.view == view]

    def dump(self) -> list[dict[str, Any]]:
        """Every instance as a ``POST /models/instances`` item: nodes first, so edges find their ends."""
        return [i.dump() for i in self.instances]


def _writable_properties(view: ViewIR) -> list[PropertyIR]:
    return [p for p in view.properties if p.kind == "mapped" and not p.read_only and not p.auto_increment]


def mocked_node_views(ir: SdkIR, views: Iterable[str] | None = None) -> tuple[list[ViewIR], list[str]]:
    """The writable node views (``views``: only these, by externalId or label) and the reasons others
    are left out."""
    wanted = None if views is None else set(views)
    chosen: list[ViewIR] = []
    skipped: list[str] = []
    for view in ir.views:
        if wanted is not None and not {view.ref.external_id, view.ref.label} & wanted:
            continue
        if not view.writable:
            skipped.append(f"{view.ref.label}: not writable")
        elif view.used_for == "edge":
            skipped.append(
                f"{view.ref.label}: an edge view (its edges come from the connections that use it)"
            )
        else:
            chosen.append(view)
    if wanted is not None:
        known = {name for v in ir.views for name in (v.ref.external_id, v.ref.label)}
        if unknown := sorted(wanted - known):
            raise ValueError(f"no such view in the model: {', '.join(unknown)}")
    return chosen, skipped


class _Builder:
    def __init__(
        self, ir: SdkIR, seed: int, space: str, list_size: tuple[int, int], null_rate: float
    ) -> None:
        self.ir = ir
        self.seed = seed
        self.space = space
        self.list_size = list_size
        self.null_rate = null_rate
        self.views = {v.ref: v for v in ir.views}
        self.node_ids: dict[ViewRef, list[str]] = {}

    def rng(self, *parts: object) -> random.Random:
        # A str seed is hashed with sha512 by random.seed: stable across processes and Python versions.
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def properties(
        self, view: ViewIR, rng: random.Random, tag: str, fallback: ViewRef | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        sent: dict[str, Any] = {}
        expected: dict[str, Any] = {}
        # Values the view's filter asks for (CogniteCADModel: type = "CAD"), so the view shows the instance.
        pinned = {p.property: p.value for p in view.filter.values} if view.filter else {}
        for prop in _writable_properties(view):
            if prop.id in pinned:
                sent[prop.id] = expected[prop.id] = pinned[prop.id]
                continue
            roll = rng.random()
            if not prop.required_on_write and roll < self.null_rate:
                # Left out: a read gives the container default (or null).
                expected[prop.id] = prop.default_value
                continue
            if prop.nullable and not prop.required_on_write and roll < 2 * self.null_rate:
                sent[prop.id] = expected[prop.id] = None
                continue
            value = self.value(prop, rng, f"{view.ref.external_id}-{tag}", fallback)
            if value is _MISSING:
                expected[prop.id] = prop.default_value
                continue
            sent[prop.id] = expected[prop.id] = value
        return sent, expected

    def value(self, prop: PropertyIR, rng: random.Random, tag: str, fallback: ViewRef | None) -> Any:
        if prop.type == "direct":
            targets = self.node_ids.get(prop.direct_target) if prop.direct_target else None
            targets = targets or (self.node_ids.get(fallback) if fallback else None)
            if not targets:
                return _MISSING
            count = rng.randint(*self.list_size) if prop.is_list else 1
            picked = [{"space": self.space, "externalId": rng.choice(targets)} for _ in range(count)]
            return picked if prop.is_list else picked[0]
        enum_values = tuple(v.value for v in prop.enum.values) if prop.enum else ()
        return mock_value(
            rng, prop.type, tag=tag, is_list=prop.is_list, list_size=self.list_size, enum_values=enum_values
        )

    def nodes(self, views: Sequence[ViewIR], count: int) -> list[MockInstance]:
        prefix = "mock"
        for view in views:  # ids first: direct relations point at nodes of any mocked view
            self.node_ids[view.ref] = [f"{prefix}:{view.ref.external_id}:{i}" for i in range(count)]
        out: list[MockInstance] = []
        for view in views:
            node_type = view.write_node_type
            typed = (node_type.space, node_type.external_id) if node_type else None
            for i, xid in enumerate(self.node_ids[view.ref]):
                sent, expected = self.properties(view, self.rng(view.ref.label, i), str(i), view.ref)
                out.append(MockInstance("node", self.space, xid, view.ref, sent, expected, node_type=typed))
        return out

    def edges(self, views: Sequence[ViewIR]) -> list[MockInstance]:
        out: list[MockInstance] = []
        seen: set[tuple[str, str, str, str]] = set()
        for view in views:
            for prop in view.properties:
                edge = prop.edge
                if prop.kind != "edge" or edge is None or prop.inherited:
                    continue
                others = self.node_ids.get(edge.other)
                if not others:
                    continue
                edge_view = self.views.get(edge.edge_source) if edge.edge_source else None
                if edge_view is not None and not edge_view.writable:
                    edge_view = None
                edge_type = (edge.edge_type.space, edge.edge_type.external_id)
                for i, here in enumerate(self.node_ids[view.ref]):
                    rng = self.rng(view.ref.label, prop.id, i)
                    for there in rng.sample(others, min(len(others), 2 if edge.multi else 1)):
                        start, end = (here, there) if edge.direction == "outwards" else (there, here)
                        key = (*edge_type, start, end)
                        if key in seen:
                            continue
                        seen.add(key)
                        xid = f"{start}--{edge_type[1]}--{end}"
                        sent: dict[str, Any] = {}
                        expected: dict[str, Any] = {}
                        if edge_view is not None:
                            sent, expected = self.properties(edge_view, rng, f"e{len(seen)}", None)
                        out.append(
                            MockInstance(
                                "edge",
                                self.space,
                                xid,
                                edge_view.ref if edge_view is not None else None,
                                sent,
                                expected,
                                edge_type=edge_type,
                                start_node=(self.space, start),
                                end_node=(self.space, end),
                            )
                        )
        return out


def generate_mock_data(
    ir: SdkIR,
    count: int = 5,
    *,
    seed: int = 0,
    space: str = DEFAULT_SPACE,
    views: Iterable[str] | None = None,
    list_size: tuple[int, int] = (1, 3),
    null_rate: float = 0.15,
    edges: bool = True,
) -> MockData:
    """``count`` nodes per writable node view of ``ir`` (``views``: only these, by externalId or
    ``space:externalId/version``), then the edges of their edge connections (one per node and single
    connection, two per multi connection, between mocked nodes), all in instance space ``space``.

    Every writable property is set with a valid value of its type (enum values from the model, lists of
    ``list_size`` items, direct relations to mocked nodes: of the target view when it is mocked, else of
    the same view); a property that is not required is left out with probability ``null_rate`` (a read
    gives its default) and, when nullable, set to null with the same probability.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be an integer >= 0, got {count!r}")
    low, high = list_size
    if not 0 <= low <= high:
        raise ValueError(f"list_size must be (min, max) with 0 <= min <= max, got {list_size!r}")
    if not 0 <= null_rate <= 0.5:
        raise ValueError(f"null_rate must be between 0 and 0.5, got {null_rate!r}")
    if not space:
        raise ValueError("space must be a non-empty instance space")
    chosen, skipped = mocked_node_views(ir, views)
    builder = _Builder(ir, seed, space, list_size, null_rate)
    instances = builder.nodes(chosen, count)
    if edges:
        instances += builder.edges(chosen)
    return MockData(tuple(instances), space, seed, tuple(skipped))
