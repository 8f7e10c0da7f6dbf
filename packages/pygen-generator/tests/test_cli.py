"""The pygen CLI: commands, config defaults, and the failure cases' one-line errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_generator.cli import main

from .conftest import EXAMPLE_MODEL
from .models import mapped, model, view, write


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def assert_one_line_error(err: str, message: str) -> None:
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert len(lines) == 2
    assert lines[1].startswith("hint: ")


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "generate" in out
    code, out, _ = run(["--version"], capsys)
    assert (code, out.strip()) == (0, "pygen-generator, version 0.1.0")


def test_generate_writes_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["generate", "-i", str(EXAMPLE_MODEL), "-o", str(tmp_path / "sdk"), "--package", "ex"], capsys
    )
    assert code == 0
    assert "wrote 6 views" in out
    assert (tmp_path / "sdk" / "pyproject.toml").read_text().count('"pygen-runtime>=0.1,<1"') == 1
    assert sorted(p.name for p in (tmp_path / "sdk" / "ex").iterdir())[:3] == [
        "__init__.py",
        "_client.py",
        "certification.py",
    ]


def test_output_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        assert run(["generate", "-i", str(EXAMPLE_MODEL), "-o", str(tmp_path / name)], capsys)[0] == 0
    files_a = {
        p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()
    }
    files_b = {
        p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()
    }
    assert files_a == files_b


def test_overwrite_replaces_and_removes_stale_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sdk"
    assert run(["generate", "-i", str(EXAMPLE_MODEL), "-o", str(out), "--no-project"], capsys)[0] == 0
    (out / "stale.py").write_text("x = 1\n")
    code, _, err = run(["generate", "-i", str(EXAMPLE_MODEL), "-o", str(out), "--no-project"], capsys)
    assert code == 4
    assert_one_line_error(err, "is not empty")
    assert (out / "stale.py").exists()
    assert (
        run(["generate", "-i", str(EXAMPLE_MODEL), "-o", str(out), "--no-project", "--overwrite"], capsys)[0]
        == 0
    )
    assert not (out / "stale.py").exists()
    assert (out / "equipment.py").exists()


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["generate", "-i", str(EXAMPLE_MODEL), "-o", str(tmp_path / "sdk"), "--dry-run"], capsys
    )
    assert code == 0
    assert "example_model/equipment.py" in out
    assert not (tmp_path / "sdk").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        (
            json.dumps(model(view("A", {"x": mapped("C", "x", {"type": "quaternion"})}))),
            "unknown property type",
        ),
        (
            json.dumps(model(view("A", {}, implements=["B"]), view("B", {}, implements=["A"]))),
            "cyclic implements",
        ),
    ],
)
def test_bad_models_give_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    source = tmp_path / "model.json"
    source.write_text(content)
    code, _, err = run(["generate", "-i", str(source), "-o", str(tmp_path / "sdk")], capsys)
    assert code == 2
    assert_one_line_error(err, message)
    assert not (tmp_path / "sdk").exists()


def test_missing_input_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["generate", "-i", str(tmp_path / "nope.json"), "-o", str(tmp_path / "sdk")], capsys)
    assert code == 2
    assert_one_line_error(err, "does not exist")
    code, _, err = run(["generate", "-i", str(EXAMPLE_MODEL)], capsys)
    assert code == 2
    assert_one_line_error(err, "no --output folder")


def test_unwritable_output_gives_exit_4_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(["generate", "-i", str(EXAMPLE_MODEL), "-o", str(blocker / "sdk")], capsys)
    assert code == 4
    assert_one_line_error(err, "cannot write")
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_validate_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "m.json", model(view("A", {"type": mapped("C", "type", {"type": "text"})})))
    code, out, err = run(["validate", "-i", str(source)], capsys)
    assert code == 0
    assert "ok: 1 views, 2 warning(s)" in out
    assert "warning: sp:A/1.type:" in err
    code, _, err = run(["validate", "-i", str(source), "--strict"], capsys)
    assert code == 1
    assert_one_line_error(err, "under --strict")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(model(view("A", {}, implements=["A"]))))
    code, _, err = run(["validate", "-i", str(bad)], capsys)
    assert code == 1
    assert_one_line_error(err, "cyclic implements")


def test_inspect_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["inspect", "-i", str(EXAMPLE_MODEL)], capsys)
    assert code == 0
    assert "pygen_example:Equipment/1 -> equipment.py" in out
    assert "certifiedOperators" in out
    code, out, _ = run(["inspect", "-i", str(EXAMPLE_MODEL), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["python"]["client"] == "ExampleModelClient"


def test_config_file_defaults_and_flags_win(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.pygen]\ninput = ["{EXAMPLE_MODEL}"]\npackage = "from_config"\nclient-name = "CfgClient"\n'
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["inspect"], capsys)
    assert code == 0
    assert out.startswith("from_config (pygen_example:ExampleModel/1): 6 views, client CfgClient")
    code, out, _ = run(["inspect", "--package", "from_flag"], capsys)
    assert out.startswith("from_flag ")
    (tmp_path / "pygen.toml").write_text('package = "from_pygen_toml"\nbogus = 1\n')
    code, _, err = run(["inspect"], capsys)
    assert code == 2
    assert_one_line_error(err, "unknown [tool.pygen] key 'bogus'")


@pytest.fixture
def cdf_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("CDF_URL", "CDF_CLUSTER", "CDF_PROJECT", "CDF_TOKEN", "IDP_CLIENT_ID", "IDP_CLIENT_SECRET"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CDF_MAX_RETRIES", "0")


def test_live_model_from_the_emulator(
    emulator: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cdf_env: None,
) -> None:
    emulator.load_model(EXAMPLE_MODEL)
    monkeypatch.setenv("CDF_URL", emulator.base_url)
    monkeypatch.setenv("CDF_PROJECT", emulator.project)
    monkeypatch.setenv("CDF_TOKEN", "any")
    code, out, err = run(
        ["generate", "-m", "pygen_example:ExampleModel", "-o", str(tmp_path / "sdk")], capsys
    )
    assert code == 0, err
    assert "wrote 6 views" in out
    code, _, err = run(["generate", "-m", "pygen_example:Missing/1", "-o", str(tmp_path / "other")], capsys)
    assert code == 3
    assert_one_line_error(err, "not found")


def test_unreachable_cdf_gives_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cdf_env: None
) -> None:
    monkeypatch.setenv("CDF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CDF_PROJECT", "p")
    monkeypatch.setenv("CDF_TOKEN", "t")
    code, _, err = run(["generate", "-m", "sp:M/1", "-o", str(tmp_path / "sdk")], capsys)
    assert code == 3
    assert_one_line_error(err, "cannot reach CDF")
    assert not (tmp_path / "sdk").exists()


def test_missing_credentials_give_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cdf_env: None
) -> None:
    code, _, err = run(["generate", "-m", "sp:M/1", "-o", str(tmp_path / "sdk")], capsys)
    assert code == 3
    assert_one_line_error(err, "no CDF credentials")


def test_unauthorised_cdf_gives_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cdf_env: None
) -> None:
    from pygen_emulator import EmulatorServer, Settings

    with EmulatorServer(Settings(token="the-right-token")) as server:
        monkeypatch.setenv("CDF_URL", server.base_url)
        monkeypatch.setenv("CDF_PROJECT", "emulator")
        monkeypatch.setenv("CDF_TOKEN", "a-wrong-token")
        code, _, err = run(["generate", "-m", "sp:M/1", "-o", str(tmp_path / "sdk")], capsys)
    assert code == 3
    assert_one_line_error(err, "refused the credentials (401)")
    assert not (tmp_path / "sdk").exists()


def test_help_is_fast_and_imports_no_pipeline() -> None:
    code = "import sys, pygen_generator.cli; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'jinja2'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _modules_after_generate(model: Path, language: str) -> set[str]:
    code = (
        "import sys\n"
        "from pygen_generator.cli import main\n"
        "try:\n"
        f"    main(['generate', '-i', {str(model)!r}, '--language', {language!r}, '--dry-run'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.splitlines()[-1].split())


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_generating_from_a_file_loads_no_cdf_client(language: str) -> None:
    """The generator imports pygen-client's CDF client (transport, auth, config) only for --model."""
    loaded = _modules_after_generate(EXAMPLE_MODEL, language)
    client_modules = {"pygen_client._client", "pygen_client._transport", "pygen_client._credentials"}
    assert not loaded & client_modules
    assert "pygen_generator.service" not in loaded


def test_generating_from_a_file_does_not_import_httpx() -> None:
    assert "httpx" not in _modules_after_generate(EXAMPLE_MODEL, "python")


def test_generate_typescript_through_the_backend_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["generate", "-i", str(EXAMPLE_MODEL), "--language", "typescript", "-o", str(tmp_path / "ts")], capsys
    )
    assert code == 0, err
    assert (tmp_path / "ts" / "src" / "index.ts").is_file()
    assert (tmp_path / "ts" / "package.json").is_file()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--package", "../evil", "--package '../evil' is not an importable Python package name"),
        ("--package", "/tmp/evil", "is not an importable Python package name"),
        ("--package", "class", "--package 'class' is not an importable"),
        ("--package", "my.sdk", "is not an importable"),
        ("--package", "sdk\u202e", "is not an importable"),
        (
            "--client-name",
            "X(): pass\nimport os #",
            "--client-name 'X(): pass\\nimport os #' is not a valid class",
        ),
        ("--client-name", "def", "is not a valid class name"),
        ("--npm-package", "../evil", "--npm-package '../evil' is not a valid npm package name"),
        ("--npm-package", "@Scope/Upper", "is not a valid npm package name"),
    ],
)
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_unsafe_names_give_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str, language: str
) -> None:
    out = tmp_path / "out"
    args = ["generate", "-i", str(EXAMPLE_MODEL), "--language", language, option, value, "-o", str(out)]
    code, _, err = run(args, capsys)
    assert code == 2
    assert_one_line_error(err, message)
    assert list(tmp_path.iterdir()) == []  # neither out/ nor anything beside it (../evil)


def test_a_model_named_like_a_keyword_gets_an_importable_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(
        tmp_path / "class.json",
        model(view("A", {"name": mapped("C", "name", {"type": "text"})}), xid="class"),
    )
    code, out, err = run(["generate", "-i", str(source), "-o", str(tmp_path / "sdk")], capsys)
    assert code == 0, err
    assert "package-name" not in out
    assert "cannot be imported safely -> package class_ (pass --package to choose)" in err
    package = tmp_path / "sdk" / "class_"
    assert (package / "_client.py").is_file()
    for path in package.glob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")  # a SyntaxError before the fix
    typescript = tmp_path / "ts"
    code, _, err = run(
        ["generate", "-i", str(source), "--language", "typescript", "-o", str(typescript)], capsys
    )
    assert code == 0, err
    assert json.loads((typescript / "package.json").read_text())["name"] == "class"


def test_pygen_demo_generates_the_sdk_and_runs_it_without_node(tmp_path: Path) -> None:
    """`make demo` runs `pygen demo`: Python only (PATH holds nothing but this interpreter's folder)."""
    pygen = Path(sys.executable).with_name("pygen")
    result = subprocess.run(
        [str(pygen), "demo", "--output", str(tmp_path / "sdk")],
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": str(pygen.parent), "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "generated pygen_demo_sdk" in out
    assert (tmp_path / "sdk" / "pygen_demo_sdk" / "equipment.py").is_file()
    assert "upserted 1003 instances" in out
    assert "(two requests at once)" in out
    assert out.rstrip().endswith("done.")
