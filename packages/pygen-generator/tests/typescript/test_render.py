"""What the TypeScript backend writes besides the view modules, and how it treats special views."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pygen_generator._api import generate_ir
from pygen_generator.backends.typescript import render_typescript
from pygen_generator.backends.typescript._build import build_sdk
from pygen_generator.backends.typescript._input import PropertyIn, SdkIn, ViewIn, ViewKey
from pygen_generator.backends.typescript._types import INT64_NOTE, UnsupportedPropertyTypeError

from .. import models as m
from .conftest import EXAMPLE_MODEL, EXAMPLE_NPM_PACKAGE, example_model_data, render_example, render_file


def test_output_is_deterministic_and_lists_the_package_files() -> None:
    first, second = render_example(), render_example()
    assert first == second
    assert list(first) == sorted(first)
    assert {"package.json", "tsconfig.json", "src/index.ts", "src/_client.ts", "src/pump.ts"} <= set(first)


def test_package_json_is_an_esm_package_on_a_compatible_runtime_range() -> None:
    package = json.loads(render_example()["package.json"])
    assert package["name"] == EXAMPLE_NPM_PACKAGE
    assert package["version"] == "1"  # the model's version, as the Python package's
    assert package["type"] == "module"
    assert package["exports"]["."] == {"types": "./dist/index.d.ts", "import": "./dist/index.js"}
    assert package["dependencies"] == {"@pygen/runtime": "^0.1.0"}
    assert set(package["devDependencies"]) == {"typescript", "tsup"}
    assert package["scripts"]["build"].startswith("tsup ")


def test_tsconfig_has_the_runtime_strict_settings() -> None:
    options = json.loads(render_example()["tsconfig.json"])["compilerOptions"]
    for flag in ("strict", "noUncheckedIndexedAccess", "exactOptionalPropertyTypes", "verbatimModuleSyntax"):
        assert options[flag] is True, flag
    assert options["module"] == options["moduleResolution"] == "NodeNext"


def test_int64_fields_say_how_large_values_behave() -> None:
    equipment = render_example()["src/equipment.ts"]
    block = equipment.split("operatingHours: {")[0].rsplit("/**", 1)[1]
    assert "±2^53" in block
    assert INT64_NOTE.split(":")[0] in " ".join(line.strip(" *") for line in block.splitlines())


def test_the_client_exposes_every_view_and_checks_the_runtime_version() -> None:
    client = render_example()["src/_client.ts"]
    assert 'checkRuntimeVersion("1.0", "@pygen/example-sdk (pygen_example:ExampleModel/1)");' in client
    for getter, api in [("pump", "PumpAPI"), ("certification", "CertificationAPI")]:
        assert f"  get {getter}(): {api} {{\n    return this.view({api});\n  }}" in client


def test_a_non_writable_view_has_no_write_interface(tmp_path: Path) -> None:
    data = example_model_data()
    for view in data["views"]:
        if view["externalId"] == "Pump":
            view["writable"] = False
    model = tmp_path / "model.json"
    model.write_text(json.dumps(data))
    pump = render_file(model)["src/pump.ts"]
    assert "PumpWrite" not in pump
    assert "type Write" not in pump
    assert "extends ViewAPI<Pump, never, typeof PumpFields>" in pump


def _sdk(*properties: PropertyIn) -> SdkIn:
    key = ViewKey("s", "V", "1")
    view = ViewIn(key, "node", None, None, (), "V", "V_VIEW", "v", "v", True, properties)
    return SdkIn("v-sdk", "1.0.0", "VClient", "1.0", (key,), (view,))


def test_an_unknown_property_type_is_a_clear_error() -> None:
    prop = PropertyIn("p", "p", "vector", False, True, False, False)
    with pytest.raises(UnsupportedPropertyTypeError, match="'p' has type 'vector'"):
        build_sdk(_sdk(prop))


def test_an_sdk_without_views_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no views"):
        build_sdk(SdkIn("v-sdk", "1.0.0", "VClient", "1.0", (ViewKey("s", "M", "1"),), ()))


def test_client_properties_never_shadow_the_instance_client(tmp_path: Path) -> None:
    xids = ("Pump", "Edges", "Upsert", "EdgesView", "Client")
    ir = generate_ir([m.write(tmp_path / "m.json", m.model(*(m.view(x, {"name": m.text()}) for x in xids)))])
    getters = {v.ref.external_id: v.typescript.client_property for v in ir.views}
    assert getters == {
        "Client": "clientView",
        "Edges": "edgesView",
        "EdgesView": "edgesView2",
        "Pump": "pump",
        "Upsert": "upsertView",
    }
    client = render_typescript(ir)["src/_client.ts"]
    assert "get edgesView()" in client
    assert "get edges()" not in client


def test_type_names_never_shadow_typescript_globals(tmp_path: Path) -> None:
    names = ("Date", "Promise", "Map", "Array", "Error", "Object", "Pump")
    ir = generate_ir([m.write(tmp_path / "m.json", m.model(*(m.view(x, {"name": m.text()}) for x in names)))])
    types = {v.ref.external_id: v.typescript.type_name for v in ir.views}
    assert types == {name: name if name == "Pump" else f"{name}View" for name in names}
    assert {v.ref.external_id: v.python.classes[0].read for v in ir.views}[
        "Date"
    ] == "Date"  # Python keeps it
    assert {i.location for i in ir.issues if i.code == "typescript-type-name"} == {
        f"sp:{name}/1" for name in names if name != "Pump"
    }
    files = render_typescript(ir)
    assert "export interface DateView extends Read<typeof DATE_VIEW_VIEW> {}" in files["src/date.ts"]
    assert "interface Date " not in "".join(files.values())


def test_an_sdk_of_several_models_lists_them_all(tmp_path: Path) -> None:
    data = example_model_data()
    other = {
        **data,
        "externalId": "Other",
        "version": "2",
        "views": [v for v in data["views"] if v["externalId"] == "Operator"],
    }
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(data))
    second.write_text(json.dumps(other))
    client = render_typescript(generate_ir([first, second]))["src/_client.ts"]
    assert (
        'export const DATA_MODEL = { space: "pygen_example", externalId: "ExampleModel", version: "1" } as const;'
        in client
    )
    assert "export const DATA_MODELS = [" in client
    assert '{ space: "pygen_example", externalId: "Other", version: "2" },' in client


def test_connections_declare_edges_reverse_relations_and_direct_targets() -> None:
    files = render_typescript(generate_ir([EXAMPLE_MODEL]), connections=True)
    operator, equipment = files["src/operator.ts"], files["src/equipment.ts"]
    assert "      target: lazyView<FacilityAPI>(() => sdk.FACILITY_VIEW),\n" in operator  # managedFacility
    assert "      edgeView: lazyView<CertificationAPI>(() => sdk.CERTIFICATION_VIEW),\n" in operator
    assert 'import type { FacilityAPI } from "./facility.js";' in operator
    assert 'import * as sdk from "./index.js";' in operator
    assert "source: lazyView<FacilityAPI>(() => sdk.FACILITY_VIEW) }," in equipment
    # Another module's edge type is written out: view modules import only their parents' values.
    assert 'import type { OperatorAPI } from "./operator.js";' in equipment
    assert '      type: { space: "pygen_example", externalId: "certified" },\n' in equipment
    assert "      type: CERTIFIED,\n" in operator  # declared here
    assert "connections: {" not in files["src/pump.ts"]  # inherited from Equipment through `implements`
    assert "connections: {" in render_example()["src/operator.ts"]  # on by default, as in the golden example
    plain = render_typescript(generate_ir([EXAMPLE_MODEL]), connections=False)
    assert "connections: {" not in plain["src/operator.ts"]
    assert "lazyView" not in plain["src/equipment.ts"]
    assert "read with `client.edges(" in plain["src/operator.ts"]  # the header says how to read them instead
    assert "./index.js" not in plain["src/equipment.ts"]


def test_view_modules_value_import_only_their_parents_and_enums() -> None:
    """Views refer to each other in cycles; a value import of a non-parent view module would be
    evaluated eagerly inside such a cycle, so a child could see its parent's spec uninitialised
    (CogniteCore: `Cannot read properties of undefined (reading 'implements')`)."""
    for path, text in render_example().items():
        if not path.startswith("src/") or path in ("src/index.ts", "src/_client.ts"):
            continue
        implements = re.search(r"implements: \[([^\]]*)\]", text)
        parents = set(re.findall(r"\w+_VIEW", implements.group(1))) if implements else set()
        for names, module in re.findall(r'^import \{([^}]*)\} from "(\./[^"]+)";', text, re.M):
            values = {n.strip() for n in names.split(",") if n.strip() and not n.strip().startswith("type ")}
            # Values come only from a parent's module: its spec, and enums it declares.
            assert not values or values & parents, (path, module, values)
            assert {v for v in values if v.endswith("_VIEW")} <= parents, (path, module, values - parents)
