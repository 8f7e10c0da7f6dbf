"""Generate an SDK with cognite-pygen 1.4.2 (run inside benchmarks/generator/.venv-v1).

    python v1_gen.py MODEL.json OUT_DIR PACKAGE [--shared-env]

``--shared-env`` makes v1 reuse one jinja2 Environment for every view (byte-identical output; see
shared/reference/pygen-v1-baseline.md §3.3), the honest "v1 plus a one-line fix" bar.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

_READ_DEFAULTS = {"isGlobal": False, "createdTime": 0, "lastUpdatedTime": 0}
_VIEW_DEFAULTS = {"filter": None, "implements": [], "writable": True, "queryable": True, "usedFor": "node"}


def _complete(model: dict) -> dict:
    """cognite-sdk's loader wants the read-only fields the corpus files may leave out."""
    model = {**_READ_DEFAULTS, **model}
    model["views"] = [{**_READ_DEFAULTS, **_VIEW_DEFAULTS, **view} for view in model["views"]]
    return model


def main() -> None:
    model_path, out_dir, package = sys.argv[1:4]
    shared = "--shared-env" in sys.argv
    import cognite.pygen._core.generators as generators
    from cognite.client import data_modeling as dm
    from cognite.pygen import generate_sdk

    if shared:
        real = generators.Environment
        cache: dict[str, object] = {}

        def one_environment(*args: object, **kwargs: object) -> object:
            return cache.setdefault("env", real(*args, **kwargs))

        generators.Environment = one_environment  # type: ignore[assignment]
    data = json.loads(Path(model_path).read_text())
    data = _complete({k: v for k, v in data.items() if k not in ("containers", "_source", "_extraViews")})
    model = dm.DataModel.load(data)
    generate_sdk(
        model,
        top_level_package=package,
        client_name="BenchClient",
        default_instance_space="bench",
        output_dir=Path(out_dir) / package,
        overwrite=True,
        format_code=False,
        logger=logging.getLogger("quiet").info,
    )


if __name__ == "__main__":
    main()
