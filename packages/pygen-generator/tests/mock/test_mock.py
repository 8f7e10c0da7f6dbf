"""pygen_generator.mock: valid, deterministic instances of every writable view, written and read back."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pygen_generator import generate_ir
from pygen_generator.cli import cli
from pygen_generator.ir import SdkIR
from pygen_generator.mock import (
    WORDS,
    delete_mock_data,
    differences,
    generate_mock_data,
    to_sdk_writes,
    write_mock_data,
)
from pygen_generator.validation import GenerateOptions

REPO = Path(__file__).resolve().parents[4]
MODEL = REPO / "examples" / "models" / "example.json"


@pytest.fixture(scope="module")
def ir() -> SdkIR:
    return generate_ir(MODEL, options=GenerateOptions(package="example_sdk", client_name="ExampleClient"))


@pytest.fixture(scope="module")
def sdk() -> Any:
    sys.path.insert(0, str(REPO / "examples" / "python"))
    import example_sdk

    return example_sdk


def _view(ir: SdkIR, xid: str) -> Any:
    return next(v for v in ir.views if v.ref.external_id == xid)


def test_same_seed_same_data_other_seed_other_data(ir: SdkIR) -> None:
    first = generate_mock_data(ir, 4, seed=7).dump()
    assert generate_mock_data(ir, 4, seed=7).dump() == first
    assert generate_mock_data(ir, 4, seed=8).dump() != first
    # Another view set keeps the instances of the views in both as they were.
    facility = _view(ir, "Describable").ref
    alone = generate_mock_data(ir, 4, seed=7, views=["Describable"]).of_view(facility)
    assert alone == generate_mock_data(ir, 4, seed=7).of_view(facility)


def test_count_nodes_per_writable_node_view_and_edges(ir: SdkIR) -> None:
    data = generate_mock_data(ir, 5, seed=1)
    node_views = {v.ref for v in ir.views if v.writable and v.used_for != "edge"}
    for ref in node_views:
        assert len([n for n in data.nodes if n.view == ref]) == 5, ref.label
    assert any("Certification" in reason for reason in data.skipped)
    certified = [e for e in data.edges if e.edge_type == ("pygen_example", "certified")]
    assert certified
    assert all(e.view == _view(ir, "Certification").ref and e.properties is not None for e in certified)
    assert len({e.id for e in data.edges}) == len(data.edges)


def test_every_property_type_gets_valid_values(ir: SdkIR) -> None:
    data = generate_mock_data(ir, 30, seed=3, list_size=(2, 4))
    equipment = _view(ir, "Equipment")
    props = {p.id: p for p in equipment.properties if p.kind == "mapped" and not p.read_only}
    node_ids = {n.external_id for n in data.nodes}
    seen: set[str] = set()
    for node in data.of_view(equipment.ref):
        for key, prop in props.items():
            if prop.required_on_write:
                assert node.properties.get(key) is not None, f"{key} is required"
            if key not in node.properties or node.properties[key] is None:
                continue
            seen.add(prop.type)
            values = node.properties[key] if prop.is_list else [node.properties[key]]
            if prop.is_list:
                assert 2 <= len(values) <= 4, key
            for value in values:
                _check(prop.type, value, prop, node_ids)
    assert seen >= {"text", "int32", "int64", "float32", "float64", "boolean", "timestamp", "date", "json"}
    assert seen >= {"direct", "enum", "timeseries"}


def _check(kind: str, value: Any, prop: Any, node_ids: set[str]) -> None:
    if kind == "text":
        assert isinstance(value, str)
        assert value.split()[0] in WORDS
    elif kind == "int32":
        assert isinstance(value, int)
        assert -(2**31) <= value < 2**31
    elif kind in ("float32", "float64"):
        assert isinstance(value, float)
    elif kind == "timestamp":
        assert datetime.fromisoformat(value).utcoffset() is not None
    elif kind == "date":
        date.fromisoformat(value)
    elif kind == "enum":
        assert value in {v.value for v in prop.enum.values}
    elif kind == "direct":
        assert value["externalId"] in node_ids, "a direct relation points at a mocked node"


def test_optional_properties_are_sometimes_absent_or_null_and_expect_the_default(ir: SdkIR) -> None:
    data = generate_mock_data(ir, 40, seed=5, null_rate=0.3)
    equipment = data.of_view(_view(ir, "Equipment").ref)
    assert any("priority" not in n.properties for n in equipment)
    assert any(n.properties.get("priority", 0) is None for n in equipment)
    for node in equipment:
        assert set(node.properties) <= set(node.expected)
        for key, value in node.properties.items():
            assert node.expected[key] == value


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1}, "count must be an integer >= 0"),
        ({"views": ["NoSuchView"]}, "no such view in the model: NoSuchView"),
        ({"list_size": (3, 1)}, "list_size must be"),
        ({"null_rate": 0.9}, "null_rate must be"),
        ({"space": ""}, "space must be"),
    ],
)
def test_bad_arguments_are_refused_clearly(ir: SdkIR, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_mock_data(ir, **kwargs)


def test_views_picks_views(ir: SdkIR) -> None:
    data = generate_mock_data(ir, 2, views=["Facility"])
    assert {n.view.external_id for n in data.nodes if n.view} == {"Facility"}
    assert data.edges == []


def _read_back(client: Any, ir: SdkIR, data: Any) -> list[str]:
    problems: list[str] = []
    for view in ir.views:
        mine = data.of_view(view.ref)
        if not mine:
            continue
        api = getattr(client, view.python.classes[0].client_attribute)
        found = {r.external_id: r for r in api.retrieve([i.id for i in mine])}
        names = {p.id: p.python.name for p in view.properties if p.python is not None}
        for instance in mine:
            read = found.get(instance.external_id)
            if read is None:
                problems.append(f"{view.ref.label} {instance.external_id}: not found")
                continue
            dumped = read.dump()
            actual = {key: dumped.get(names[key]) for key in instance.expected}
            problems += [
                f"{view.ref.label} {instance.external_id} {d}" for d in differences(instance.expected, actual)
            ]
    return problems


def test_plain_write_reads_back_through_the_sdk_then_delete(ir: SdkIR, sdk: Any, emulator: Any) -> None:
    from pygen_client import PygenClient

    emulator.load_model(MODEL)
    data = generate_mock_data(ir, 4, seed=11)
    with PygenClient(emulator.config) as raw, sdk.ExampleClient(emulator.config) as client:
        assert write_mock_data(raw, data) == len(data.instances)
        assert _read_back(client, ir, data) == []
        assert len(client.edges(type=("pygen_example", "supervisedBy"), limit=None)) == len(
            [e for e in data.edges if e.edge_type == ("pygen_example", "supervisedBy")]
        )
        delete_mock_data(raw, data)
        assert client.equipment.list(limit=None) == []


def test_sdk_write_objects_upsert_and_read_back(ir: SdkIR, sdk: Any, emulator: Any) -> None:
    from pygen_client import PygenClient

    emulator.load_model(MODEL)
    data = generate_mock_data(ir, 3, seed=12)
    with PygenClient(emulator.config) as raw:
        raw.post("/models/spaces", json={"items": [{"space": data.space}]})
    with sdk.ExampleClient(emulator.config) as client:
        writes = to_sdk_writes(data, sdk, ir)
        assert type(writes[0]).__module__.startswith("example_sdk")
        result = client.upsert(writes)
        assert len(result.items) == len(data.instances)
        assert _read_back(client, ir, data) == []


def test_cli_dry_run_prints_write_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli, ["mock", "--input", str(MODEL), "--count", "2", "--seed", "3", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines
    assert all(item["space"] == "pygen_mock" for item in lines)


def test_cli_writes_to_the_emulator_and_deletes(emulator: Any) -> None:
    from click.testing import CliRunner

    emulator.load_model(MODEL)
    target = ["--url", emulator.base_url, "--project", emulator.project, "--token", emulator.token]
    args = ["mock", "--input", str(MODEL), "--count", "3", *target]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "wrote 15 nodes" in result.output
    result = CliRunner().invoke(cli, [*args, "--delete"])
    assert result.exit_code == 0, result.output
    assert "deleted" in result.output


def test_cli_without_credentials_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from pygen_generator.cli import main

    for var in ("CDF_URL", "CDF_CLUSTER", "CDF_PROJECT", "CDF_TOKEN", "IDP_CLIENT_ID"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["mock", "--input", str(MODEL), "--count", "1"])
    assert exit_info.value.code == 2


def test_public_names_are_pinned() -> None:
    import pygen_generator.mock as mock

    assert mock.__all__ == [
        "DEFAULT_SPACE",
        "WORDS",
        "MockData",
        "MockInstance",
        "MockReads",
        "NodeId",
        "delete_mock_data",
        "differences",
        "generate_mock_data",
        "mock_value",
        "sdk_connections",
        "to_sdk_writes",
        "write_mock_data",
    ]


def test_differences_compares_instants_and_names_the_property() -> None:
    written = {"at": "2024-01-01T10:00:00.000+00:00", "n": 1, "gone": "x"}
    read = {"at": "2024-01-01T11:00:00.000+01:00", "n": 2}
    assert differences(written, read) == ["n: wrote 1, read 2", "gone: wrote 'x', read None"]


def test_cli_against_an_emulator_without_the_model_says_to_deploy_it(
    emulator: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from pygen_generator.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "mock",
                "--input",
                str(MODEL),
                "--count",
                "1",
                "--url",
                emulator.base_url,
                "--project",
                emulator.project,
            ]
        )
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "refused the mock data" in err
    assert "hint: deploy the model first" in err
