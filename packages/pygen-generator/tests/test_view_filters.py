"""View filters in the IR: what a write through the view needs for the view to show it (ir/_filters.py),
and the node type the generated write classes (Python) and specs (TypeScript) default to."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_generator import generate_ir
from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.ir import NodeTypeIR, PinnedValueIR, SdkIR, ViewIR
from pygen_generator.validation import GenerateOptions

from .models import SPACE, container_ref, mapped, model, text, view, view_ref, write

NODE_TYPE = {"property": ["node", "type"], "value": {"space": SPACE, "externalId": "Pump"}}
KIND = mapped("C", "kind", {"type": "text", "list": False})
SIZE = mapped("C", "size", {"type": "int32", "list": False})


def _ir(tmp_path: Path, *views: dict[str, Any]) -> SdkIR:
    return generate_ir(write(tmp_path / "m.json", model(*views)), options=GenerateOptions(package="filtered"))


def _view(ir: SdkIR, xid: str) -> ViewIR:
    return next(v for v in ir.views if v.ref.external_id == xid)


def _filtered(filter_: dict[str, Any] | None, **props: Any) -> dict[str, Any]:
    out = view("V", props or {"name": text(), "kind": KIND, "size": SIZE})
    out["filter"] = filter_
    return out


def test_no_filter_no_facts(tmp_path: Path) -> None:
    v = _view(_ir(tmp_path, _filtered(None)), "V")
    assert (v.filter, v.write_node_type) == (None, None)
    assert v.python.classes[0].write_type_line is None


def test_equals_on_node_type_pins_it(tmp_path: Path) -> None:
    v = _view(_ir(tmp_path, _filtered({"equals": NODE_TYPE})), "V")
    assert v.filter is not None
    assert v.filter.filter == {"equals": NODE_TYPE}
    assert v.filter.node_type == NodeTypeIR(SPACE, "Pump")
    assert v.filter.satisfiable
    assert v.write_node_type == NodeTypeIR(SPACE, "Pump")
    assert (
        v.python.classes[0].write_type_line
        == '    type: rt.DirectRelation | None = rt.InstanceId("sp", "Pump")'
    )


def test_in_pins_its_first_value_and_and_parts_combine(tmp_path: Path) -> None:
    types = [{"space": SPACE, "externalId": "A"}, {"space": SPACE, "externalId": "B"}]
    filter_ = {
        "and": [
            {"in": {"property": ["node", "type"], "values": types}},
            {"and": [{"hasData": [container_ref("C")]}, {"matchAll": {}}]},
            {"equals": {"property": [SPACE, "C", "kind"], "value": "big"}},
            {"in": {"property": [SPACE, "V/1", "size"], "values": [3, 4]}},
        ]
    }
    v = _view(_ir(tmp_path, _filtered(filter_)), "V")
    assert v.filter is not None
    assert v.filter.node_type == NodeTypeIR(SPACE, "A")
    assert v.filter.values == (PinnedValueIR("kind", "big"), PinnedValueIR("size", 3))
    assert v.filter.unsatisfied == ()


@pytest.mark.parametrize(
    ("filter_", "reason"),
    [
        ({"not": {"equals": NODE_TYPE}}, "'not' is not solved"),
        ({"or": [{"equals": NODE_TYPE}]}, "'or' is not solved"),
        ({"range": {"property": [SPACE, "C", "size"], "gt": 3}}, "'range' is not solved"),
        ({"equals": {"property": [SPACE, "Other", "kind"], "value": "x"}}, "does not map"),
        ({"equals": {"property": [SPACE, "W/1", "kind"], "value": "x"}}, "does not map"),
        ({"hasData": [container_ref("Other")]}, "maps no property of container sp:Other"),
        ({"hasData": [view_ref("W")]}, "neither is nor implements"),
        ({"equals": {"property": ["node", "externalId"], "value": "x"}}, "does not map"),
        ({"equals": {"property": ["node", "type"], "value": "Pump"}}, "not {space, externalId}"),
        (
            {
                "and": [
                    {"equals": {"property": [SPACE, "C", "kind"], "value": "a"}},
                    {"equals": {"property": [SPACE, "C", "kind"], "value": "b"}},
                ]
            },
            "conflicts with kind = 'a'",
        ),
    ],
)
def test_what_it_cannot_meet_is_recorded_with_the_reason(
    tmp_path: Path, filter_: dict[str, Any], reason: str
) -> None:
    v = _view(_ir(tmp_path, _filtered(filter_)), "V")
    assert v.filter is not None
    assert not v.filter.satisfiable
    assert len(v.filter.unsatisfied) == 1
    assert reason in v.filter.unsatisfied[0]


def test_a_node_type_next_to_an_unmet_part_is_still_the_write_default(tmp_path: Path) -> None:
    filter_ = {"and": [{"equals": NODE_TYPE}, {"range": {"property": [SPACE, "C", "size"], "gt": 3}}]}
    v = _view(_ir(tmp_path, _filtered(filter_)), "V")
    assert v.filter is not None
    assert not v.filter.satisfiable
    assert v.write_node_type == NodeTypeIR(SPACE, "Pump")


def test_only_writable_node_views_get_a_write_default(tmp_path: Path) -> None:
    read_only = view("R", {"name": text()}, writable=False)
    edge = view("E", {"name": text("EC")}, used_for="edge")
    for v in (read_only, edge):
        v["filter"] = {"equals": NODE_TYPE}
    ir = _ir(tmp_path, read_only, edge)
    for xid in ("R", "E"):
        assert _view(ir, xid).filter is not None
        assert _view(ir, xid).write_node_type is None
        assert all(c.write_type_line is None for c in _view(ir, xid).python.classes)


def test_a_child_without_the_filter_undoes_its_parents_default(tmp_path: Path) -> None:
    parent = _filtered({"equals": NODE_TYPE}, name=text())
    child = view("Child", {"name": text(), "extra": text("D", "extra")}, implements=["V"])
    ir = _ir(tmp_path, parent, child)
    assert _view(ir, "Child").write_node_type is None
    line = _view(ir, "Child").python.classes[0].write_type_line
    assert line is not None
    assert line.startswith("    type: rt.DirectRelation | None = None")


@pytest.fixture
def sdk(tmp_path: Path) -> Any:
    parent = _filtered({"equals": NODE_TYPE}, name=text())
    child = view("Child", {"name": text(), "extra": text("D", "extra")}, implements=["V"])
    ir = _ir(tmp_path, parent, child)
    write_files(generate_files(ir), tmp_path / "out")
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        yield importlib.import_module("filtered")
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == "filtered" or m.startswith("filtered.")]:
            del sys.modules[name]


def test_python_write_classes_send_the_node_type_unless_given_another(sdk: Any) -> None:
    assert sdk.VWrite(space="s", external_id="a", name="n").dump()["type"] == {
        "space": SPACE,
        "externalId": "Pump",
    }
    other = sdk.VWrite(space="s", external_id="a", type=("x", "Other")).dump()
    assert other["type"] == {"space": "x", "externalId": "Other"}
    assert sdk.VWrite(space="s", external_id="a", type=None).dump()["type"] is None
    assert "type" not in sdk.ChildWrite(space="s", external_id="a").dump()


def test_typescript_specs_carry_the_node_type(tmp_path: Path) -> None:
    parent = _filtered({"equals": NODE_TYPE}, name=text())
    child = view("Child", {"name": text(), "extra": text("D", "extra")}, implements=["V"])
    files = render_typescript(_ir(tmp_path, parent, child))
    assert '  nodeType: { space: "sp", externalId: "Pump" },\n' in files["src/v.ts"]
    assert "nodeType" not in files["src/child.ts"]  # a filter is the view's own: not inherited


def test_an_in_prefers_a_node_type_no_other_view_asks_for(tmp_path: Path) -> None:
    """A node of a type another view asks for with `equals` shows there without that view's data
    (OmniMultiB: SubInterface's `in` [Implementation1, Implementation2] beside Implementation1's `equals`)."""
    types = [{"space": SPACE, "externalId": "A"}, {"space": SPACE, "externalId": "B"}]
    either = _filtered({"in": {"property": ["node", "type"], "values": types}})
    only_a = view("OnlyA", {"name": text()})
    only_a["filter"] = {"equals": {"property": ["node", "type"], "value": types[0]}}
    assert _view(_ir(tmp_path, either, only_a), "V").write_node_type == NodeTypeIR(SPACE, "B")
    only_b = view("OnlyB", {"name": text()})
    only_b["filter"] = {"equals": {"property": ["node", "type"], "value": types[1]}}
    # Every value is claimed: the first.
    assert _view(_ir(tmp_path, either, only_a, only_b), "V").write_node_type == NodeTypeIR(SPACE, "A")


def test_the_edge_shape_of_a_node_and_edge_view_gets_no_node_type(tmp_path: Path) -> None:
    both = view("Both", {"name": text()}, used_for="all")
    both["filter"] = {"equals": NODE_TYPE}
    ir = _ir(tmp_path, both)
    node_class, edge_class = sorted(_view(ir, "Both").python.classes, key=lambda c: c.instance_type != "node")
    assert node_class.write_type_line is not None
    assert edge_class.write_type_line is None
    files = render_typescript(ir)
    assert "nodeType" in files["src/both.ts"]
    assert "nodeType" not in files["src/both-edge.ts"]
