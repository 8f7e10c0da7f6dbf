"""The client against the real HTTP server of pygen-emulator (skipped when it is not installed)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygen_emulator")

from pygen_client import (
    AsyncPygenClient,
    BadRequestError,
    ClientConfig,
    ContainerId,
    DataModelId,
    PygenClient,
    SpaceId,
    Token,
)
from pygen_client.schema import Container, DataModel, SpaceApply, View

MODELS_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "models"


def _deploy(client: PygenClient, data: dict[str, Any]) -> DataModel:
    """Deploy a corpus model, unless the server has it built in (CDF serves the core model in global,
    read-only system spaces, and so does the emulator): then it is only read back."""
    built_in = any(space.is_global for space in client.spaces.retrieve(data["space"]))
    if not built_in:
        spaces = (
            {c["space"] for c in data["containers"]} | {v["space"] for v in data["views"]} | {data["space"]}
        )
        client.spaces.create([SpaceApply(space=space) for space in sorted(spaces)])
        client.containers.create([Container.model_validate(c) for c in data["containers"]])
        client.views.create([View.model_validate(v) for v in data["views"]])
        model_keys = ("space", "externalId", "version", "name", "description", "views")
        client.data_models.create(
            DataModel.model_validate({k: v for k, v in data.items() if k in model_keys})
        )
    (model,) = client.data_models.retrieve(
        DataModelId(data["space"], data["externalId"], data["version"]), inline_views=True
    )
    return model


@pytest.mark.skipif(
    not MODELS_DIR.is_dir(),
    reason=f"the shared model corpus ({MODELS_DIR}: 20 public CDF data models, used to check real models) is not present; it is optional",
)
@pytest.mark.parametrize("name", ["CogniteCore", "Omni"])
def test_deploy_and_read_back_a_corpus_model(emulator: Any, name: str) -> None:
    data = json.loads((MODELS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    with PygenClient(emulator.config) as client:
        model = _deploy(client, data)
        views = {view.external_id: view for view in model.inlined_views()}
        assert set(views) == {v["externalId"] for v in data["views"]}
        for raw in data["views"]:
            assert set(views[raw["externalId"]].properties) == set(raw["properties"]), raw["externalId"]
        assert len(client.views.list(limit=7, space=data["space"], include_global=True)) == 7
        all_views = client.views.list(limit=None, space=data["space"], include_global=True)
        assert len(all_views) == sum(1 for v in data["views"] if v["space"] == data["space"])
        pages = list(client.containers.iterate(page_size=5, space=data["space"], include_global=True))
        assert all(len(page) <= 5 for page in pages)
        assert sum(len(page) for page in pages) == sum(
            1 for c in data["containers"] if c["space"] == data["space"]
        )


def test_errors_from_the_server_carry_the_request_id(emulator: Any) -> None:
    with PygenClient(emulator.config) as client:
        container = {
            "space": "does_not_exist",
            "externalId": "C",
            "properties": {"p": {"type": {"type": "text"}}},
        }
        with pytest.raises(BadRequestError) as info:
            client.containers.create(container)
    assert info.value.status == 400
    assert info.value.request_id


def test_retries_ride_out_injected_faults(emulator: Any) -> None:
    emulator.set_faults(0.5, seed=7)
    sleeps: list[float] = []
    with PygenClient(emulator.config, sleep=sleeps.append) as client:
        client.spaces.create([SpaceApply(space=f"s{i}") for i in range(20)])
        assert len(client.spaces.list(limit=None)) == 20
        assert client.spaces.delete([SpaceId(f"s{i}") for i in range(20)]) == [
            SpaceId(f"s{i}") for i in range(20)
        ]
    assert sleeps, "the fault rate should have caused at least one retry"


async def test_async_client_against_the_server(emulator: Any) -> None:
    async with AsyncPygenClient(emulator.config) as client:
        await client.spaces.create([SpaceApply(space=f"a{i}") for i in range(3)])
        pages = [page async for page in client.spaces.iterate(page_size=2)]
        assert [len(page) for page in pages] == [2, 1]
        assert len(await client.spaces.retrieve(["a0", "zz"])) == 1


def test_secret_token_never_logged(emulator: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "never-log-this-token-1234"
    config = ClientConfig(base_url=emulator.base_url, project=emulator.project, credentials=Token(secret))
    with PygenClient(config) as client:
        client.spaces.create(SpaceApply(space="logged"))
        client.spaces.list()
        with pytest.raises(BadRequestError) as info:
            client.post("/models/containers", json={"items": [{"space": "nope"}]})
    assert caplog.text, "expected httpx/httpcore debug logs"
    assert secret not in caplog.text
    assert secret not in str(info.value)
    assert secret not in repr(info.value)


def test_delete_container_constraints_and_indexes(emulator: Any) -> None:
    with PygenClient(emulator.config) as client:
        client.spaces.create(SpaceApply(space="sp"))
        client.containers.create(
            {
                "space": "sp",
                "externalId": "C",
                "properties": {"name": {"type": {"type": "text"}}},
                "constraints": {"u": {"constraintType": "uniqueness", "properties": ["name"]}},
                "indexes": {"i": {"indexType": "btree", "properties": ["name"]}},
            }
        )
        cid = ContainerId("sp", "C")
        assert client.containers.delete_constraints([(cid, "u")]) == [(cid, "u")]
        assert client.containers.delete_indexes([(cid, "i")]) == [(cid, "i")]
        (container,) = client.containers.retrieve(cid)
        assert not container.constraints
        assert not container.indexes
        with pytest.raises(TypeError, match="delete_indexes takes"):
            client.containers.delete_indexes([cid])  # type: ignore[list-item]
