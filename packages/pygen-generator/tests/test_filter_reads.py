"""Read types of views whose filter does not guarantee their data (ir/_filters.py ``guaranteed_containers``).

CDF lists a view without a filter through ``hasData`` on its containers: every node it lists has their
data, so a non-nullable property is required on reads. A view's own ``filter`` replaces that default: a
node type, an ``or``, an ``in``... also list nodes with no data in the view's containers, which come back
without their required properties. Those are optional on reads (Python read classes, TypeScript read
interfaces) and stay required on writes; a ``hasData`` in the filter's top-level ``and`` keeps the
guarantee for its container (CogniteCore's 3D views).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from pygen_generator import generate_ir
from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.ir import PropertyIR, SdkIR, ViewIR
from pygen_generator.validation import GenerateOptions

from .models import SPACE, container_ref, mapped, model, text, view, view_ref, write

REPO = Path(__file__).resolve().parents[3]
BIOME = REPO / "node_modules" / ".bin" / "biome"
NODE_TYPE = {"equals": {"property": ["node", "type"], "value": {"space": SPACE, "externalId": "Pump"}}}
OTHER_TYPE = {"equals": {"property": ["node", "type"], "value": {"space": SPACE, "externalId": "Other"}}}
INT = {"type": "int32", "list": False}
LONG = "long_snake_case_identifier_that_needs_an_alias_and_some_more_room"


def _props() -> dict[str, Any]:
    return {
        "name": text(nullable=False),  # required on writes
        "count": mapped("C", "count", INT, nullable=False, defaultValue=1),  # CDF fills it
        "note": text("C", "note"),  # nullable
        "tag": text("D", "tag", nullable=False),  # another container
    }


def _ir(tmp_path: Path, *views: dict[str, Any]) -> SdkIR:
    return generate_ir(
        write(tmp_path / "m.json", model(*views)), options=GenerateOptions(package="loose_sdk")
    )


def _view(ir: SdkIR, xid: str) -> ViewIR:
    return next(v for v in ir.views if v.ref.external_id == xid)


def _prop(ir: SdkIR, xid: str, prop: str) -> PropertyIR:
    return next(p for p in _view(ir, xid).properties if p.id == prop)


def _filtered(filter_: dict[str, Any] | None, xid: str = "V", **kwargs: Any) -> dict[str, Any]:
    out = view(xid, _props(), **kwargs)
    out["filter"] = filter_
    return out


def _guaranteed(ir: SdkIR, xid: str = "V") -> dict[str, bool]:
    return {p.id: p.data_guaranteed for p in _view(ir, xid).properties}


def test_no_filter_guarantees_every_container(tmp_path: Path) -> None:
    ir = _ir(tmp_path, _filtered(None))
    assert _guaranteed(ir) == {"name": True, "count": True, "note": True, "tag": True}
    assert [p.id for p in _view(ir, "V").properties if p.read_nullable] == ["note"]


def test_has_data_beside_a_node_type_guarantees_its_container_only(tmp_path: Path) -> None:
    filter_ = {"and": [NODE_TYPE, {"hasData": [container_ref("C")]}]}
    ir = _ir(tmp_path, _filtered(filter_))
    assert _guaranteed(ir) == {"name": True, "count": True, "note": True, "tag": False}
    assert [p.id for p in _view(ir, "V").properties if p.read_nullable] == ["note", "tag"]


@pytest.mark.parametrize(
    "filter_",
    [
        pytest.param(NODE_TYPE, id="node type only"),
        pytest.param({"or": [{"hasData": [container_ref("C")]}, NODE_TYPE]}, id="or"),
        pytest.param(
            {"in": {"property": ["node", "type"], "values": [NODE_TYPE["equals"]["value"]]}}, id="in"
        ),
        pytest.param({"hasData": [container_ref("C"), container_ref("D")]}, id="hasData of several"),
        pytest.param({"matchAll": {}}, id="matchAll"),
    ],
)
def test_other_filters_guarantee_nothing(tmp_path: Path, filter_: dict[str, Any]) -> None:
    ir = _ir(tmp_path, _filtered(filter_))
    assert _guaranteed(ir) == {"name": False, "count": False, "note": False, "tag": False}
    assert all(p.read_nullable for p in _view(ir, "V").properties)
    # Writes are unchanged: what CDF needs on a write does not depend on what a list shows.
    assert _prop(ir, "V", "name").required_on_write
    assert not _prop(ir, "V", "name").nullable


def test_has_data_on_a_parent_view_guarantees_what_the_parent_guarantees(tmp_path: Path) -> None:
    parent = view("P", {"name": text(nullable=False)})
    child = view(
        "V", {"name": text(nullable=False), "tag": text("D", "tag", nullable=False)}, implements=["P"]
    )
    child["filter"] = {"and": [NODE_TYPE, {"hasData": [view_ref("P")]}]}
    ir = _ir(tmp_path, parent, child)
    assert _guaranteed(ir) == {"name": True, "tag": False}


def test_python_lines_keep_writes_required_and_make_reads_optional(tmp_path: Path) -> None:
    ir = _ir(tmp_path, _filtered(NODE_TYPE))
    name, count = _prop(ir, "V", "name").python, _prop(ir, "V", "count").python
    assert name is not None
    assert count is not None
    # <View>Properties (read and write share it) lets reads lack it; the write class narrows it back.
    assert (
        name.properties_line
        == "    name: str | None = None  # None on nodes the view filter lists without C data"
    )
    assert name.write_line == "    name: str"
    assert name.read_line is None
    # Filled by CDF on writes, yet absent on nodes the filter lists without data: optional everywhere.
    assert (count.properties_line, count.read_line, count.write_line) == (
        "    count: rt.Int32 | None = None",
        None,
        None,
    )


def _views_with_inheritance() -> list[dict[str, Any]]:
    """A parent without a filter (required on reads), a child whose node type filter does not guarantee
    the parent's container (optional on reads) and a grandchild without a filter (required again)."""
    props = {
        "name": text(nullable=False),
        "count": mapped("C", "count", INT, nullable=False, defaultValue=1),
        # an alias, and a declaration over several lines (mypy's ignore goes on the first)
        LONG: text("C", "long", nullable=False),
    }
    parent = view("Parent", props)
    child = view("Child", {**props, "extra": text("D", "extra")}, implements=["Parent"])
    child["filter"] = NODE_TYPE
    grandchild = view("Grand", {**props, "extra": text("D", "extra")}, implements=["Child"])
    loose = view("Loose", props)  # the filter on the root: inherited by nobody, read optional here only
    loose["filter"] = OTHER_TYPE
    tight = view("Tight", {**props, "more": text("E", "more")}, implements=["Loose"])
    return [parent, child, grandchild, loose, tight]


@pytest.fixture
def sdk(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    ir = _ir(tmp_path, *_views_with_inheritance())
    write_files(generate_files(ir), tmp_path / "out")
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        yield importlib.import_module("loose_sdk"), tmp_path / "out"
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == "loose_sdk" or m.startswith("loose_sdk.")]:
            del sys.modules[name]


def _raw(**properties: Any) -> dict[str, Any]:
    return {
        "space": "s",
        "external_id": "a",
        "version": 1,
        "created_time": 0,
        "last_updated_time": 0,
        **properties,
    }


@pytest.mark.parametrize(
    ("cls", "optional_on_read"),
    [("Parent", False), ("Child", True), ("Grand", False), ("Loose", True), ("Tight", False)],
)
def test_generated_read_classes_follow_their_own_filter(
    sdk: tuple[Any, Path], cls: str, optional_on_read: bool
) -> None:
    module, _ = sdk
    read_cls, write_cls = getattr(module, cls), getattr(module, f"{cls}Write")
    assert read_cls.model_fields["name"].is_required() is not optional_on_read
    assert read_cls.model_fields["count"].is_required() is not optional_on_read
    if optional_on_read:
        assert read_cls.model_validate(_raw()).name is None  # a node the filter lists without data
    else:
        with pytest.raises(pydantic.ValidationError):
            read_cls.model_validate(_raw())
    # Writes never change: name is required, count is filled by CDF.
    assert write_cls.model_fields["name"].is_required()
    assert not write_cls.model_fields["count"].is_required()
    with pytest.raises(pydantic.ValidationError):
        write_cls(space="s", external_id="a", **{LONG: "x"})
    assert read_cls.model_fields[LONG].is_required() is not optional_on_read


def test_generated_classes_pass_mypy_strict(sdk: tuple[Any, Path]) -> None:
    """The child's optional read type widens its parent's: declared with an ignore mypy must need."""
    _, out = sdk
    config = str(REPO / "pyproject.toml")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", config, "--no-incremental", "-p", "loose_sdk"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(out)},
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_typescript_read_interfaces_say_null(tmp_path: Path) -> None:
    files = render_typescript(_ir(tmp_path, *_views_with_inheritance()))
    child = files["src/child.ts"]
    assert (
        "export interface Child\n"
        "  extends Omit<\n"
        "    Read<typeof CHILD_VIEW>,\n"
        '    "name" | "count" | "longSnakeCaseIdentifierThatNeedsAnAliasAndSomeMoreRoom"\n'
        "  > {\n"
        "  /** Null on nodes the view filter lists without C data. */\n"
        '  readonly name: Read<typeof CHILD_VIEW>["name"] | null;\n'
    ) in child
    assert 'readonly count: Read<typeof CHILD_VIEW>["count"] | null;\n' in child
    # Inherited from Parent's spec, still `nullable: false` there: required on writes.
    assert 'name: { id: "name", type: "text", nullable: false },' in files["src/parent.ts"]
    for module, type_name in (("parent", "Parent"), ("grand", "Grand"), ("tight", "Tight")):
        assert f"export interface {type_name} extends Read<typeof " in files[f"src/{module}.ts"]
    assert "  extends Omit<\n    Read<typeof LOOSE_VIEW>,\n" in files["src/loose.ts"]
    if not BIOME.exists():
        pytest.skip(f"layout not checked: biome is not installed ({BIOME}); run `make install`")
    for path, content in files.items():
        (tmp_path / "ts" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "ts" / path).write_text(content, encoding="utf-8")
    done = subprocess.run(
        [str(BIOME), "check", f"--config-path={REPO}", "--vcs-enabled=false", str(tmp_path / "ts")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
