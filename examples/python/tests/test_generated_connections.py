"""Integration: connections in SDKs generated from the shared corpus (WindTurbine), against the emulator,
sync and async: from a wind turbine, to its blades, to their sensor positions, with a filter at each step."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pygen_runtime as rt

MODEL = Path(__file__).resolve().parents[4] / "shared" / "models" / "WindTurbine.json"
PACKAGE = "wt_connections_sdk"
SPACE = "sp_pygen_power"

pytestmark = pytest.mark.skipif(not MODEL.is_file(), reason=f"the shared corpus is not at {MODEL}")


@pytest.fixture(scope="module")
def wt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The WindTurbine SDK, generated into a temporary folder and imported."""
    from pygen_generator import generate_ir
    from pygen_generator._api import generate_files
    from pygen_generator._output import write_files
    from pygen_generator.validation import GenerateOptions

    root = tmp_path_factory.mktemp("wt")
    write_files(generate_files(generate_ir([MODEL], options=GenerateOptions(package=PACKAGE))), root)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


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
