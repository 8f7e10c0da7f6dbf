"""Mock data meets the view filters the IR solved (node type, pinned values), and ``MockReads`` says
which nodes a filtered view shows, on the emulator too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygen_generator import generate_ir
from pygen_generator.ir import SdkIR
from pygen_generator.mock import MockReads, generate_mock_data, write_mock_data

from ..models import SPACE, mapped, model, text, view, write

KIND = mapped("C", "kind", {"type": "text", "list": False})
TYPE_A = {"space": SPACE, "externalId": "A"}


def _model(tmp_path: Path) -> SdkIR:
    typed = view("Typed", {"name": text()})
    typed["filter"] = {"equals": {"property": ["node", "type"], "value": TYPE_A}}
    kinds = view("Big", {"name": text(), "kind": KIND})
    kinds["filter"] = {"equals": {"property": [SPACE, "C", "kind"], "value": "big"}}
    unmet = view("Unmet", {"name": text(), "kind": KIND})
    unmet["filter"] = {"not": {"equals": {"property": [SPACE, "C", "kind"], "value": "big"}}}
    plain = view("Plain", {"name": text(), "kind": KIND})
    return generate_ir(write(tmp_path / "m.json", model(typed, kinds, unmet, plain)))


def test_nodes_get_the_node_type_and_values_their_view_filter_pins(tmp_path: Path) -> None:
    ir = _model(tmp_path)
    data = generate_mock_data(ir, 3, seed=1, null_rate=0.5)
    views = {v.ref.external_id: v.ref for v in ir.views}
    for node in data.of_view(views["Typed"]):
        assert node.node_type == (SPACE, "A")
        assert node.dump()["type"] == TYPE_A
    for node in data.of_view(views["Big"]):
        assert node.node_type is None
        assert "type" not in node.dump()
        assert node.properties["kind"] == node.expected["kind"] == "big"
    assert all(n.properties.get("kind") != "big" for n in data.of_view(views["Plain"]))


def test_mock_reads_follow_the_view_filters(tmp_path: Path) -> None:
    ir = _model(tmp_path)
    data = generate_mock_data(ir, 2, seed=1)
    reads = MockReads(ir, data)
    views = {v.ref.external_id: v.ref for v in ir.views}
    big = data.of_view(views["Big"])[0].id
    plain = data.of_view(views["Plain"])[0].id
    typed = data.of_view(views["Typed"])[0].id
    assert reads.shows(views["Big"], big)
    assert not reads.shows(views["Big"], plain)  # same container, but not kind = big
    assert reads.shows(views["Plain"], big)  # no filter: data in its containers
    assert reads.shows(views["Typed"], typed)
    assert not reads.shows(views["Typed"], plain)
    assert not reads.decides(views["Unmet"])
    assert reads.decides(views["Big"])


def test_the_emulator_lists_them_through_their_filtered_views(tmp_path: Path, emulator: Any) -> None:
    """What ``MockReads.shows`` says is what the emulator lists through each view it decides."""
    from pygen_client import PygenClient

    ir = _model(tmp_path)
    deployable = json.loads((tmp_path / "m.json").read_text())
    text_type = {"type": "text", "list": False, "collation": "ucs_basic"}
    deployable["containers"] = [
        {
            "space": SPACE,
            "externalId": "C",
            "usedFor": "node",
            "properties": {name: {"type": text_type, "nullable": True} for name in ("name", "kind")},
        }
    ]
    emulator.load_model(deployable)
    data = generate_mock_data(ir, 2, seed=1, space="mock_filters")
    reads = MockReads(ir, data)
    with PygenClient(emulator.config) as client:
        write_mock_data(client, data)
        for v in ir.views:
            if not reads.decides(v.ref):
                continue
            source = {"type": "view", **{k: getattr(v.ref, k) for k in ("space", "version")}}
            source["externalId"] = v.ref.external_id
            body = {"instanceType": "node", "sources": [{"source": source}], "limit": 1000}
            items = client.post("/models/instances/list", json=body).json()["items"]
            listed = {(i["space"], i["externalId"]) for i in items}
            assert listed == {n.id for n in data.nodes if reads.shows(v.ref, n.id)}, v.ref.external_id
            assert {n.id for n in data.of_view(v.ref)} <= listed, v.ref.external_id
