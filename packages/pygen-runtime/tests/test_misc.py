from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest
from runtime_fakes import Thing, node_json

import pygen_runtime
from pygen_client.plans import Call, run
from pygen_runtime import RUNTIME_API_VERSION, InstanceList, RuntimeVersionError, check_runtime_version


def test_exported_members_are_pinned() -> None:
    assert pygen_runtime.__all__ == sorted(pygen_runtime.__all__, key=lambda n: (not n.isupper(), n))
    assert set(pygen_runtime.__all__) == {
        name for name in dir(pygen_runtime) if not name.startswith("_") or name == "__version__"
    } - {"annotations"}
    assert "ViewAPI" in pygen_runtime.__all__
    assert "check_runtime_version" in pygen_runtime.__all__


def test_version_check_accepts_same_major_and_older_minor() -> None:
    check_runtime_version(RUNTIME_API_VERSION)
    major = RUNTIME_API_VERSION.split(".")[0]
    check_runtime_version(f"{major}.0")


@pytest.mark.parametrize(
    ("required", "advice"), [("1.99", "upgrade pygen-runtime"), ("99.0", "upgrade"), ("0.5", "regenerate")]
)
def test_version_mismatch_says_what_to_do(required: str, advice: str) -> None:
    with pytest.raises(RuntimeVersionError, match=advice) as info:
        check_runtime_version(required, "my_sdk")
    assert "my_sdk was generated for pygen-runtime API" in str(info.value)
    assert isinstance(info.value, ImportError)


def test_version_check_rejects_malformed_versions() -> None:
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR"):
        check_runtime_version("one")


def test_pandas_export_and_html() -> None:
    items = InstanceList(
        [Thing.model_validate(node_json("a", name="x", seenAt="2024-01-01T00:00:00.000+00:00"))]
    )
    frame = items.to_pandas()
    assert list(frame.columns[:2]) == ["space", "external_id"]  # node fields first, then properties
    assert list(frame["external_id"]) == ["a"]
    assert list(frame["name"]) == ["x"]
    assert frame["seen_at"][0] == datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert "<table" in items._repr_html_()
    assert "<table" in items[0]._repr_html_()


def test_pandas_is_not_imported_by_the_runtime() -> None:
    code = "import sys, pygen_runtime; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


class _Resp:
    def __init__(self, content: bytes) -> None:
        self.content = content


class _Client:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def request(self, method: str, path: str, *, json: object = None) -> _Resp:
        self.calls.append(path)
        if path == "/boom":
            raise RuntimeError("boom")
        return _Resp(path.encode())


def test_driver_throws_single_call_errors_into_the_plan_and_captures_batch_errors() -> None:
    def plan():  # type: ignore[no-untyped-def]
        try:
            yield Call("POST", "/boom")
        except RuntimeError as exc:
            caught = str(exc)
        answers = yield [Call("POST", "/a"), Call("POST", "/boom"), Call("POST", "/b")]
        return caught, answers

    caught, answers = run(_Client(), plan(), max_workers=2)
    assert caught == "boom"
    assert answers[0] == b"/a"
    assert isinstance(answers[1], RuntimeError)
    assert answers[2] == b"/b"
