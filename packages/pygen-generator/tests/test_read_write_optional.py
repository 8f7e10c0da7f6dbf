"""A non-nullable property CDF fills when a write leaves it out (a container default, auto-increment) is
required on Python reads and optional on writes, as TypeScript's `Read<>` / `optionalOnWrite` have it
(docs/architecture.md, the mapping table)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from pygen_generator import generate_ir
from pygen_generator._api import generate_files
from pygen_generator._output import write_files
from pygen_generator.ir import SdkIR
from pygen_generator.validation import GenerateOptions

from .models import mapped, model, text, view, write

INT = {"type": "int32", "list": False}
STATUS = {"type": "enum", "values": {"on": {}, "off": {}}}


def _views() -> list[dict[str, Any]]:
    parent = view(
        "Parent",
        {
            "name": text(),
            "count": mapped("C", "count", INT, nullable=False, defaultValue=3),
            "seq": mapped("C", "seq", INT, nullable=False, autoIncrement=True),
            "status": mapped("C", "status", STATUS, nullable=False, defaultValue="on"),
            "needed": mapped("C", "needed", INT, nullable=False),
            "maybe": mapped("C", "maybe", INT),
        },
    )
    child = view("Child", {**parent["properties"], "extra": text("D", "extra")}, implements=["Parent"])
    return [parent, child]


@pytest.fixture
def ir(tmp_path: Path) -> SdkIR:
    return generate_ir(
        write(tmp_path / "m.json", model(*_views())), options=GenerateOptions(package="optional_sdk")
    )


def test_the_ir_requires_it_on_reads_and_not_on_writes(ir: SdkIR) -> None:
    parent = next(v for v in ir.views if v.ref.external_id == "Parent")
    fields = {p.id: p.python for p in parent.properties if p.python is not None}
    for prop in ("count", "seq"):
        field = fields[prop]
        assert field is not None
        assert field.properties_line == f"    {prop}: rt.Int32 | None = None"  # writes, nested edge writes
        assert field.read_line == f"    {prop}: rt.Int32"
    status = fields["status"]
    assert status is not None
    assert status.read_line is not None
    assert status.read_line.startswith("    status: Status | str  #")
    assert status.write_line == "    status: Status | None = None"
    needed, maybe = fields["needed"], fields["maybe"]
    assert needed is not None
    assert maybe is not None
    assert (needed.properties_line, needed.read_line) == ("    needed: rt.Int32", None)
    assert (maybe.properties_line, maybe.read_line) == ("    maybe: rt.Int32 | None = None", None)


@pytest.fixture
def sdk(ir: SdkIR, tmp_path: Path) -> Iterator[Any]:
    write_files(generate_files(ir), tmp_path / "out")
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        yield importlib.import_module("optional_sdk")
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == "optional_sdk" or m.startswith("optional_sdk.")]:
            del sys.modules[name]


def test_generated_classes_read_it_as_required_and_write_it_as_optional(sdk: Any) -> None:
    for prefix in ("Parent", "Child"):
        write_cls, read_cls = getattr(sdk, f"{prefix}Write"), getattr(sdk, prefix)
        written = write_cls(space="s", external_id="a", needed=1)
        properties = written.dump()["sources"][0]["properties"]
        assert properties == {"needed": 1}  # left out: CDF fills count, seq and status
        assert read_cls.model_fields["count"].is_required()
        assert read_cls.model_fields["status"].is_required()
        assert not write_cls.model_fields["count"].is_required()
        assert not write_cls.model_fields["status"].is_required()
        with pytest.raises(pydantic.ValidationError):
            write_cls(space="s", external_id="a")  # needed has no default: required on writes too
