"""Validation: each degradation is a warning with location and action; errors are one clear message."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pygen_generator import generate_ir
from pygen_generator.errors import InputError, ModelValidationError
from pygen_generator.ir import SdkIR
from pygen_generator.validation import GenerateOptions
from pygen_generator.validation._names import snake as snake_case

from .models import mapped, model, text, view, view_ref, write


def _ir(tmp_path: Path, data: dict[str, Any], **options: Any) -> SdkIR:
    return generate_ir(write(tmp_path / "m.json", data), options=GenerateOptions(**options))


def _codes(ir: SdkIR) -> dict[str, str]:
    return {issue.location: f"{issue.code}: {issue.action}" for issue in ir.issues}


def test_reverse_relation_with_missing_target_is_dropped(tmp_path: Path) -> None:
    reverse = {
        "connectionType": "multi_reverse_direct_relation",
        "source": view_ref("Gone"),
        "through": {"source": view_ref("Gone"), "identifier": "parent"},
    }
    ir = _ir(tmp_path, model(view("A", {"name": text(), "children": reverse})))
    assert _codes(ir) == {"sp:A/1.children": "reverse-target-missing: property dropped"}
    assert [p.id for p in ir.views[0].properties] == ["name"]


def test_reverse_relation_through_a_missing_property_is_dropped(tmp_path: Path) -> None:
    reverse = {
        "connectionType": "single_reverse_direct_relation",
        "source": view_ref("B"),
        "through": {"source": view_ref("B"), "identifier": "nothing"},
    }
    ir = _ir(tmp_path, model(view("A", {"back": reverse}), view("B", {"name": text()})))
    assert _codes(ir)["sp:A/1.back"] == "reverse-through-missing: property dropped"


def test_direct_relation_without_source_is_a_node_reference(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"link": mapped("C", "link", {"type": "direct", "list": False})})))
    assert _codes(ir) == {"sp:A/1.link": "direct-relation-without-source: typed as a plain node reference"}
    [prop] = ir.views[0].properties
    assert prop.direct_target is None
    assert prop.python is not None
    assert prop.python.annotation == "rt.DirectRelation | None"


@pytest.mark.parametrize(
    ("prop_id", "python", "typescript"),
    [
        ("type", "type_", "type_"),
        ("version", "version_", "version_"),
        ("properties", "properties_", "properties"),
        ("id", "id_", "id"),
        ("space", "space_", "space_"),
        ("date", "date_", "date"),
        ("json", "json_", "json"),
        ("model_config", "model_config_", "modelConfig"),
        ("schema", "schema_", "schema"),
        ("class", "class_", "class"),
        ("PascalCase", "pascal_case", "pascalCase"),
        ("dashed-id", "dashed_id", "dashedId"),
        ("3dModel", "field_3d_model", "field3dModel"),
    ],
)
def test_names_that_clash_get_safe_names_with_the_wire_id_kept(
    tmp_path: Path, prop_id: str, python: str, typescript: str
) -> None:
    ir = _ir(tmp_path, model(view("A", {prop_id: text(prop=prop_id)})))
    [prop] = ir.views[0].properties
    assert prop.id == prop_id
    assert prop.python is not None
    assert (prop.python.name, prop.typescript.name) == (python, typescript)
    assert prop.python.alias == prop_id
    assert any(issue.location == f"sp:A/1.{prop_id}" for issue in ir.issues)


def test_properties_that_map_to_the_same_name_stay_distinct(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"fooBar": text(prop="a"), "foo_bar": text(prop="b")})))
    names = [p.python.name for p in ir.views[0].properties if p.python]
    assert names == ["foo_bar", "foo_bar_"]


def test_two_properties_on_one_container_property_write_once(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"name": text(), "title": text()})))
    props = {p.id: p for p in ir.views[0].properties}
    assert not props["name"].read_only
    assert props["title"].read_only
    assert props["title"].python is not None
    assert props["title"].python.properties_line is None  # declared on the read class only
    assert "duplicate-container-property" in _codes(ir)["sp:A/1.title"]


def test_same_external_id_in_two_versions_gets_distinct_names(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"name": text()}), view("A", {"name": text()}, version="2")))
    assert sorted(v.python.classes[0].read for v in ir.views) == ["AV1", "AV2"]
    assert sorted(v.python.module for v in ir.views) == ["av_1", "av_2"]


def test_same_external_id_in_two_spaces_gets_distinct_names(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"name": text()}), view("A", {"name": text()}, space="other")))
    assert sorted(v.python.classes[0].read for v in ir.views) == ["OtherA", "SpA"]


def test_views_for_nodes_and_edges_get_both_classes(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("A", {"name": text()}, used_for="all")))
    assert [(c.instance_type, c.read, c.client_attribute) for c in ir.views[0].python.classes] == [
        ("node", "A", "a"),
        ("edge", "AEdge", "a_edge"),
    ]


def test_view_without_properties_and_not_writable(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("Empty", {}, writable=False)))
    [cls] = ir.views[0].python.classes
    assert cls.write is None
    assert "NoReturn" in cls.api_header
    assert _codes(ir) == {"sp:Empty/1": "not-writable: no write class is generated"}


def test_read_only_core_properties_are_left_out_of_writes(tmp_path: Path) -> None:
    path = mapped("CogniteAsset", "assetHierarchy_path", {"type": "direct", "list": True})
    path["container"]["space"] = "cdf_cdm"
    ir = _ir(tmp_path, model(view("Asset", {"path": path, "name": text()})))
    props = {p.id: p for p in ir.views[0].properties}
    assert props["path"].read_only
    assert props["path"].python is not None
    assert props["path"].python.properties_line is None
    assert props["path"].python.read_line is not None
    assert not props["name"].read_only


def test_diamond_implements_gives_a_valid_mro(tmp_path: Path) -> None:
    ir = _ir(
        tmp_path,
        model(
            view("Base", {"name": text()}),
            view("Left", {"name": text(), "l": text(prop="l")}, implements=["Base"]),
            view("Right", {"name": text(), "r": text(prop="r")}, implements=["Base"]),
            view(
                "Both",
                {"name": text(), "l": text(prop="l"), "r": text(prop="r")},
                implements=["Left", "Right", "Base"],
            ),
        ),
    )
    both = next(v for v in ir.views if v.ref.external_id == "Both")
    assert [p.external_id for p in both.implements] == ["Left", "Right"]  # Base is inherited through both
    assert both.python.classes[0].read_header == "class Both(Left, Right, BothProperties, view=VIEW_ID):"
    assert all(p.inherited for p in both.properties)


def test_cyclic_implements_is_one_clear_error(tmp_path: Path) -> None:
    data = model(view("A", {}, implements=["B"]), view("B", {}, implements=["A"]))
    with pytest.raises(InputError, match=r"cyclic implements: sp:A/1 -> sp:B/1 -> sp:A/1"):
        _ir(tmp_path, data)


def test_unknown_property_type_is_an_error(tmp_path: Path) -> None:
    data = model(view("A", {"x": mapped("C", "x", {"type": "quaternion"})}))
    with pytest.raises(InputError, match=r"sp:A/1\.x: unknown property type 'quaternion'"):
        _ir(tmp_path, data)


def test_strict_turns_warnings_into_an_error(tmp_path: Path) -> None:
    data = model(view("A", {"type": text(prop="type")}))
    with pytest.raises(ModelValidationError, match=r"\d warning\(s\) under --strict"):
        _ir(tmp_path, data, strict=True)


def test_exclude_views_and_spaces(tmp_path: Path) -> None:
    data = model(view("A", {"name": text()}), view("B", {"name": text()}), view("C", {}, space="other"))
    ir = _ir(tmp_path, data, exclude_views=("B",), exclude_spaces=("other",))
    assert [v.ref.external_id for v in ir.views] == ["A"]
    with pytest.raises(InputError, match="no view left"):
        _ir(tmp_path, data, exclude_spaces=("sp", "other"))


def test_class_names_never_shadow_imports_or_each_other(tmp_path: Path) -> None:
    ir = _ir(tmp_path, model(view("Field", {"name": text()}), view("A", {}), view("AWrite", {})))
    classes = sorted(v.python.classes[0].read for v in ir.views)
    assert classes == ["A", "AWriteView", "FieldView"]
    assert sorted(i.code for i in ir.issues) == ["class-name", "class-name"]


@pytest.mark.parametrize(
    ("xid", "package", "client"),
    [
        ("class", "class_", "ClassClient"),
        ("json", "json_", "JsonClient"),  # would shadow the standard library's json
        ("3dModel", "sdk_3d_model", "Sdk3dModelClient"),
        ("my-model", "my_model", "MyModelClient"),
    ],
)
def test_derived_package_and_client_names_are_importable(
    tmp_path: Path, xid: str, package: str, client: str
) -> None:
    ir = _ir(tmp_path, model(view("A", {"name": text()}), xid=xid))
    assert (ir.python.package, ir.python.client) == (package, client)
    warned = [i.action for i in ir.issues if i.code == "package-name"]
    assert warned == ([] if package == snake_case(xid) else [f"package {package} (pass --package to choose)"])


def test_a_derived_package_name_is_a_warning_under_strict(tmp_path: Path) -> None:
    with pytest.raises(ModelValidationError, match="cannot be imported safely"):
        _ir(tmp_path, model(view("A", {"name": text()}), xid="class"), strict=True)
    assert _ir(tmp_path, model(view("A", {"name": text()}), xid="class"), package="klass", strict=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"package": "../evil"}, "--package '../evil' is not an importable Python package name"),
        ({"package": "naïve"}, "is not an importable"),
        ({"client_name": "X(): pass\nimport os #"}, "is not a valid class name"),
        ({"client_name": "None"}, "is not a valid class name"),
        ({"npm_package": "Evil/../x"}, "is not a valid npm package name"),
        ({"npm_package": "x" * 215}, "is not a valid npm package name"),
    ],
)
def test_given_names_are_checked_in_validation(tmp_path: Path, options: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as info:
        _ir(tmp_path, model(view("A", {"name": text()})), **options)
    assert "\n" not in info.value.message


def test_valid_given_names_are_kept(tmp_path: Path) -> None:
    ir = _ir(
        tmp_path,
        model(view("A", {"name": text()})),
        package="acme_sdk",
        client_name="Acme",
        npm_package="@acme/sdk",
    )
    assert (ir.python.package, ir.python.client, ir.typescript.package) == ("acme_sdk", "Acme", "@acme/sdk")
    assert _ir(tmp_path, model(view("A", {"name": text()}))).typescript.package == "m"
