"""Every corpus model end to end through its generated Python SDK, against pygen-emulator.

For each model of ``examples/models/`` and of the shared corpus (``../shared/models`` beside the checkout:
20 public CDF data models; optional — those tests skip when it is absent): generate the SDK (all at once,
in a session fixture), deploy the model, upsert mock instances (``pygen_generator.mock``) of every
writable view through the SDK's view APIs, then per view: retrieve and compare with what was written,
list with a filter per property type, iterate, search, aggregate, follow every connection once, delete,
and check the instances are gone. A failure lists every problem as ``model view property step: what``.

Connections (docs/connections.md): edges (both directions) and reverse direct relations are fetched with
``retrieve(ids, include={Fields.conn: True})`` on the view's mocked nodes, direct relations with
``query(<those nodes>).follow(Fields.relation)``; what comes back is compared with the edges and direct
relations the mock data wrote, narrowed to the nodes the target view shows (hasData: data in every
container the target view maps), and an edge with properties must be the edge written, with its
properties. Single connections must give one of the expected nodes (the runtime keeps the first it finds).
View filters (``ViewIR.filter``): the generated write classes default the node type a view's filter pins
(checked on every write object) and mock data sets the property values it pins, so those views show their
mocked nodes and every step runs for them; ``MockReads`` evaluates the filters to say which nodes a view
shows. Views whose filter the IR could not solve (``unsatisfied``: CogniteCore's CAD / point-cloud / 360
image revisions ask for a ``Cognite3DModel.type`` their own properties cannot set) are checked by id only
(retrieve, include, delete), and ``test_unsolved_view_filters`` skips with the list of them and why. Not
followed: connections to views that are not writable (not mocked, so the mock data cannot say what they
show) and to views with such filters.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pygen_runtime as rt
from pygen_generator import generate_ir
from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.ir import PropertyIR, SdkIR, ViewIR
from pygen_generator.mock import (
    MockData,
    MockInstance,
    MockReads,
    differences,
    generate_mock_data,
    sdk_connections,
    to_sdk_writes,
)
from pygen_generator.validation import GenerateOptions

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "models"
CORPUS = REPO.parent / "shared" / "models"
CORPUS_REASON = (
    f"the shared model corpus ({CORPUS}: 20 public CDF data models, used to test pygen on real models) "
    "is not present; it is optional — the project's own example models are still tested"
)
SYSTEM_SPACES = ("cdf_cdm", "cdf_cdm_3d", "cdf_cdm_units")  # built into the emulator, read only
COUNT = 2  # nodes per view: small, so the whole corpus runs in seconds
SEED = 12


def _models() -> list[Any]:
    found = [pytest.param(path, id=f"examples/{path.stem}") for path in sorted(EXAMPLES.glob("*.json"))]
    corpus = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
    found += [pytest.param(path, id=f"corpus/{path.stem}") for path in corpus]
    if not corpus:
        found.append(pytest.param(None, id="corpus", marks=pytest.mark.skip(reason=CORPUS_REASON)))
    return found


def _package(path: Path) -> str:
    return f"e2e_{path.parent.name}_{path.stem.lower()}"


@pytest.fixture(scope="session")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[Path, SdkIR]]]:
    """Every model's SDK, generated once into one folder (one project folder per model)."""
    root = tmp_path_factory.mktemp("corpus-sdks")
    irs: dict[Path, SdkIR] = {}
    for param in _models():
        path = param.values[0]
        if path is None:
            continue
        ir = generate_ir(path, options=GenerateOptions(package=_package(path)))
        write_files(generate_files(ir), root / _package(path))
        irs[path] = ir
    return root, irs


def _deployable(path: Path) -> dict[str, Any]:
    """The model without what lives in the emulator's built-in, read-only CogniteCore spaces."""
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for key in ("views", "containers"):
        model[key] = [item for item in model.get(key) or [] if item["space"] not in SYSTEM_SPACES]
    return model


def _import(root: Path, package: str) -> Any:
    sys.path.insert(0, str(root / package))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root / package))


class Checker:
    """Runs the steps of one model and collects every problem instead of stopping at the first."""

    def __init__(self, model: str, client: Any, ir: SdkIR, data: MockData) -> None:
        self.model, self.client, self.ir, self.data = model, client, ir, data
        self.problems: list[str] = []
        self.sdk_module: Any = None

    def fail(self, view: ViewIR, prop: str, step: str, what: str) -> None:
        self.problems.append(f"{self.model} {view.ref.label} {prop} {step}: {what}")

    def api(self, view: ViewIR, instance_type: str) -> Any:
        classes = next(c for c in view.python.classes if c.instance_type == instance_type)
        return getattr(self.client, classes.client_attribute)

    def step(self, view: ViewIR, step: str, action: Any, prop: str = "-") -> Any:
        try:
            return action()
        except Exception as exc:  # the step failed: say which, keep checking the others
            self.fail(view, prop, step, f"{type(exc).__name__}: {exc}")
            return None

    def upsert(self, view: ViewIR, instances: list[MockInstance]) -> None:
        writes = to_sdk_writes(instances, self.sdk_module, self.ir)
        self.step(view, "upsert", lambda: self.api(view, instances[0].instance_type).upsert(writes))

    def check_view(self, view: ViewIR, instances: list[MockInstance]) -> None:
        api = self.api(view, instances[0].instance_type)
        ids = [i.id for i in instances]
        names = {p.id: p.python.name for p in view.properties if p.python is not None}
        found = self.step(view, "retrieve", lambda: api.retrieve(ids))
        if found is None:
            return
        by_id = {r.external_id: r for r in found}
        for instance in instances:
            read = by_id.get(instance.external_id)
            if read is None:
                self.fail(view, "-", "retrieve", f"{instance.external_id} not found")
                continue
            dumped = read.dump()
            actual = {key: dumped.get(names[key]) for key in instance.expected}
            for problem in differences(instance.expected, actual):
                prop, _, what = problem.partition(": ")
                self.fail(view, prop, "retrieve", f"{instance.external_id}: {what}")
        if view.filter is not None and not view.filter.satisfiable:
            return  # which instances the view lists is not known: test_unsolved_view_filters says so
        first = by_id.get(instances[0].external_id)
        if first is not None:
            self.check_filters(view, api, first)
            self.check_search(view, api, first, instances[0])
        listed = self.step(view, "iterate", lambda: [r.external_id for r in api.iterate(page_size=3)])
        if listed is not None and (missing := {i.external_id for i in instances} - set(listed)):
            self.fail(view, "-", "iterate", f"missing {sorted(missing)}")
        counted = self.step(view, "aggregate", lambda: api.aggregate(rt.count()).value("count"))
        if counted is not None and counted < len(instances):
            self.fail(view, "-", "aggregate", f"count {counted} < {len(instances)} written")

    def check_filters(self, view: ViewIR, api: Any, read: Any) -> None:
        """One filter per property type, on the first instance's value: the instance is in the result."""
        done: set[tuple[str, bool]] = set()
        for prop in view.properties:
            if not _filterable(prop) or (prop.type, prop.is_list) in done:
                continue
            assert prop.python is not None
            value = getattr(read, prop.python.name)
            if value is None or value == []:
                continue
            builder = getattr(api.fields, prop.python.name)
            condition = builder.contains_any(value[:1]) if prop.is_list else builder.equals(value)
            done.add((prop.type, prop.is_list))
            hits = self.step(view, f"list({prop.type})", lambda c=condition: api.list(c, limit=None))
            if hits is not None and read.external_id not in {h.external_id for h in hits}:
                self.fail(
                    view, prop.id, "list", f"filter {prop.type} = {value!r} does not find {read.external_id}"
                )

    def check_search(self, view: ViewIR, api: Any, read: Any, instance: MockInstance) -> None:
        text = next(
            (
                p
                for p in view.properties
                if _filterable(p) and p.type == "text" and not p.is_list and getattr(read, p.python.name)
            ),  # type: ignore[union-attr]
            None,
        )
        if text is None or text.python is None:
            return
        word = getattr(read, text.python.name).split()[-1]  # the tag: unique to this instance
        hits = self.step(
            view, "search", lambda: api.search(word, getattr(api.fields, text.python.name), limit=1000)
        )
        if hits is not None and instance.external_id not in {h.external_id for h in hits}:
            self.fail(view, text.id, "search", f"{word!r} does not find {instance.external_id}")

    def check_connections(self, view: ViewIR, instances: list[MockInstance], written: MockReads) -> None:
        """One traversal per connection of ``view``, from its mocked nodes, compared with what was written."""
        if instances[0].instance_type != "node":
            return
        api = self.api(view, "node")
        for prop in sdk_connections(view, written.views):
            target = (
                prop.edge.other if prop.edge else prop.reverse.other if prop.reverse else prop.direct_target
            )
            assert target is not None
            if not written.decides(target):
                continue  # the target view's filter decides what it shows: mock data cannot say
            if prop.kind == "mapped" and not written.decides(view.ref):
                continue  # query(<roots>) lists the roots through this view, whose filter decides them
            if not written.views[target].writable:
                # Not mocked (nothing is written through a view CDF does not let you write), so the mock
                # data cannot say which nodes the target view shows (it may map containers other views fill).
                continue
            step = "follow" if prop.kind == "mapped" else "include"
            field = getattr(api.fields, prop.python_name or prop.id, None)
            if field is None:
                self.fail(view, prop.id, step, f"{type(api.fields).__name__} declares no {prop.python_name}")
            elif prop.kind == "mapped":
                self.check_direct(view, api, field, prop, instances, written)
            else:
                self.check_included(view, api, field, prop, instances, written)

    def check_included(
        self,
        view: ViewIR,
        api: Any,
        field: Any,
        prop: PropertyIR,
        instances: list[MockInstance],
        written: MockReads,
    ) -> None:
        """``retrieve(ids, include={Fields.conn: True})``: every node's edges or reverse relations."""
        found = self.step(
            view, "include", lambda: api.retrieve([i.id for i in instances], include={field: True}), prop.id
        )
        if found is None:
            return
        by_id = {(r.space, r.external_id): r for r in found}
        many = prop.edge.multi if prop.edge else prop.reverse.multi if prop.reverse else True
        for instance in instances:
            read = by_id.get(instance.id)
            if read is None:
                self.fail(view, prop.id, "include", f"{instance.external_id} not found")
                continue
            edge_ids = written.edge_ends(instance.id, prop) if prop.edge else {}
            expected = set(edge_ids) if prop.edge else written.pointing_at(instance.id, prop)
            value = getattr(read, prop.python_name)
            got = value if many else ([] if value is None else [value])
            if not isinstance(got, list):
                self.fail(view, prop.id, "include", f"{instance.external_id}: not fetched: {value!r}")
                continue
            actual = {(g.space, g.external_id) for g in got}
            if many and actual != expected:
                self.fail(view, prop.id, "include", f"{instance.external_id}: {_diff(expected, actual)}")
            elif not many and (actual - expected or (expected and not actual)):
                self.fail(
                    view,
                    prop.id,
                    "include",
                    f"{instance.external_id}: one of {sorted(expected)} expected, got {sorted(actual)}",
                )
            for item in got:  # edges with properties: the edge that was written, with its properties
                edge = getattr(item, "edge", None)
                wanted = edge_ids.get((item.space, item.external_id))
                if edge is None or wanted is None:
                    continue
                if edge.external_id != wanted:
                    what = f"{instance.external_id}: edge {edge.external_id}, wrote {wanted}"
                    self.fail(view, prop.id, "include", what)
                    continue
                for problem in written.edge_differences(wanted, edge.dump()):
                    self.fail(view, prop.id, "include", f"{instance.external_id}: edge {wanted} {problem}")

    def check_direct(
        self,
        view: ViewIR,
        api: Any,
        field: Any,
        prop: PropertyIR,
        instances: list[MockInstance],
        written: MockReads,
    ) -> None:
        """``query(<the mocked nodes>).follow(Fields.relation)``: the distinct nodes they point at."""
        roots = api.fields.external_id.in_([i.external_id for i in instances])
        found = self.step(view, "follow", lambda: api.query(roots).follow(field).list(limit=None), prop.id)
        if found is None:
            return
        actual = {(r.space, r.external_id) for r in found}
        expected = written.direct_targets(instances, prop)
        if actual != expected:
            self.fail(view, prop.id, "follow", _diff(expected, actual))

    def delete_and_check_gone(self, view: ViewIR, instances: list[MockInstance]) -> None:
        api = self.api(view, instances[0].instance_type)
        ids = [i.id for i in instances]
        self.step(view, "delete", lambda: api.delete(ids))
        left = self.step(view, "delete", lambda: api.retrieve(ids))
        if left:
            self.fail(view, "-", "delete", f"still there: {[r.external_id for r in left]}")


NodeId = tuple[str, str]


def _diff(expected: set[NodeId], actual: set[NodeId]) -> str:
    missing, extra = sorted(expected - actual), sorted(actual - expected)
    return f"missing {[x for _, x in missing]}, unexpected {[x for _, x in extra]}"


def _filterable(prop: PropertyIR) -> bool:
    return (
        prop.kind == "mapped"
        and prop.python is not None
        and prop.python.filter_builder is not None
        and prop.type not in ("json",)
    )


@pytest.mark.parametrize("path", _models())
def test_model_end_to_end(path: Path, sdks: tuple[Path, dict[Path, SdkIR]], emulator: Any) -> None:
    root, irs = sdks
    ir = irs[path]
    model = _deployable(path)
    if model["views"]:
        emulator.load_model(model)
    sdk = _import(root, _package(path))
    data = generate_mock_data(ir, COUNT, seed=SEED, space="e2e_mock")
    with getattr(sdk, ir.python.client)(emulator.config) as client:
        client.pygen_client.post("/models/spaces", json={"items": [{"space": data.space}]})
        checker = Checker(path.stem, client, ir, data)
        checker.sdk_module = sdk
        views = [v for v in ir.views if data.of_view(v.ref)]
        # All nodes in one request: direct relations whose container requires its target to have data in
        # a container (CogniteCore) need their targets in the same request; there are cycles (model <->
        # revision), so no per-view order works. Then the edges, through their edge view's API.
        nodes = to_sdk_writes(data.nodes, sdk, ir)
        by_ref = {v.ref: v for v in ir.views}
        for write, instance in zip(nodes, data.nodes, strict=True):
            if instance.node_type is not None and instance.view is not None:
                # to_sdk_writes leaves the type out: the generated write class must default it.
                wanted = {"space": instance.node_type[0], "externalId": instance.node_type[1]}
                if (got := write.dump().get("type")) != wanted:
                    what = (
                        f"{instance.external_id}: the write class sends type {got}, its filter pins {wanted}"
                    )
                    checker.fail(by_ref[instance.view], "type", "upsert", what)
        checker.step(views[0], "upsert (all nodes)", lambda: client.upsert(nodes))
        plain_edges = [e for e in data.edges if e.view is None]
        if plain_edges:
            edges = to_sdk_writes(plain_edges, sdk, ir)
            checker.step(views[0], "upsert (edges without properties)", lambda: client.upsert(edges))
        for view in views:
            if data.of_view(view.ref)[0].instance_type == "edge":
                checker.upsert(view, data.of_view(view.ref))
        for view in views:
            checker.check_view(view, data.of_view(view.ref))
        written = MockReads(ir, data)
        for view in views:
            checker.check_connections(view, data.of_view(view.ref), written)
        for view in reversed(views):  # edge views last in, first out
            checker.delete_and_check_gone(view, data.of_view(view.ref))
    problems = checker.problems
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("path", _models())
def test_unsolved_view_filters(path: Path, sdks: tuple[Path, dict[Path, SdkIR]]) -> None:
    """Views whose filter the IR could not solve are checked by id only (retrieve, include, delete): this
    skips naming them and why, so the gap shows in every run's summary instead of passing silently."""
    ir = sdks[1][path]
    unsolved = [
        f"{v.ref.external_id} ({'; '.join(v.filter.unsatisfied)})"
        for v in ir.views
        if v.filter is not None and not v.filter.satisfiable and v.writable
    ]
    if unsolved:
        pytest.skip(
            f"list/iterate/search/aggregate not checked for {len(unsolved)} view(s): " + ", ".join(unsolved)
        )
    for view in ir.views:  # solved: writes through the view carry the node type it pins
        if (
            view.filter is not None
            and view.filter.node_type is not None
            and view.writable
            and view.used_for != "edge"
        ):
            assert view.write_node_type == view.filter.node_type, view.ref.label


def _pinned_views(ir: SdkIR) -> list[tuple[ViewIR, list[PropertyIR]]]:
    """Node views whose filter pins a node type, with their non-nullable stored properties."""
    out = []
    for view in ir.views:
        if view.filter is None or view.filter.node_type is None or view.used_for == "edge":
            continue
        required = [p for p in view.properties if p.kind == "mapped" and not p.nullable and p.python]
        if required:
            out.append((view, required))
    return out


@pytest.mark.parametrize("path", _models())
def test_filtered_views_read_nodes_without_their_data(
    path: Path, sdks: tuple[Path, dict[Path, SdkIR]], emulator: Any
) -> None:
    """A view's own filter replaces CDF's default (hasData on its containers): a filter on the node type
    alone lists every node of that type, also one with no data in the view's containers. For every view
    whose filter pins a node type and that has a required (non-nullable) property: write a node of that
    type with no sources, list through the view; where the view shows it, it parses and the required
    properties read as None (ir/_filters.py ``guaranteed_containers``). Where the filter asks for data
    (``hasData``), the view does not show it."""
    root, irs = sdks
    ir = irs[path]
    pinned = _pinned_views(ir)
    if not pinned:
        pytest.skip("no view of this model pins a node type and has a required property")
    model = _deployable(path)
    if model["views"]:
        emulator.load_model(model)
    sdk = _import(root, _package(path))
    space = "e2e_bare"
    problems: list[str] = []
    with getattr(sdk, ir.python.client)(emulator.config) as client:
        client.pygen_client.post("/models/spaces", json={"items": [{"space": space}]})
        for index, (view, required) in enumerate(pinned):
            node_type = view.filter.node_type if view.filter else None
            assert node_type is not None
            xid = f"bare-{index}"
            bare = {"space": node_type.space, "externalId": node_type.external_id}
            client.pygen_client.post(
                "/models/instances",
                json={"items": [{"instanceType": "node", "space": space, "externalId": xid, "type": bare}]},
            )
            classes = next(c for c in view.python.classes if c.instance_type == "node")
            api = getattr(client, classes.client_attribute)
            try:
                found = api.list(filter=api.fields.external_id.in_([xid]), limit=None)
            except Exception as exc:  # the whole page failed to parse: the bug this test guards against
                problems.append(f"{view.ref.label} list: {type(exc).__name__}: {exc}")
                continue
            for read in found:
                for prop in required:
                    assert prop.python is not None
                    value = getattr(read, prop.python.name)
                    if value is not None:
                        problems.append(
                            f"{view.ref.label} {prop.id}: read {value!r} from a node without data"
                        )
    assert not problems, "\n".join(problems)
