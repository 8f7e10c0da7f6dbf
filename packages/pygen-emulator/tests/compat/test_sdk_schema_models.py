"""Every model of the shared corpus deploys through the official cognite-sdk and reads back faithfully."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cognite.client import CogniteClient
from cognite.client.data_classes.data_modeling import (
    ContainerApply,
    DataModelApply,
    DataModelId,
    SpaceApply,
    ViewApply,
    ViewId,
)

from pygen_emulator._loader import container_write, view_writes

MODELS_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "models"
MODEL_FILES = sorted(MODELS_DIR.glob("*.json")) if MODELS_DIR.is_dir() else []
CORPUS_ABSENT = (
    f"the shared model corpus ({MODELS_DIR}: 20 public CDF data models, used to check the emulator "
    "against real models) is not present; it is optional, and the rest of the suite runs without it"
)
PARAMS = [pytest.param(p, id=p.stem) for p in MODEL_FILES] or [
    pytest.param(None, id="corpus", marks=pytest.mark.skip(reason=CORPUS_ABSENT))
]


def _deploy(client: CogniteClient, model: dict[str, Any]) -> None:
    """Deploy as against CDF: what lives in global spaces (the core model) is there already, read-only."""
    containers = [ContainerApply._load(container_write(c)) for c in model.get("containers", [])]
    views = [ViewApply._load(v) for v in view_writes([*model.get("_extraViews", []), *model["views"]])]
    spaces = dict.fromkeys([model["space"], *(c.space for c in containers), *(v.space for v in views)])
    existing = client.data_modeling.spaces.retrieve(list(spaces))
    system = {s.space for s in existing if s.is_global}
    client.data_modeling.spaces.apply([SpaceApply(s) for s in spaces if s not in system])
    client.data_modeling.containers.apply([c for c in containers if c.space not in system])
    client.data_modeling.views.apply([v for v in views if v.space not in system])
    if model["space"] in system:
        return
    view_ids = [ViewId(v["space"], v["externalId"], v["version"]) for v in model["views"]]
    client.data_modeling.data_models.apply(
        DataModelApply(
            model["space"], model["externalId"], model["version"], name=model.get("name"), views=view_ids
        )
    )


@pytest.mark.parametrize("path", PARAMS)
def test_corpus_model_deploys_and_reads_back(cognite_client: CogniteClient, path: Path) -> None:
    model = json.loads(path.read_text(encoding="utf-8"))
    _deploy(cognite_client, model)

    model_id = DataModelId(model["space"], model["externalId"], model["version"])
    retrieved = cognite_client.data_modeling.data_models.retrieve(model_id, inline_views=True)
    assert len(retrieved) == 1
    assert {v.as_id() for v in retrieved[0].views} == {
        ViewId(v["space"], v["externalId"], v["version"]) for v in model["views"]
    }
    raw = cognite_client.post(
        f"/api/v1/projects/{cognite_client.config.project}/models/datamodels/byids",
        json={"items": [model_id.dump(include_type=False)]},
        params={"inlineViews": True},
    ).json()["items"][0]
    views = {(v["space"], v["externalId"], v["version"]): v for v in raw["views"]}
    expected = {(v["space"], v["externalId"], v["version"]): v for v in model["views"]}
    assert set(views) == set(expected)
    for key, want in expected.items():
        got = views[key]
        assert set(got["properties"]) == set(want["properties"]), key
        for field in ("writable", "usedFor", "queryable"):
            assert got[field] == want[field], (key, field)
        assert {tuple(sorted(c.items())) for c in got["mappedContainers"]} == {
            tuple(sorted(c.items())) for c in want["mappedContainers"]
        }, key
        for prop_id, prop in want["properties"].items():
            mine = got["properties"][prop_id]
            if "container" in prop:
                assert mine["container"]["externalId"] == prop["container"]["externalId"], (key, prop_id)
                assert mine["containerPropertyIdentifier"] == prop["containerPropertyIdentifier"], (
                    key,
                    prop_id,
                )
                assert mine["type"]["type"] == prop["type"]["type"], (key, prop_id)
            else:
                assert mine.get("connectionType") == prop.get("connectionType"), (key, prop_id)
