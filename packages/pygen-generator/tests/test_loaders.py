"""Loaders: corpus/API-response files, JSON and YAML, and Toolkit module folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pygen_generator.errors import InputError
from pygen_generator.loaders import load_file, load_path, load_toolkit_module, parse_model_id

from .conftest import CORPUS, CORPUS_REASON, EXAMPLE_MODEL, TOOLKIT


def test_corpus_file_loads_views_and_containers() -> None:
    [model] = load_file(EXAMPLE_MODEL)
    assert model.data_model.external_id == "ExampleModel"
    assert [v.external_id for v in model.views][:2] == ["Describable", "Equipment"]
    assert {c.external_id for c in model.containers} >= {"Describable", "Equipment"}


def test_api_response_and_yaml_give_the_same_model(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE_MODEL.read_text())
    containers = data.pop("containers")
    data.pop("_source")
    response = tmp_path / "response.yaml"
    response.write_text(yaml.safe_dump({"items": [data], "containers": containers}))
    [from_yaml] = load_file(response)
    [from_json] = load_file(EXAMPLE_MODEL)
    assert from_yaml.data_model.dump() == from_json.data_model.dump()
    assert len(from_yaml.containers) == len(from_json.containers)


@pytest.mark.skipif(not TOOLKIT.is_dir(), reason=CORPUS_REASON)
@pytest.mark.parametrize("model", ["APM_SourceData", "APM_Config"])
def test_toolkit_module_resolves_to_the_corpus_model(model: str) -> None:
    loaded = {m.data_model.external_id: m for m in load_toolkit_module(TOOLKIT / "cdf_apm_base")}
    [expected] = load_file(CORPUS / f"{model}.json")
    got = loaded[model]
    assert got.data_model.dump() == expected.data_model.dump()  # every view, property, type, connection

    def key(c: dict[str, object]) -> str:
        return str(c["externalId"])

    assert sorted((c.dump() for c in got.containers), key=key) == sorted(
        (c.dump() for c in expected.containers), key=key
    )


@pytest.mark.skipif(not TOOLKIT.is_dir(), reason=CORPUS_REASON)
def test_toolkit_variables_can_be_overridden() -> None:
    models = load_toolkit_module(TOOLKIT / "cdf_apm_base", {"apm_datamodel_space": "my_space"})
    source = next(m for m in models if m.data_model.external_id == "APM_SourceData")
    assert source.data_model.space == "my_space"
    assert {v.space for v in source.views} == {"my_space"}


def test_toolkit_missing_variable_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "m.datamodel.yaml").write_text(
        "space: {{ nowhere }}\nexternalId: M\nversion: '1'\nviews: []\n"
    )
    with pytest.raises(InputError, match=r"variable \{\{ nowhere \}\} has no value"):
        load_toolkit_module(tmp_path)


def test_toolkit_cyclic_implements(tmp_path: Path) -> None:
    (tmp_path / "m.datamodel.yaml").write_text(
        "space: s\nexternalId: M\nversion: '1'\nviews:\n- {type: view, space: s, externalId: A, version: '1'}\n"
    )
    for name, parent in (("A", "B"), ("B", "A")):
        (tmp_path / f"{name}.view.yaml").write_text(
            f"space: s\nexternalId: {name}\nversion: '1'\n"
            f"implements: [{{type: view, space: s, externalId: {parent}, version: '1'}}]\nproperties: {{}}\n"
        )
    with pytest.raises(InputError, match="cyclic implements: A/1 -> B/1 -> A/1"):
        load_toolkit_module(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "a data model must be an object"),
        ('{"space": "s"}', "the data model has no externalId, version, views"),
        (
            '{"space": "s", "externalId": "M", "version": "1", "views": [{"space": "s"}]}',
            "not a valid data model",
        ),
    ],
)
def test_malformed_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        load_path(path)
    assert "\n" not in str(info.value)


def test_model_ids() -> None:
    assert parse_model_id("sp:Model/2").version == "2"
    assert parse_model_id("sp:Model").version is None
    with pytest.raises(InputError, match="not a data model id"):
        parse_model_id("no-colon")
