"""`usedFor: all` views get a node shape and an edge shape (the Python backend's `X` and `XEdge`
classes): a second view module `x-edge.ts` with `usedFor: "edge"`, implemented by the edge views that
implement the `all` view; node views and direct relations keep the node shape."""

from __future__ import annotations

from pathlib import Path

from pygen_generator._api import generate_ir
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.ir import TypeScriptViewIR
from pygen_generator.ir._typescript_view import _Names

from .. import models as m


def _render(tmp_path: Path, *extra: dict[str, object]) -> dict[str, str]:
    views = (
        m.view("Describable", {"name": m.text("Describable", "name")}, used_for="all"),
        m.view("Asset", {"code": m.text("Asset", "code")}, implements=["Describable"]),
        m.view("Link", {"weight": m.text("Link", "weight")}, implements=["Describable"], used_for="edge"),
        *extra,
    )
    return render_typescript(generate_ir([m.write(tmp_path / "m.json", m.model(*views))]))


def test_an_all_view_has_a_node_and_an_edge_shape(tmp_path: Path) -> None:
    files = _render(tmp_path)
    node, edge = files["src/describable.ts"], files["src/describable-edge.ts"]
    assert 'usedFor: "node",' in node
    assert "export const DESCRIBABLE_EDGE_VIEW = {" in edge
    assert 'view: { space: "sp", externalId: "Describable", version: "1" },\n  usedFor: "edge",' in edge
    assert "export interface DescribableEdgeWrite extends Write<typeof DESCRIBABLE_EDGE_VIEW> {}" in edge
    assert 'export * from "./describable-edge.js";' in files["src/index.ts"]
    client = files["src/_client.ts"]
    assert "get describable(): DescribableAPI {" in client
    assert "get describableEdge(): DescribableEdgeAPI {" in client


def test_edge_views_implement_the_edge_shape_and_node_views_the_node_shape(tmp_path: Path) -> None:
    files = _render(tmp_path)
    assert "implements: [DESCRIBABLE_EDGE_VIEW]," in files["src/link.ts"]
    assert 'import { DESCRIBABLE_EDGE_VIEW } from "./describable-edge.js";' in files["src/link.ts"]
    assert "implements: [DESCRIBABLE_VIEW]," in files["src/asset.ts"]


def test_a_view_named_like_the_edge_shape_is_renamed_by_validation(tmp_path: Path) -> None:
    """The shared naming step keeps `XEdge` for the edge shape (Python's edge class), as it does for Python."""
    files = _render(tmp_path, m.view("DescribableEdge", {"x": m.text("Other", "x")}))
    twin = files["src/describable-edge.ts"]
    assert 'externalId: "Describable", version: "1" },\n  usedFor: "edge",' in twin
    assert "export interface DescribableEdge extends Read<typeof DESCRIBABLE_EDGE_VIEW> {}" in twin
    assert 'externalId: "DescribableEdge"' in files["src/describable-edge-view.ts"]


def test_a_name_taken_anyway_gets_a_number() -> None:
    """Validation keeps `XEdge` free; should a name be taken all the same, the edge shape's gets a number."""
    names = _Names(
        [TypeScriptViewIR("a", "A", "a", "A_VIEW"), TypeScriptViewIR("a-edge", "AEdge", "aEdge", "X")]
    )
    assert names.unique("type", "AEdge") == "AEdge2"
    assert names.unique("module", "a-edge") == "a-edge2"
    assert names.unique("getter", "aEdge") == "aEdge2"
    assert names.unique("spec", "A_EDGE_VIEW") == "A_EDGE_VIEW"
    assert names.unique("spec", "A_EDGE_VIEW") == "A_EDGE2_VIEW"


def test_the_edge_shape_is_decided_in_the_ir(tmp_path: Path) -> None:
    views = (
        m.view("Describable", {"name": m.text("Describable", "name")}, used_for="all"),
        m.view("Link", {"weight": m.text("Link", "weight")}, implements=["Describable"], used_for="edge"),
    )
    ir = generate_ir([m.write(tmp_path / "m.json", m.model(*views))])
    describable = next(v for v in ir.views if v.ref.external_id == "Describable").typescript
    assert describable.edge_shape is not None
    shape = describable.edge_shape
    assert (shape.type_name, shape.view_const, shape.module, shape.client_property) == (
        "DescribableEdge",
        "DESCRIBABLE_EDGE_VIEW",
        "describable-edge",
        "describableEdge",
    )
    assert shape.header == "DescribableEdge (sp:Describable/1): an interface view, implemented by Link."
    assert describable.header == "Describable (sp:Describable/1)."
