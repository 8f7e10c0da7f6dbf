"""`make demo`: the example SDK against the embedded emulator, end to end, offline.

Starts pygen-emulator on a free port in this process, deploys examples/models/example.json, then uses
the example SDK (the hand-written target of the generator) the way a user would: upsert, list with
typed filters composed with and/or/not, retrieve, search, aggregate by group, histogram, lazy iteration
(instances, and pages with a resume cursor), and the async client. Every number printed comes from the server.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import get_args

from example_sdk import AsyncExampleClient, EquipmentWrite, ExampleClient, FacilityWrite, PumpWrite
from example_sdk import EquipmentFields as E
from example_sdk.equipment import Status
from pygen_client import ClientConfig
from pygen_emulator import EmulatorHandle, EmulatorServer
from pygen_runtime import InstanceId, avg, count, max_, not_

MODEL = Path(__file__).resolve().parents[1] / "models" / "example.json"
SPACE = "pygen_example"
STATUSES: tuple[Status, ...] = get_args(Status)


def sample_data(n: int) -> list[FacilityWrite | EquipmentWrite]:
    facilities: list[FacilityWrite | EquipmentWrite] = [
        FacilityWrite(space=SPACE, external_id=f"plant-{i}", name=f"Plant {i}", location=f"Site {i}")
        for i in range(3)
    ]
    equipment: list[FacilityWrite | EquipmentWrite] = [
        (PumpWrite if i % 4 == 0 else EquipmentWrite)(
            space=SPACE,
            external_id=f"eq-{i:04d}",
            name=f"{'Pump' if i % 4 == 0 else 'Compressor'} {i}",
            description="Feed-water unit" if i % 5 == 0 else "Process unit",
            serial_number=f"SN-{i:05d}",
            priority=i % 5,
            efficiency=round(0.45 + (i % 37) / 100 + (0.2 if i % 3 == 0 else 0.0), 3),
            is_active=i % 3 != 0,
            status=STATUSES[i % 3],
            installed_at=datetime(2024, 1 + i % 12, 1 + i % 28, tzinfo=timezone.utc),
            commissioned_on=date(2023, 1 + i % 12, 1),
            facility=InstanceId(SPACE, f"plant-{i % 3}"),
        )
        for i in range(n)
    ]
    return facilities + equipment


def run_sync(config: ClientConfig) -> None:
    with ExampleClient(config) as client:
        started = time.perf_counter()
        result = client.upsert(sample_data(2000))
        seconds = time.perf_counter() - started
        print(
            f"upserted {len(result)} instances in {seconds:.2f} s ({len(result) / seconds:,.0f}/s; "
            f"chunks of 1000 run concurrently, so a facility may be auto-created by its equipment first)"
        )

        urgent = client.equipment.list(
            (E.priority.gte(3) & E.status.equals("running")) | not_(E.is_active.equals(True)),
            sort=E.priority.desc(),
            limit=5,
        )
        print("\n(priority >= 3 and running) or not active, top 5 by priority:")
        for item in urgent:
            print(f"  {item.external_id}  {item.name:<16} priority={item.priority} status={item.status}")

        pumps = client.pump.list(E.facility.equals((SPACE, "plant-1")), limit=None)
        print(f"\npumps in plant-1 (through the Pump view, which implements Equipment): {len(pumps)}")
        plant = client.facility.retrieve((SPACE, "plant-0"))
        as_equipment = client.equipment.retrieve((SPACE, "plant-0"))
        print(
            f"plant-0 as a facility: {plant and plant.name!r}; as equipment: {as_equipment} (no data there)"
        )

        hits = client.equipment.search("feed-water", limit=3)
        print(f"search 'feed-water': {[h.external_id for h in hits]}")

        per_status = client.equipment.aggregate([count(), avg(E.efficiency)], group_by=E.status)
        print("\nper status:")
        for group in per_status:
            print(
                f"  {group.group['status']:<12} count={group.value('count')}"
                f"  avg efficiency={group.value('avg', E.efficiency):.3f}"
            )
        print(f"highest priority: {client.equipment.aggregate(max_(E.priority)).value('max', E.priority)}")

        histogram = client.equipment.histogram(E.efficiency, 0.25)
        print("efficiency histogram:", ", ".join(f"[{b.start:.2f}: {b.count}]" for b in histogram.buckets))

        items = sum(1 for _ in client.equipment.iterate(page_size=500))
        pages = list(client.equipment.iterate(E.priority.equals(0), page_size=100).pages())
        print(
            f"iterated {items} equipment, 500 per request (one page in memory at a time); "
            f"priority 0 in {len(pages)} pages of at most 100, cursors {[p.next_cursor is not None for p in pages]}"
        )


async def run_async(config: ClientConfig) -> None:
    async with AsyncExampleClient(config) as client:
        stopped, facilities = await asyncio.gather(
            client.equipment.aggregate(count(), filter=E.status.equals("stopped")),
            client.facility.list(limit=None),
        )
        print(
            f"\nasync client, two requests at once: {stopped.value('count')} stopped, {len(facilities)} facilities"
        )


def main() -> None:
    with EmulatorServer() as server:
        emulator = EmulatorHandle(server)
        deployed = emulator.load_model(MODEL)
        print(f"emulator at {server.base_url}; deployed {MODEL.name}: {deployed}\n")
        run_sync(emulator.config)
        asyncio.run(run_async(emulator.config))


if __name__ == "__main__":
    main()
