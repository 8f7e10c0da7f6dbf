"""What the IR says about writing reaches the view spec, so `Write<>` can honour it: read-only
properties (IR `read_only`) are marked `readOnly`, non-nullable properties CDF fills itself (a default
or auto-increment: not IR `required_on_write`) are marked `optionalOnWrite`."""

from __future__ import annotations

import pytest

from pygen_generator.backends.typescript._build import build_sdk
from pygen_generator.backends.typescript._input import PropertyIn, SdkIn, ViewIn, ViewKey
from pygen_generator.backends.typescript._types import spec_entries

from ..conftest import CORPUS_REASON, corpus_files
from .conftest import render_file


def _entries(**facts: bool) -> dict[str, str]:
    flags = {"nullable": True, "required_on_write": False, "read_only": False, **facts}
    prop = PropertyIn(
        "p", "p", "int32", False, flags["nullable"], flags["required_on_write"], flags["read_only"]
    )
    return dict(spec_entries(prop))


def test_required_on_write_stays_required() -> None:
    assert _entries(nullable=False, required_on_write=True) == {
        "id": '"p"',
        "type": '"int32"',
        "nullable": "false",
    }


def test_non_nullable_with_a_default_is_optional_on_write() -> None:
    entries = _entries(nullable=False, required_on_write=False)
    assert entries["nullable"] == "false"
    assert entries["optionalOnWrite"] == "true"


def test_nullable_properties_need_no_write_mark() -> None:
    assert "optionalOnWrite" not in _entries(nullable=True)


def test_read_only_properties_are_marked() -> None:
    assert _entries(read_only=True)["readOnly"] == "true"
    assert "readOnly" not in _entries()


def test_the_marks_are_printed_in_the_view_module() -> None:
    key = ViewKey("s", "V", "1")
    props = (
        PropertyIn("path", "path", "direct", True, True, False, True),
        PropertyIn("rank", "rank", "int32", False, False, False, False),
    )
    view = ViewIn(key, "node", None, None, (), "V", "V_VIEW", "v", "v", True, props)
    lines = "\n".join(
        build_sdk(SdkIn("v-sdk", "1.0.0", "VClient", "1.0", (key,), (view,))).views[0].properties[0].lines
    )
    assert 'path: { id: "path", type: "direct", list: true, readOnly: true },' in lines


CORE = [p for p in corpus_files() if p.stem == "CogniteCore"]


@pytest.mark.skipif(not CORE, reason=CORPUS_REASON)
def test_cognite_core_marks_what_cdf_maintains() -> None:
    files = render_file(CORE[0])

    def entry(module: str, name: str) -> str:
        return files[f"src/{module}.ts"].split(f"\n    {name}: {{", 1)[1].split("},", 1)[0]

    for name in ("path", "root", "pathLastUpdatedTime"):
        assert "readOnly: true" in entry("cognite-asset", name), name
    for name in ("isUploaded", "uploadedTime"):
        assert "readOnly: true" in entry("cognite-file", name), name
