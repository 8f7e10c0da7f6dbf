"""Hostile input: malformed bodies and names get a 422 naming the field; names from the model cannot
escape the output folder or inject code; no client input gets a 5xx."""

from __future__ import annotations

import copy
import importlib
import io
import json
import sys
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_generator.backends import LANGUAGES

from .conftest import Serve

PWN = '"""\nimport os; open("PWNED", "w")\n"""'


def _field_error(response: Any, loc: list[Any]) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    details = response.json()["detail"]
    matching = [d for d in details if d["loc"] == loc]
    assert matching, f"no error at {loc}: {details}"
    assert "input" not in matching[0]  # the body is never echoed back
    return dict(matching[0])


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"model": "a string"}, ["body", "model"]),
        ({"model": [1, 2]}, ["body", "model"]),
        ({"model": {}, "language": "cobol"}, ["body", "language"]),
        ({"model": {}, "format": "tar"}, ["body", "format"]),
        ({"model": {}, "package": 5}, ["body", "package"]),
        ({"model": {}, "package": "../evil"}, ["body", "package"]),
        ({"model": {}, "package": "a/b"}, ["body", "package"]),
        ({"model": {}, "package": "class"}, ["body", "package"]),
        ({"model": {}, "package": "Évil"}, ["body", "package"]),
        ({"model": {}, "package": "x\n"}, ["body", "package"]),
        ({"model": {}, "client_name": "X(): pass\nimport os"}, ["body", "client_name"]),
        ({"model": {}, "client_name": "{{ 7*7 }}"}, ["body", "client_name"]),
        ({"model": {}, "default_instance_space": "a b"}, ["body", "default_instance_space"]),
        ({"model": {}, "exclude_spaces": ["../x"]}, ["body", "exclude_spaces", 0]),
        ({"model": {}, "exclude_views": ["a\nb"]}, ["body", "exclude_views", 0]),
        ({"model": {}, "strict": {"no": 1}}, ["body", "strict"]),
        ({"model": {}, "unknown": 1}, ["body", "unknown"]),
        ({"model_id": "no id"}, ["body", "model_id"]),
        ({"model_id": "sp:x/1/../../y"}, ["body", "model_id"]),
        ({}, ["body", "model"]),
        ({"model": {}, "model_id": "sp:M/1"}, ["body", "model"]),
    ],
)
def test_bad_bodies_name_the_field(client: TestClient, body: dict[str, Any], loc: list[Any]) -> None:
    for path in ("/generate", "/validate"):
        _field_error(client.post(path, json=body), loc)


@pytest.mark.parametrize("raw", [b"", b"{", b"null", b"[]", b'"model"', b"{'model': 1}", b"\xff\xfe"])
def test_malformed_json_is_422(client: TestClient, raw: bytes) -> None:
    response = client.post("/generate", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_deeply_nested_json_is_a_client_error(client: TestClient) -> None:
    raw = b'{"model": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/generate", content=raw, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500


def test_a_model_that_is_not_a_data_model_is_422(client: TestClient, example: dict[str, Any]) -> None:
    error = _field_error(client.post("/generate", json={"model": {"space": "sp"}}), ["body", "model"])
    assert "the data model has no externalId, version, views" in error["msg"]
    assert error["hint"]
    bad_type = copy.deepcopy(example)
    first = bad_type["views"][0]
    prop = next(iter(first["properties"].values()))
    prop["type"] = {"type": "hologram"}
    _field_error(client.post("/generate", json={"model": bad_type}), ["body", "model"])
    _field_error(client.post("/generate", json={"model": {"items": []}}), ["body", "model"])


def test_model_id_needs_a_server_with_cdf(client: TestClient, serve: Serve) -> None:
    error = _field_error(client.post("/generate", json={"model_id": "sp:M/1"}), ["body", "model_id"])
    assert "disabled" in error["msg"]
    with serve(cdf_url="http://127.0.0.1:9") as cdf_client:
        _field_error(cdf_client.post("/generate", json={"model_id": "sp:M/1"}), ["header", "x-cdf-token"])
        _field_error(
            cdf_client.post("/generate", json={"model_id": "sp:M/1"}, headers={"x-cdf-token": "t"}),
            ["header", "x-cdf-project"],
        )
        _field_error(
            cdf_client.post(
                "/generate",
                json={"model_id": "sp:M/1"},
                headers={"x-cdf-token": "t", "x-cdf-project": "../admin"},
            ),
            ["header", "x-cdf-project"],
        )


def test_languages_not_served_are_422(client: TestClient, example: dict[str, Any]) -> None:
    response = client.post("/generate", json={"model": example, "language": "typescript", "format": "json"})
    if "typescript" in LANGUAGES:
        assert response.status_code == 200
        assert "package.json" in response.json()["files"]
    else:
        assert "does not generate typescript" in _field_error(response, ["body", "language"])["msg"]


def _hostile(example: dict[str, Any], view_xid: str) -> dict[str, Any]:
    data = copy.deepcopy(example)
    data["externalId"] = "Hostile"
    view = data["views"][1]
    view["externalId"] = view_xid
    view["description"] = PWN + " {{ 7*7 }} {% for x in range(3) %}X{% endfor %} \u202e"
    prop = next(iter(view["properties"].values()))
    prop["description"] = PWN
    prop["name"] = "{{ 7*7 }}'\"\n"
    return data


@pytest.mark.parametrize(
    "view_xid", ["../../evil", "/etc/passwd", "a\\b", "𝔘nicode", "x\u202ey", "__init__", "_client"]
)
def test_hostile_names_stay_inside_the_package(
    client: TestClient,
    example: dict[str, Any],
    view_xid: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    response = client.post("/generate", json={"model": _hostile(example, view_xid)})
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():
        parts = PurePosixPath(name).parts
        assert parts[0] in ("hostile", "pyproject.toml", "README.md"), name
        assert ".." not in parts
        assert "\\" not in name
        assert name.isprintable()
    texts = {name: archive.read(name).decode() for name in archive.namelist()}
    for name, text in texts.items():
        if name.endswith(".py"):
            compile(text, name, "exec")
    assert any("{{ 7*7 }}" in text for text in texts.values())  # kept as text, never rendered
    archive.extractall(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = importlib.import_module("hostile")
        for submodule in [n[len("hostile/") : -3] for n in texts if n.endswith(".py") and "__" not in n]:
            importlib.import_module(f"hostile.{submodule}")
        assert module.__name__ == "hostile"
    finally:
        for name in [m for m in sys.modules if m == "hostile" or m.startswith("hostile.")]:
            del sys.modules[name]
    assert not (tmp_path / "PWNED").exists()


def test_a_model_named_like_a_keyword_gets_a_safe_package(
    client: TestClient, example: dict[str, Any]
) -> None:
    # The generator's validation step renames a keyword package (``class`` -> ``class_``) with a warning.
    keyword_model = {**example, "externalId": "class"}
    answer = client.post("/generate", json={"model": keyword_model, "format": "json"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert any(path.startswith("class_/") for path in body["files"])
    assert any("class_" in str(warning) for warning in body["warnings"])
    renamed = client.post("/generate", json={"model": keyword_model, "package": "klass"})
    assert renamed.status_code == 200


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_fields = st.sampled_from(
    [
        "model",
        "model_id",
        "language",
        "package",
        "client_name",
        "format",
        "project",
        "strict",
        "exclude_views",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(_fields, _json, max_size=5), path=st.sampled_from(["/generate", "/validate"]))
def test_no_client_input_gets_a_5xx(client: TestClient, body: dict[str, Any], path: str) -> None:
    response = client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    assert response.status_code < 500, (body, response.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(model=st.fixed_dictionaries({"space": _json, "externalId": _json, "version": _json, "views": _json}))
def test_no_model_gets_a_5xx(client: TestClient, model: dict[str, Any]) -> None:
    response = client.post("/generate", json={"model": model})
    assert response.status_code < 500, (model, response.text)
