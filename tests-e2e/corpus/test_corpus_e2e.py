"""Every corpus model end to end through its generated Python SDK, against pygen-emulator.

For each model of ``examples/models/`` and of the shared corpus (``../shared/models`` beside the checkout:
20 public CDF data models; optional — those tests skip when it is absent): generate the SDK (all at once,
in a session fixture), deploy the model, upsert mock instances (``pygen_generator.mock``) of every
writable view through the SDK's view APIs, then per view: retrieve and compare with what was written,
list with a filter per property type, iterate, search, aggregate, delete, and check the instances are
gone. A failure lists every problem as ``model view property step: what``. About 6 s for the 21 models.

Not covered yet: one traversal per connection. The runtime implements docs/connections.md, but the Python
generator does not declare connection fields in the SDKs it writes yet, so there is nothing to traverse.
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
from pygen_generator.mock import MockData, MockInstance, differences, generate_mock_data, to_sdk_writes
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
        self.filtered: set[str] = set()
        self.sdk_module: Any = None

    def fail(self, view: ViewIR, prop: str, step: str, what: str) -> None:
        if step != "retrieve" and view.ref.external_id in self.filtered:
            return  # the view's filter asks for values mock data does not know about: only retrieve counts
        self.problems.append(f"{self.model} {view.ref.label} {prop} {step}: {what}")

    def api(self, view: ViewIR, instance_type: str) -> Any:
        classes = next(c for c in view.python.classes if c.instance_type == instance_type)
        return getattr(self.client, classes.client_attribute)

    def step(self, view: ViewIR, step: str, action: Any) -> Any:
        try:
            return action()
        except Exception as exc:  # the step failed: say which, keep checking the others
            self.fail(view, "-", step, f"{type(exc).__name__}: {exc}")
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

    def delete_and_check_gone(self, view: ViewIR, instances: list[MockInstance]) -> None:
        api = self.api(view, instances[0].instance_type)
        ids = [i.id for i in instances]
        self.step(view, "delete", lambda: api.delete(ids))
        left = self.step(view, "delete", lambda: api.retrieve(ids))
        if left:
            self.fail(view, "-", "delete", f"still there: {[r.external_id for r in left]}")


def _views_with_value_filters(path: Path) -> set[str]:
    """Views whose filter asks for a stored value (``equals``...), not only for data in containers: mock
    data does not know it (the IR has no view filters), so list/iterate/search/aggregate through them may
    rightly miss the instances (CogniteCore's CAD / point-cloud / 360 image views)."""
    model = json.loads(path.read_text(encoding="utf-8"))
    value_filters = ('"equals"', '"in"', '"range"', '"prefix"', '"containsAny"', '"containsAll"')
    return {
        view["externalId"]
        for view in model.get("views") or []
        if any(kind in json.dumps(view.get("filter") or {}) for kind in value_filters)
    }


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
        checker.filtered = _views_with_value_filters(path)
        views = [v for v in ir.views if data.of_view(v.ref)]
        # All nodes in one request: direct relations whose container requires its target to have data in
        # a container (CogniteCore) need their targets in the same request; there are cycles (model <->
        # revision), so no per-view order works. Then the edges, through their edge view's API.
        nodes = to_sdk_writes(data.nodes, sdk, ir)
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
        for view in reversed(views):  # edge views last in, first out
            checker.delete_and_check_gone(view, data.of_view(view.ref))
    problems = checker.problems
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])
