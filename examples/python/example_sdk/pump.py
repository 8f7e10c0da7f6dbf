"""Pump: implements Equipment (two levels of implements) and adds flow rate and max pressure."""

from __future__ import annotations

import pygen_runtime as rt
from example_sdk.equipment import Equipment, EquipmentFields, EquipmentProperties, EquipmentWrite

VIEW_ID = rt.ViewId("pygen_example", "Pump", "1")


class PumpProperties(EquipmentProperties):
    flow_rate: rt.Float64 | None = None
    max_pressure: rt.Float32 | None = None


class PumpWrite(EquipmentWrite, PumpProperties, view=VIEW_ID):
    """A Pump node to create or update."""


class Pump(Equipment, PumpProperties, view=VIEW_ID):
    def as_write(self) -> PumpWrite:
        return self._to_write(PumpWrite)


class PumpFields(EquipmentFields, view=VIEW_ID):
    flow_rate = rt.FloatProperty()
    max_pressure = rt.FloatProperty()


class PumpAPI(rt.ViewAPI[Pump, PumpWrite, PumpFields]):
    """Pump nodes: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncPumpAPI(rt.AsyncViewAPI[Pump, PumpWrite, PumpFields]):
    """Pump nodes, async."""
