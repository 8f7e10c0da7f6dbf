"""Shared fixtures: paths of the example model, the shared corpus and the Toolkit module."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLE_MODEL = REPO / "examples" / "models" / "example.json"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "models"
TOOLKIT = SHARED / "toolkit"

CORPUS_REASON = (
    f"the shared model corpus ({CORPUS}: 20 public CDF data models used to test generation on real "
    "models) is not present; it is optional, and the project's own example model is still tested"
)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


@pytest.fixture
def example_model() -> Path:
    return EXAMPLE_MODEL
