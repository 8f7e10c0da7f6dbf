"""Every model of the shared corpus loads into the schema models and dumps back to the same JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from pygen_client.schema import (
    Container,
    DataModel,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    UnknownPropertyType,
    UnknownViewProperty,
    View,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
MODELS_DIR = REPO_ROOT.parent / "shared" / "models"
MODEL_FILES = sorted(MODELS_DIR.glob("*.json")) if MODELS_DIR.is_dir() else []
# The project's own example models (contract C4) are in the same format; they run without the corpus.
EXAMPLE_FILES = sorted((REPO_ROOT / "examples" / "models").glob("*.json"))
CORPUS_ABSENT = f"the shared model corpus ({MODELS_DIR}: 20 public CDF data models, used to check real models) is not present; it is optional"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _assert_no_extras(model: BaseModel, where: str) -> None:
    """Every field of the corpus is a modelled field (nothing silently kept as an unknown extra)."""
    if isinstance(model, (UnknownPropertyType, UnknownViewProperty)):
        raise AssertionError(f"{where}: parsed as an unknown kind: {model!r}")
    assert not model.model_extra, f"{where}: unmodelled fields {sorted(model.model_extra or {})}"
    for name in model.model_fields_set:
        value = getattr(model, name)
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, BaseModel):
                _assert_no_extras(item, f"{where}.{name}")


@pytest.mark.skipif(not MODEL_FILES, reason=CORPUS_ABSENT)
@pytest.mark.parametrize("path", MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def test_corpus_model_round_trips(path: Path) -> None:
    _check_round_trip(path)


@pytest.mark.skipif(not EXAMPLE_FILES, reason="no example models under examples/models yet")
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_example_model_round_trips(path: Path) -> None:
    _check_round_trip(path)


def _check_round_trip(path: Path) -> None:
    data = _load(path)
    views = data.get("views", []) + data.get("_extraViews", [])
    assert views, "a corpus model without views"
    for raw in views:
        view = View.model_validate(raw)
        assert view.dump() == raw, f"view {raw['externalId']}"
        _assert_no_extras(view, f"view {raw['externalId']}")
    for raw in data.get("containers", []):
        container = Container.model_validate(raw)
        assert container.dump() == raw, f"container {raw['externalId']}"
        _assert_no_extras(container, f"container {raw['externalId']}")
    model_raw = {key: value for key, value in data.items() if not key.startswith("_") and key != "containers"}
    model = DataModel.model_validate(model_raw)
    assert model.dump() == model_raw
    assert len(model.inlined_views()) == len(data["views"])
    # Idempotent through JSON text too.
    assert DataModel.model_validate_json(json.dumps(model_raw)).dump() == model_raw


@pytest.mark.skipif(not MODEL_FILES, reason=CORPUS_ABSENT)
def test_corpus_covers_every_kind_of_view_property() -> None:
    kinds: set[str] = set()
    types: set[str] = set()
    for path in MODEL_FILES:
        for raw in _load(path)["views"]:
            for prop in View.model_validate(raw).properties.values():
                if isinstance(prop, MappedProperty):
                    kinds.add("mapped")
                    types.add(prop.type.type)
                elif isinstance(prop, EdgeConnection):
                    kinds.add(f"edge-{prop.direction}")
                elif isinstance(prop, ReverseDirectRelation):
                    kinds.add(prop.connection_type)
    assert kinds >= {
        "mapped",
        "edge-outwards",
        "edge-inwards",
        "single_reverse_direct_relation",
        "multi_reverse_direct_relation",
    }
    assert types >= {
        "text",
        "int32",
        "int64",
        "float32",
        "float64",
        "boolean",
        "timestamp",
        "json",
        "direct",
        "enum",
    }
