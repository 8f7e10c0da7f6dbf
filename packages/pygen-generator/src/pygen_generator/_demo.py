"""``pygen demo`` / ``make demo``: the generator's main job end to end, offline, in seconds.

Starts pygen-emulator in this process, deploys the example model, *generates* its SDK into a
temporary (or given) folder, imports it, and uses it: upsert, typed filters composed with
and/or/not, retrieve, search, aggregates, histogram, lazy iteration and the async client.
Needs pygen-emulator and pygen-runtime (the generator itself does not).
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

from pygen_generator.errors import InputError

__all__ = ["DEMO_MODEL", "run_demo"]

DEMO_MODEL = Path(__file__).with_name("_demo_model.json")  # a copy of examples/models/example.json
PACKAGE = "pygen_demo_sdk"
SPACE = "pygen_example"


def _step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def _generate(output: Path) -> ModuleType:
    from pygen_generator._api import generate_sdk

    started = time.perf_counter()
    written = generate_sdk(
        DEMO_MODEL, output=output, package=PACKAGE, client_name="DemoClient", overwrite=True
    )
    assert isinstance(written, Path)
    modules = sorted(p.name for p in (written / PACKAGE).glob("*.py"))
    print(
        f"generated {PACKAGE} in {time.perf_counter() - started:.2f} s into {written}: {', '.join(modules)}"
    )
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]
    sys.path.insert(0, str(written))
    importlib.invalidate_caches()
    return importlib.import_module(PACKAGE)


def _sample(sdk: ModuleType, n: int) -> list[Any]:
    from pygen_runtime import InstanceId

    statuses = ("running", "stopped", "maintenance")
    items: list[Any] = [
        sdk.FacilityWrite(space=SPACE, external_id=f"plant-{i}", name=f"Plant {i}", location=f"Site {i}")
        for i in range(3)
    ]
    for i in range(n):
        cls = sdk.PumpWrite if i % 4 == 0 else sdk.EquipmentWrite
        items.append(
            cls(
                space=SPACE,
                external_id=f"eq-{i:04d}",
                name=f"{'Pump' if i % 4 == 0 else 'Compressor'} {i}",
                description="Feed-water unit" if i % 5 == 0 else "Process unit",
                serial_number=f"SN-{i:05d}",
                priority=i % 5,
                efficiency=round(0.45 + (i % 37) / 100, 3),
                is_active=i % 3 != 0,
                status=statuses[i % 3],
                installed_at=datetime(2024, 1 + i % 12, 1 + i % 28, tzinfo=timezone.utc),
                commissioned_on=date(2023, 1 + i % 12, 1),
                facility=InstanceId(SPACE, f"plant-{i % 3}"),
            )
        )
    return items


def _use(sdk: ModuleType, config: Any) -> None:
    from pygen_runtime import avg, count, max_, not_

    fields = sdk.EquipmentFields
    with sdk.DemoClient(config) as client:
        _step(
            "upsert 3 facilities and 1,000 equipment (every 4th a pump) through the generated write classes"
        )
        started = time.perf_counter()
        result = client.upsert(_sample(sdk, 1000))
        print(f"upserted {len(result)} instances in {time.perf_counter() - started:.2f} s")

        _step("list: (priority >= 3 and running) or not active, top 5 by priority")
        urgent = client.equipment.list(
            (fields.priority.gte(3) & fields.status.equals("running")) | not_(fields.is_active.equals(True)),
            sort=fields.priority.desc(),
            limit=5,
        )
        for item in urgent:
            print(f"  {item.external_id}  {item.name:<16} priority={item.priority} status={item.status}")

        _step("filter through a child view: pumps in plant-1 (Pump implements Equipment)")
        pumps = client.pump.list(fields.facility.equals((SPACE, "plant-1")), limit=None)
        print(f"{len(pumps)} pumps; first: {pumps[0].external_id if pumps else None}")
        plant = client.facility.retrieve((SPACE, "plant-0"))
        print(f"retrieve plant-0: {plant.name if plant else None!r}")

        _step("search 'feed-water'")
        print([hit.external_id for hit in client.equipment.search("feed-water", limit=3)])

        _step("aggregate: count and average efficiency per status; the highest priority")
        for group in client.equipment.aggregate([count(), avg(fields.efficiency)], group_by=fields.status):
            print(
                f"  {group.group['status']:<12} count={group.value('count')}"
                f"  avg efficiency={group.value('avg', fields.efficiency):.3f}"
            )
        print(
            f"highest priority: {client.equipment.aggregate(max_(fields.priority)).value('max', fields.priority)}"
        )
        histogram = client.equipment.histogram(fields.efficiency, 0.25)
        print("efficiency histogram:", ", ".join(f"[{b.start:.2f}: {b.count}]" for b in histogram.buckets))

        _step("iterate lazily, 250 per request")
        print(f"{sum(1 for _ in client.equipment.iterate(page_size=250))} equipment")

    async def run_async() -> None:
        async with sdk.AsyncDemoClient(config) as aclient:
            stopped, facilities = await asyncio.gather(
                aclient.equipment.aggregate(count(), filter=fields.status.equals("stopped")),
                aclient.facility.list(limit=None),
            )
            print(f"{stopped.value('count')} stopped, {len(facilities)} facilities (two requests at once)")

    _step("the async client")
    asyncio.run(run_async())


def run_demo(output: Path | None = None) -> None:
    try:
        from pygen_emulator import EmulatorHandle, EmulatorServer
    except ImportError:
        raise InputError(
            "pygen demo needs pygen-emulator and pygen-runtime", "pip install pygen-emulator pygen-runtime"
        ) from None
    with tempfile.TemporaryDirectory(prefix="pygen-demo-") as tmp, EmulatorServer() as server:
        emulator = EmulatorHandle(server)
        _step(f"start pygen-emulator at {server.base_url}; deploy the example model")
        print(f"deployed {emulator.load_model(DEMO_MODEL)}")
        _step("generate the SDK")
        sdk = _generate(output or Path(tmp) / "sdk")
        _use(sdk, emulator.config)
        print("\ndone.")
