"""Integration: connections in SDKs generated from the shared corpus, against the emulator, sync and async:
WindTurbine (from a wind turbine, to its blades, to their sensor positions, with a filter at each step) and
CogniteCore (an asset hierarchy through the reverse of ``parent``, time series through the reverse of the
list relation ``assets``)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pygen_runtime as rt

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "models"
MODEL = CORPUS / "WindTurbine.json"
PACKAGE = "wt_connections_sdk"
SPACE = "sp_pygen_power"
CORE_PACKAGE = "core_connections_sdk"
CORE_SPACE = "core_connections"

pytestmark = pytest.mark.skipif(not MODEL.is_file(), reason=f"the shared corpus is not at {CORPUS}")


def _generated(root: Path, model: Path, package: str) -> Iterator[Any]:
    """The SDK of ``model``, generated into ``root`` and imported (and forgotten afterwards)."""
    from pygen_generator import generate_ir
    from pygen_generator._api import generate_files
    from pygen_generator._output import write_files
    from pygen_generator.validation import GenerateOptions

    write_files(generate_files(generate_ir([model], options=GenerateOptions(package=package))), root)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def wt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _generated(tmp_path_factory.mktemp("wt"), MODEL, PACKAGE)


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _generated(tmp_path_factory.mktemp("core"), CORPUS / "CogniteCore.json", CORE_PACKAGE)


@pytest.fixture(params=["sync", "async"])
async def client(request: pytest.FixtureRequest, emulator: Any, wt: Any) -> Any:
    emulator.load_model(MODEL)
    if request.param == "sync":
        with wt.WindTurbineClient(emulator.config) as sync_client:
            yield sync_client
    else:
        async with wt.AsyncWindTurbineClient(emulator.config) as async_client:
            yield async_client


async def run(value: Any) -> Any:
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    if isinstance(value, (rt.InstanceIterator, Iterator)):
        return list(value)
    if hasattr(value, "__await__"):
        return await value
    return value


def xid(external_id: str) -> rt.InstanceId:
    return rt.InstanceId(SPACE, external_id)


async def test_from_a_wind_turbine_to_its_blades_to_their_sensor_positions(client: Any, wt: Any) -> None:
    from importlib import import_module

    blade = import_module(f"{PACKAGE}.blade")
    position = import_module(f"{PACKAGE}.sensor_position")
    turbine = import_module(f"{PACKAGE}.wind_turbine")
    blades = [
        blade.BladeWrite(space=SPACE, external_id=f"wt{t}-blade{b}", name=f"B{b}", is_damaged=b == 1)
        for t in (1, 2)
        for b in (1, 2, 3)
    ]
    turbines = [
        turbine.WindTurbineWrite(
            space=SPACE,
            external_id=f"wt{t}",
            name=f"WT-0{t}",
            blades=[xid(f"wt{t}-blade{b}") for b in (1, 2, 3)],
        )
        for t in (1, 2)
    ]
    positions = [
        position.SensorPositionWrite(
            space=SPACE, external_id=f"{b.external_id}-pos{p}", blade=b.id, position=float(p * 10)
        )
        for b in blades
        for p in (1, 2, 3)
    ]
    await run(client.upsert([*blades, *turbines, *positions]))

    found = await run(
        client.wind_turbine.query(filter=turbine.WindTurbineFields.name.equals("WT-01"))
        .follow(turbine.WindTurbineFields.blades, filter=blade.BladeFields.is_damaged.equals(True))
        .follow(blade.BladeFields.sensor_positions, filter=position.SensorPositionFields.position.gte(20))
        .list(limit=None)
    )
    assert sorted(p.external_id for p in found) == ["wt1-blade1-pos2", "wt1-blade1-pos3"]
    assert all(isinstance(p, position.SensorPosition) for p in found)

    nested = await run(
        client.blade.list(
            filter=blade.BladeFields.name.equals("B2"),
            include={
                blade.BladeFields.sensor_positions: rt.Include(
                    sort=position.SensorPositionFields.position.desc()
                )
            },
        )
    )
    assert len(nested) == 2
    for b in nested:
        assert [p.position for p in b.sensor_positions] == [30.0, 20.0, 10.0]


@pytest.fixture(params=["sync", "async"])
async def core_client(request: pytest.FixtureRequest, emulator: Any, core: Any) -> Any:
    """CogniteCore is built into the emulator (read only, as in CDF): only an instance space is made."""
    from pygen_client import PygenClient

    with PygenClient(emulator.config) as setup:
        setup.post("/models/spaces", json={"items": [{"space": CORE_SPACE}]})
    if request.param == "sync":
        with core.CogniteCoreClient(emulator.config) as sync_client:
            yield sync_client
    else:
        async with core.AsyncCogniteCoreClient(emulator.config) as async_client:
            yield async_client


async def test_cognite_core_asset_hierarchy_and_time_series(core_client: Any) -> None:
    from importlib import import_module

    asset = import_module(f"{CORE_PACKAGE}.cognite_asset")
    series = import_module(f"{CORE_PACKAGE}.cognite_time_series")
    fields = asset.CogniteAssetFields

    def cid(external_id: str) -> rt.InstanceId:
        return rt.InstanceId(CORE_SPACE, external_id)

    assets = [asset.CogniteAssetWrite(space=CORE_SPACE, external_id="root", name="root")]
    assets += [
        asset.CogniteAssetWrite(
            space=CORE_SPACE, external_id=f"area{a}", name=f"area {a}", parent=cid("root")
        )
        for a in (1, 2)
    ]
    assets += [
        asset.CogniteAssetWrite(
            space=CORE_SPACE, external_id=f"pump{a}{p}", name=f"pump {p}", parent=cid(f"area{a}")
        )
        for a in (1, 2)
        for p in (1, 2, 3)
    ]
    timeseries = [
        series.CogniteTimeSeriesWrite(
            space=CORE_SPACE,
            external_id=f"ts{p}",
            name=f"pressure {p}",
            type_="numeric",
            assets=[cid(f"pump1{p}"), cid(f"pump2{p}")],
        )
        for p in (1, 2, 3)
    ]
    await run(core_client.upsert([*assets, *timeseries]))

    pumps = await run(
        core_client.cognite_asset.query(filter=fields.external_id.equals("root"))
        .follow(fields.children, filter=fields.name.equals("area 2"))
        .follow(fields.children, filter=fields.name.in_(["pump 1", "pump 3"]))
        .list()
    )
    assert sorted(p.external_id for p in pumps) == ["pump21", "pump23"]
    measured = await run(
        core_client.cognite_asset.query(filter=fields.external_id.equals("area1"))
        .follow(fields.children)
        .follow(fields.time_series, filter=series.CogniteTimeSeriesFields.name.prefix("pressure"))
        .ids()
    )
    assert sorted(t.external_id for t in measured) == ["ts1", "ts2", "ts3"]
    root = await run(
        core_client.cognite_asset.retrieve(
            cid("root"), include={fields.children: rt.Include(include={fields.children: "ids"})}
        )
    )
    assert sorted(a.external_id for a in root.children) == ["area1", "area2"]
    assert all(len(a.children) == 3 for a in root.children)
