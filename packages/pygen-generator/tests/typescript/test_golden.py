"""The golden test: generating examples/models/example.json reproduces examples/typescript/example-sdk/src.

Only `src/` is compared. The example's `package.json` and `tsconfig.json` differ from what the generator
writes for a published SDK, because the example is a member of this pnpm workspace: it depends on
`@pygen/runtime` as `workspace:*`, is private, has test scripts, and its tsconfig extends the repo's
base and includes its tests. What the generator writes there is tested in test_render.py.
"""

from __future__ import annotations

import difflib
import re

from .conftest import EXAMPLE_SDK, render_example

REGENERATE = (
    "regenerate the example with `make regen`, or compare the generator's templates with the change "
    "made by hand to examples/typescript/example-sdk/src"
)
_JSDOC_BLOCK = re.compile(r"^[ \t]*/\*\*.*?\*/[ \t]*\n", re.DOTALL | re.MULTILINE)
_LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.MULTILINE)


def _generated_and_checked_in() -> tuple[dict[str, str], dict[str, str]]:
    generated = {path: text for path, text in render_example().items() if path.startswith("src/")}
    checked_in = {
        f"src/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted((EXAMPLE_SDK / "src").glob("*.ts"))
    }
    return generated, checked_in


def _diffs(generated: dict[str, str], checked_in: dict[str, str]) -> str:
    return "\n".join(
        "".join(difflib.unified_diff(checked_in[p].splitlines(True), generated[p].splitlines(True), p, p))
        for p in sorted(generated)
        if generated[p] != checked_in.get(p)
    )


def _code(text: str) -> str:
    """The text without whole-line `//` comments and JSDoc blocks: the code the runtime sees."""
    return _LINE_COMMENT.sub("", _JSDOC_BLOCK.sub("", text))


def test_the_generated_example_sdk_has_the_checked_in_files_and_code() -> None:
    generated, checked_in = _generated_and_checked_in()
    assert sorted(generated) == sorted(checked_in), "the generated and checked-in file names differ"
    code_diff = _diffs(
        {p: _code(t) for p, t in generated.items()}, {p: _code(t) for p, t in checked_in.items()}
    )
    assert not code_diff, f"the example SDK's code differs from the generator's ({REGENERATE}):\n{code_diff}"


def test_the_generated_example_sdk_is_byte_for_byte_the_checked_in_one() -> None:
    generated, checked_in = _generated_and_checked_in()
    diff = _diffs(generated, checked_in)
    assert not diff, f"the example SDK differs from the generator's output ({REGENERATE}):\n{diff}"
