"""Pump: implements Equipment (two levels of implements) and adds flow rate and max pressure."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

import pygen_runtime as rt
from example_sdk.equipment import Equipment, EquipmentFields, EquipmentWrite

VIEW_ID = rt.ViewId("pygen_example", "Pump", "1")


class PumpWrite(EquipmentWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    flow_rate: rt.Float64 | None = Field(None, alias="flowRate")
    max_pressure: rt.Float32 | None = Field(None, alias="maxPressure")


class Pump(Equipment):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    flow_rate: float | None = Field(None, alias="flowRate")
    max_pressure: float | None = Field(None, alias="maxPressure")

    def as_write(self) -> PumpWrite:
        return self._to_write(PumpWrite)


class PumpList(rt.InstanceList[Pump]):
    pass


class PumpFields(EquipmentFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    flow_rate = rt.FloatProperty("flowRate")
    max_pressure = rt.FloatProperty("maxPressure")


class PumpAPI(rt.ViewAPI[Pump, PumpList]):
    _read_cls = Pump
    _list_cls = PumpList


class AsyncPumpAPI(rt.AsyncViewAPI[Pump, PumpList]):
    _read_cls = Pump
    _list_cls = PumpList
