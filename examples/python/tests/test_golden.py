"""The golden test: example_sdk/ is exactly what pygen-generator writes for examples/models/example.json.

`make regen` rewrites it; this test fails (naming every differing file) when the checked-in SDK and
the generator's output differ, byte for byte.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pygen_generator import generate_sdk

EXAMPLES = Path(__file__).resolve().parents[2]
MODEL = EXAMPLES / "models" / "example.json"
SDK = EXAMPLES / "python" / "example_sdk"


def _checked_in() -> dict[str, str]:
    return {
        path.relative_to(SDK).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SDK.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_example_sdk_is_the_generated_sdk() -> None:
    # The same arguments as `make regen-python`.
    generated = generate_sdk(MODEL, package="example_sdk", client_name="ExampleClient", project=False)
    assert isinstance(generated, dict)
    checked_in = _checked_in()
    assert sorted(generated) == sorted(checked_in), "files differ: run `make regen`"
    for path, text in generated.items():
        if text != checked_in[path]:
            diff = "".join(
                difflib.unified_diff(
                    checked_in[path].splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    path,
                    "generated",
                )
            )
            raise AssertionError(f"{path} differs from the generator's output (run `make regen`):\n{diff}")
