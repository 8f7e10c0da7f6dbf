"""pandas export, imported only when ``to_pandas``/``_repr_html_`` is used (the ``pandas`` extra)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from pygen_runtime._instances import id_fields_first

__all__ = ["repr_html", "to_pandas"]


def _require_pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas() needs pandas: install the extra with `pip install 'pygen-runtime[pandas]'`"
        ) from exc
    return pandas


def to_pandas(items: Sequence[Any]) -> Any:
    """One row per instance, one column per field (timestamps stay timezone-aware)."""
    pandas = _require_pandas()
    rows = [dict(id_fields_first(item.model_dump().items(), item._property_ids)) for item in items]
    return pandas.DataFrame.from_records(rows)


def repr_html(items: Sequence[Any], max_rows: int = 50) -> str:
    """An HTML table for notebooks; falls back to a plain table when pandas is not installed."""
    try:
        pandas = _require_pandas()
    except ImportError:
        pandas = None
    if pandas is not None:
        frame = to_pandas(items[:max_rows])
        return str(frame._repr_html_())
    rows = "".join(f"<tr><td>{html.escape(repr(item))}</td></tr>" for item in items[:max_rows])
    return f"<table>{rows}</table>"
