"""Every model of the shared corpus generates an SDK that lints, type-checks, imports and runs.

The corpus (``../shared/models``: 20 public CDF data models) is optional: without it these tests skip.
For speed, all SDKs are generated once into one folder; ruff runs once and ``mypy --strict`` runs once
over all of them together; each SDK is then deployed to the emulator and every view API lists one item.
"""

from __future__ import annotations

import collections
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_generator import generate_ir
from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.ir import SdkIR

from .conftest import CORPUS, CORPUS_REASON, corpus_files

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_REASON)

# The warnings each model is expected to produce (by code); anything else fails the test.
EXPECTED_WARNINGS: dict[str, dict[str, int]] = {
    "APM_Config": {},
    "APM_SourceData": {"python-name": 4, "typescript-name": 2},
    "ApmSimple": {"not-writable": 1},
    "CogPool": {"not-writable": 1, "python-name": 1},
    "CogniteCore": {"python-name": 11, "typescript-name": 5},
    "EquipmentUnit": {"python-name": 3, "typescript-name": 3},
    "Movie": {},
    "MovieActors": {},
    "Omni": {"direct-relation-without-source": 2, "not-writable": 2, "python-name": 10},
    "OmniMultiA": {},
    "OmniMultiB": {},
    "OmniMultiC": {},
    "OmniSub": {"not-writable": 1, "python-name": 1},
    "OmniumConnection": {"not-writable": 2, "typescript-type-name": 1},  # a view called Object
    "Pumps": {},
    "PygenPool": {"not-writable": 1, "python-name": 1},
    "SHOP_Model": {},
    "ScenarioInstance": {},
    "WindTurbine": {"direct-relation-without-source": 1, "python-name": 1, "typescript-name": 1},
    "Windmill": {},
    # Three models in one SDK: the same view externalIds in several versions get distinct class names.
    "OmniMulti": {"view-name-clash": 2},
}
MULTI = ("OmniMultiA", "OmniMultiB", "OmniMultiC")
SYSTEM_SPACES = ("cdf_cdm", "cdf_cdm_3d", "cdf_cdm_units")  # built into the emulator, read only
NAMES = sorted(EXPECTED_WARNINGS)


def _inputs(name: str) -> list[Path]:
    return [CORPUS / f"{m}.json" for m in MULTI] if name == "OmniMulti" else [CORPUS / f"{name}.json"]


def _package(name: str) -> str:
    return f"corpus_{name.lower()}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, SdkIR]]:
    """All corpus SDKs, generated into one folder (one project folder per model)."""
    from pygen_generator.validation import GenerateOptions

    root = tmp_path_factory.mktemp("corpus")
    irs: dict[str, SdkIR] = {}
    for name in NAMES:
        ir = generate_ir(_inputs(name), options=GenerateOptions(package=_package(name)))
        write_files(generate_files(ir), root / name)
        irs[name] = ir
    return root, irs


def test_corpus_is_complete() -> None:
    assert {p.stem for p in corpus_files()} == set(NAMES) - {"OmniMulti"}


@pytest.mark.parametrize("name", NAMES)
def test_only_expected_warnings(generated: tuple[Path, dict[str, SdkIR]], name: str) -> None:
    _, irs = generated
    found = collections.Counter(issue.code for issue in irs[name].issues)
    assert dict(found) == EXPECTED_WARNINGS[name], [str(i) for i in irs[name].issues]


def _tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_check_and_format(generated: tuple[Path, dict[str, SdkIR]]) -> None:
    root, _ = generated
    # Each generated project carries its ruff settings in its pyproject.toml.
    check = _tool("ruff", "check", ".", cwd=root)
    assert check.returncode == 0, check.stdout[-3000:]
    formatted = _tool("ruff", "format", "--check", ".", cwd=root)
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_mypy_strict_over_all_sdks(generated: tuple[Path, dict[str, SdkIR]]) -> None:
    root, _ = generated
    config = Path(__file__).resolve().parents[3] / "pyproject.toml"
    packages = [arg for name in NAMES for arg in ("-p", _package(name))]
    env_path = ":".join(str(root / name) for name in NAMES)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental", *packages],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "MYPYPATH": env_path},
    )
    assert done.returncode == 0, done.stdout[-5000:]


def _deployable(path: Path) -> dict[str, Any]:
    """The model without what lives in the emulator's built-in, read-only CogniteCore spaces."""
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if model["space"] in SYSTEM_SPACES:
        model["views"] = []
    for key in ("views", "containers"):
        model[key] = [item for item in model.get(key) or [] if item["space"] not in SYSTEM_SPACES]
    return model


def _import(root: Path, name: str) -> Any:
    sys.path.insert(0, str(root / name))
    try:
        return importlib.import_module(_package(name))
    finally:
        sys.path.remove(str(root / name))


@pytest.mark.parametrize("name", NAMES)
def test_deploy_import_and_list_every_view(
    generated: tuple[Path, dict[str, SdkIR]], name: str, emulator: Any
) -> None:
    root, irs = generated
    for path in _inputs(name):
        model = _deployable(path)
        if model["views"]:
            emulator.load_model(model)
    sdk = _import(root, name)
    ir = irs[name]
    with getattr(sdk, ir.python.client)(emulator.config) as client:
        for view in ir.views:
            for cls in view.python.classes:
                items = getattr(client, cls.client_attribute).list(limit=1)
                assert len(items) == 0, f"{view.ref.label}: the emulator holds no instances yet"
