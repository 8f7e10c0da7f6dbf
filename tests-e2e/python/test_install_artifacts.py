"""The built artifacts work outside the workspace: what `make dist` ships is what a user installs.

Each Python package is built (wheel and sdist, hatchling through `uv build`) and `@pygen/runtime` packed
(`pnpm pack`, from the `dist/` that `make install` builds). Then, in a temporary folder outside the
repository — so no workspace path dependency, editable install or file missing from an artifact can go
unnoticed:

* the four wheels go into a fresh virtual environment, which generates an SDK from a small model file
  with its own `pygen`, serves and loads the model with its own `pygen-emulator`, and writes, filters and
  aggregates through the generated SDK;
* the four sdists go into another fresh environment (each is built into a wheel on the way), and every
  package imports and every command starts;
* the npm tarball goes into a fresh npm project, whose plain ES module upserts, lists with a typed filter
  and aggregates against an emulator.

Third-party dependencies come from uv's cache (or PyPI on a cold cache); the npm package has none. About
20 s on a warm cache, most of it resolving the two environments.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYTHON_PACKAGES = sorted(p.parent for p in (REPO / "packages").glob("*/pyproject.toml"))
TS_RUNTIME = REPO / "packages" / "pygen-ts-runtime"
LISTENING = re.compile(r"^pygen-emulator listening on (http://\S+) project=(\S+)$")

# A model small enough to read at a glance: one view, three properties (the read format the generator
# takes; the emulator's loader accepts it too).
SHOP_MODEL = {
    "space": "shop",
    "externalId": "Shop",
    "version": "1",
    "views": [
        {
            "space": "shop",
            "externalId": "Product",
            "version": "1",
            "properties": {
                prop: {
                    "container": {"space": "shop", "externalId": "Product"},
                    "containerPropertyIdentifier": prop,
                    "type": {"type": kind},
                    "nullable": prop != "name",
                }
                for prop, kind in (("name", "text"), ("price", "float64"), ("inStock", "boolean"))
            },
        }
    ],
    "containers": [
        {
            "space": "shop",
            "externalId": "Product",
            "usedFor": "node",
            "properties": {
                "name": {"type": {"type": "text"}, "nullable": False},
                "price": {"type": {"type": "float64"}},
                "inStock": {"type": {"type": "boolean"}},
            },
        }
    ],
}

GENERATE_SHOP = ["--input", "shop.json", "--output", "shop_sdk", "--package", "shop_sdk", "--no-project"]

USE_THE_SDK = """
import sys

from pygen_client import ClientConfig, Token
from pygen_runtime import count
from shop_sdk import ProductFields as P, ProductWrite, ShopClient

config = ClientConfig(base_url=sys.argv[1], project=sys.argv[2], credentials=Token("any"))
with ShopClient(config) as client:
    result = client.upsert(
        [
            ProductWrite(space="shop", external_id="pen", name="Pen", price=2.5, in_stock=True),
            ProductWrite(space="shop", external_id="lamp", name="Lamp", price=40.0, in_stock=False),
            ProductWrite(space="shop", external_id="cup", name="Cup", price=6.0, in_stock=True),
        ]
    )
    cheap = client.product.list(P.price.lt(10) & P.in_stock.equals(True), sort=P.price.asc())
    total = client.product.aggregate(count()).value("count")
    print(len(result.created), [p.name for p in cheap], total)
"""

USE_THE_TS_RUNTIME = """
import { ClientConfig, count, fieldsFor, PygenClient, Token, ViewAPI } from "@pygen/runtime";

const PRODUCT = {
  view: { space: "shop", externalId: "Product", version: "1" },
  usedFor: "node",
  implements: [],
  properties: {
    name: { id: "name", type: "text", nullable: false },
    price: { id: "price", type: "float64" },
    inStock: { id: "inStock", type: "boolean" },
  },
};
const [baseUrl, project] = process.argv.slice(2);
const client = new PygenClient(new ClientConfig({ baseUrl, project, credentials: new Token("any") }));
const products = new ViewAPI(client, PRODUCT);
const P = fieldsFor(PRODUCT);
const written = await products.upsert([
  { space: "shop", externalId: "pen", name: "Pen", price: 2.5, inStock: true },
  { space: "shop", externalId: "lamp", name: "Lamp", price: 40, inStock: false },
]);
const cheap = await products.list({ filter: P.price.lt(10) });
const total = (await products.aggregate({ aggregates: count() })).value("count");
console.log(written.created.length, cheap.map((p) => p.name).join(","), total);
"""


@dataclass(frozen=True)
class Artifacts:
    wheels: list[Path]
    sdists: list[Path]
    tarball: Path


def _tool(name: str, bootstrapped: Path) -> str:
    """The tool the Makefile uses: on PATH, else the copy `make install` put into .tools/."""
    found = shutil.which(name)
    if found:
        return found
    if bootstrapped.is_file():
        return str(bootstrapped)
    pytest.fail(f"{name} is neither on PATH nor at {bootstrapped}: run `make install`")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing back into the workspace's virtual environment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT", "CONDA_PREFIX")
    }
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, timeout: float = 180, **extra_env: str) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=_clean_env(**extra_env), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


@contextmanager
def _emulator(command: list[str], cwd: Path) -> Iterator[tuple[str, str]]:
    """`pygen-emulator serve --port 0` as a process; yields its URL and project from the line it prints."""
    with subprocess.Popen(
        [*command, "serve", "--port", "0"],
        cwd=cwd,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            match = LISTENING.match(line)
            assert match, f"unexpected first line {line!r}"
            yield match.group(1), match.group(2)
        finally:
            proc.terminate()
            proc.communicate(timeout=30)


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outside-the-workspace")
    assert REPO not in folder.parents, f"{folder} is inside the repository"
    return folder


@pytest.fixture(scope="module")
def artifacts(outside: Path) -> Artifacts:
    uv = _tool("uv", REPO / ".tools" / "venv" / "bin" / "uv")
    pnpm = _tool("pnpm", REPO / ".tools" / "npm" / "node_modules" / ".bin" / "pnpm")
    dist = outside / "dist"
    for package in PYTHON_PACKAGES:
        _run([uv, "build", "--quiet", "--out-dir", str(dist / "python"), str(package)], cwd=REPO)
    if not (TS_RUNTIME / "dist" / "index.js").is_file():
        pytest.fail(f"{TS_RUNTIME}/dist is not built: run `make install` (it builds the TypeScript packages)")
    _run([pnpm, "pack", "--pack-destination", str(dist / "npm")], cwd=TS_RUNTIME)
    wheels = sorted((dist / "python").glob("*.whl"))
    sdists = sorted((dist / "python").glob("*.tar.gz"))
    tarballs = sorted((dist / "npm").glob("*.tgz"))
    assert len(wheels) == len(sdists) == len(PYTHON_PACKAGES), (wheels, sdists)
    assert len(tarballs) == 1, tarballs
    return Artifacts(wheels, sdists, tarballs[0])


def _fresh_venv(outside: Path, name: str, requirements: list[Path]) -> Path:
    uv = _tool("uv", REPO / ".tools" / "venv" / "bin" / "uv")
    venv = outside / name
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=outside)
    python = venv / "bin" / "python"
    # Only the given files: pygen-client, pygen-runtime, ... must come from them, never from an index.
    _run([uv, "pip", "install", "--quiet", "--python", str(python), *map(str, requirements)], cwd=outside)
    return venv


@pytest.mark.timeout(300)
def test_the_wheels_generate_serve_and_run_an_sdk_outside_the_workspace(
    artifacts: Artifacts, outside: Path
) -> None:
    venv = _fresh_venv(outside, "wheels-venv", artifacts.wheels)
    bin_dir = venv / "bin"
    work = outside / "wheels-project"
    work.mkdir()
    located = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import pygen_client, pygen_emulator, pygen_generator, pygen_runtime as m; print(m.__file__)",
        ],
        cwd=work,
    )
    assert Path(located.strip()).is_relative_to(venv), f"pygen_runtime imported from {located}"

    (work / "shop.json").write_text(json.dumps(SHOP_MODEL, indent=2))
    _run(
        [str(bin_dir / "pygen"), "generate", *GENERATE_SHOP],
        cwd=work,
    )
    with _emulator([str(bin_dir / "pygen-emulator")], cwd=work) as (url, project):
        loaded = _run([str(bin_dir / "pygen-emulator"), "load", "shop.json", "--url", url], cwd=work)
        assert "deployed shop:Shop/1: 1 spaces, 1 containers, 1 views, 1 data model" in loaded
        (work / "use_sdk.py").write_text(USE_THE_SDK)
        out = _run([str(bin_dir / "python"), "use_sdk.py", url, project], cwd=work)
    assert out.split("\n")[0] == "3 ['Pen', 'Cup'] 3"


@pytest.mark.timeout(300)
def test_the_sdists_build_install_and_import_outside_the_workspace(
    artifacts: Artifacts, outside: Path
) -> None:
    venv = _fresh_venv(outside, "sdists-venv", artifacts.sdists)
    bin_dir = venv / "bin"
    _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import pygen_client, pygen_emulator, pygen_generator, pygen_runtime",
        ],
        cwd=outside,
    )
    assert "generate" in _run([str(bin_dir / "pygen"), "--help"], cwd=outside)
    assert "serve" in _run([str(bin_dir / "pygen-emulator"), "--help"], cwd=outside)
    # Package data travels in the sdist too: the built-in core model of the emulator.
    _run([str(bin_dir / "python"), "-c", "import pygen_emulator.app as a; a.create_app()"], cwd=outside)


@pytest.mark.timeout(300)
def test_the_npm_tarball_installs_and_runs_against_the_emulator(artifacts: Artifacts, outside: Path) -> None:
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        pytest.fail("npm and node (Node 20+) are needed to test @pygen/runtime's tarball")
    project_dir = outside / "npm-project"
    project_dir.mkdir()
    (project_dir / "package.json").write_text(
        json.dumps({"name": "uses-pygen", "private": True, "type": "module"})
    )
    # @pygen/runtime has no dependencies: installing the tarball needs no registry.
    _run([npm, "install", "--no-audit", "--no-fund", "--offline", str(artifacts.tarball)], cwd=project_dir)
    installed = json.loads((project_dir / "node_modules" / "@pygen" / "runtime" / "package.json").read_text())
    assert installed["name"] == "@pygen/runtime"
    (project_dir / "use_runtime.mjs").write_text(USE_THE_TS_RUNTIME)
    # The workspace's emulator serves; what is under test here is the tarball.
    with _emulator([sys.executable, "-m", "pygen_emulator"], cwd=project_dir) as (url, project):
        model = project_dir / "shop.json"
        model.write_text(json.dumps(SHOP_MODEL))
        _run([sys.executable, "-m", "pygen_emulator", "load", str(model), "--url", url], cwd=project_dir)
        out = _run([node, "use_runtime.mjs", url, project], cwd=project_dir)
    assert out.strip() == "2 Pen 2"
