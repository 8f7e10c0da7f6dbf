"""The release workflow parses, builds with `make dist`, and publishes only a tagged package whose version
matches its tag (publishing itself cannot run here: its selection step is run against a copy of the
repository's package manifests instead)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
PYTHON_PACKAGES = sorted(p.parent.name for p in (REPO / "packages").glob("*/pyproject.toml"))
TS_RUNTIME = REPO / "packages" / "pygen-ts-runtime"


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(loaded, dict)
    return loaded


def _version(package: str) -> str:
    if package == "pygen-runtime-ts":
        return str(json.loads((TS_RUNTIME / "package.json").read_text())["version"])
    for line in (REPO / "packages" / package / "pyproject.toml").read_text().splitlines():
        if line.startswith("version = "):
            return line.split('"')[1]
    raise AssertionError(f"{package} declares no version")


def test_every_package_has_a_release_tag_and_the_build_is_make_dist() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as the boolean true
    assert set(triggers) == {"push"}
    tags = triggers["push"]["tags"]
    assert sorted(tags) == sorted(f"{name}-v*" for name in [*PYTHON_PACKAGES, "pygen-runtime-ts"])
    build_steps = [step.get("run") for step in workflow["jobs"]["build"]["steps"]]
    assert "make dist" in build_steps
    assert workflow["permissions"] == {"contents": "read"}


def test_pypi_uses_trusted_publishing_and_npm_provenance() -> None:
    jobs = _workflow()["jobs"]
    pypi, npm = jobs["pypi"], jobs["npm"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert [s.get("uses") for s in pypi["steps"]][-1] == "pypa/gh-action-pypi-publish@release/v1"
    assert all("password" not in (s.get("with") or {}) for s in pypi["steps"]), "trusted publishing: no token"
    assert npm["permissions"] == {"id-token": "write"}  # provenance is signed with the OIDC token
    publish = next(s["run"] for s in npm["steps"] if "npm publish" in s.get("run", ""))
    assert "--provenance" in publish
    assert (pypi["needs"], npm["needs"]) == ("build", "build")


def _select_step() -> str:
    step = next(s for s in _workflow()["jobs"]["build"]["steps"] if s.get("id") == "select")
    return str(step["run"])


def _run_select(tmp_path: Path, tag: str) -> subprocess.CompletedProcess[str]:
    """The selection step in a folder holding the repository's manifests and a fake `make dist` output."""
    for package in PYTHON_PACKAGES:
        target = tmp_path / "packages" / package
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "packages" / package / "pyproject.toml", target)
        stem = f"dist/python/{package.replace('-', '_')}-{_version(package)}"
        for suffix in ("-py3-none-any.whl", ".tar.gz"):
            (tmp_path / f"{stem}{suffix}").parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / f"{stem}{suffix}").write_text("artifact")
    (tmp_path / "packages" / "pygen-ts-runtime").mkdir(parents=True, exist_ok=True)
    shutil.copy(TS_RUNTIME / "package.json", tmp_path / "packages" / "pygen-ts-runtime")
    (tmp_path / "dist" / "npm").mkdir(parents=True, exist_ok=True)
    (tmp_path / "dist" / "npm" / f"pygen-runtime-{_version('pygen-runtime-ts')}.tgz").write_text("artifact")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "TAG": tag, "GITHUB_OUTPUT": str(output)}
    return subprocess.run(
        ["bash", "-c", _select_step()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("package", [*PYTHON_PACKAGES, "pygen-runtime-ts"])
def test_a_tag_selects_exactly_its_package(tmp_path: Path, package: str) -> None:
    if package == "pygen-runtime-ts" and shutil.which("node") is None:
        pytest.fail("node is needed: the workflow reads package.json with it")
    result = _run_select(tmp_path, f"{package}-v{_version(package)}")
    assert result.returncode == 0, result.stdout + result.stderr
    released = sorted(p.name for p in (tmp_path / "release").iterdir())
    if package == "pygen-runtime-ts":
        assert released == [f"pygen-runtime-{_version(package)}.tgz"]
        assert (tmp_path / "github_output").read_text() == "registry=npm\n"
    else:
        stem = f"{package.replace('-', '_')}-{_version(package)}"
        assert released == [f"{stem}-py3-none-any.whl", f"{stem}.tar.gz"]
        assert (tmp_path / "github_output").read_text() == "registry=pypi\n"


def test_a_tag_whose_version_differs_from_the_package_publishes_nothing(tmp_path: Path) -> None:
    result = _run_select(tmp_path, "pygen-client-v99.0.0")
    assert result.returncode == 1
    assert (
        f"tag pygen-client-v99.0.0 says version 99.0.0, but pygen-client declares {_version('pygen-client')}"
        in (result.stdout)
    )
    assert not any((tmp_path / "release").iterdir())
    assert (tmp_path / "github_output").read_text() == ""
