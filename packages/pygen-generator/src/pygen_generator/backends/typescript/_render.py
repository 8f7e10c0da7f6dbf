"""Render a `TsSdk` through the templates: `{relative path: file content}`."""

from __future__ import annotations

from functools import cache

import jinja2

from pygen_generator.backends.typescript._build import build_sdk
from pygen_generator.backends.typescript._from_ir import sdk_from_ir
from pygen_generator.ir import SdkIR


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pygen_generator.backends.typescript", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_typescript(ir: SdkIR, *, package: str | None = None, connections: bool = True) -> dict[str, str]:
    """Every file of the TypeScript package, keyed by its path relative to the output folder.

    ``package`` overrides the npm package name the IR gives (``ir.typescript.package``), e.g. a scoped
    ``@pygen/example-sdk``. ``connections`` declares edges, reverse direct relations and direct-relation
    targets in the view specs (docs/connections.md: `lazyView<TargetAPI>(() => TARGET_VIEW)`), as the
    golden output examples/typescript/example-sdk does; ``connections=False`` leaves them out.
    """
    sdk = build_sdk(sdk_from_ir(ir, package=package), connections=connections)
    env = _environment()
    files = {
        "package.json": env.get_template("package.json.jinja").render(sdk=sdk),
        "tsconfig.json": env.get_template("tsconfig.json.jinja").render(sdk=sdk),
        "src/index.ts": env.get_template("index.ts.jinja").render(sdk=sdk),
        "src/_client.ts": env.get_template("client.ts.jinja").render(sdk=sdk),
    }
    view_template = env.get_template("view.ts.jinja")
    for view in sdk.views:
        files[f"src/{view.module}.ts"] = view_template.render(view=view)
    return dict(sorted(files.items()))
