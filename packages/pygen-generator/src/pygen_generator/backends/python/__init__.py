"""The Python backend: the IR rendered through Jinja2 templates into an installable package.

Output (paths relative to the output folder): ``pyproject.toml``, ``README.md`` and the package
``<package>/`` with ``__init__.py`` (lazy re-exports), ``_client.py``, ``py.typed`` and one module per view.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from pygen_generator.backends.python._context import package_context, view_context
from pygen_generator.ir import SdkIR

__all__ = ["render_python"]

_TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_python(ir: SdkIR) -> dict[str, str]:
    """``{relative path: text}`` of the whole package, in a stable order."""
    env = _environment()
    pkg = package_context(ir)
    common = {"ir": ir, "pkg": pkg, "models_label": ", ".join(m.label for m in ir.data_models)}
    package = ir.python.package
    files = {
        "pyproject.toml": env.get_template("pyproject.toml.jinja").render(common),
        "README.md": env.get_template("README.md.jinja").render(common),
        f"{package}/__init__.py": env.get_template("package_init.py.jinja").render(common),
        f"{package}/_client.py": env.get_template("client.py.jinja").render(common),
        f"{package}/py.typed": "",
    }
    view_template = env.get_template("view.py.jinja")
    for view in ir.views:
        files[f"{package}/{view.python.module}.py"] = view_template.render(common, **view_context(view, ir))
    return files
