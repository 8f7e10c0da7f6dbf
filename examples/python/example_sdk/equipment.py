"""Equipment: every primitive type (single and list), an enum, a time series, direct relations."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pygen_runtime as rt
from example_sdk.describable import Describable, DescribableFields, DescribableProperties, DescribableWrite

VIEW_ID = rt.ViewId("pygen_example", "Equipment", "1")
Status = Literal["running", "stopped", "maintenance"]


class EquipmentProperties(DescribableProperties):
    serial_number: str
    aliases: list[str] | None = None
    priority: rt.Int32 | None = None
    maintenance_intervals: list[rt.Int32] | None = None
    operating_hours: rt.Int64 | None = None
    counter_readings: list[rt.Int64] | None = None
    weight_kg: rt.Float32 | None = None
    vibration_limits: list[rt.Float32] | None = None
    efficiency: rt.Float64 | None = None
    calibration_factors: list[rt.Float64] | None = None
    is_active: bool | None = None
    alarm_flags: list[bool] | None = None
    installed_at: rt.Timestamp | None = None
    inspection_times: list[rt.Timestamp] | None = None
    commissioned_on: date | None = None
    service_dates: list[date] | None = None
    specification: rt.JsonObject | None = None
    documents: list[rt.JsonObject] | None = None
    status: Status | str | None = None  # a value added to the model later is kept on read
    temperature_series: str | None = None
    facility: rt.DirectRelation | None = None
    backup_facilities: list[rt.DirectRelation] | None = None


class EquipmentWrite(DescribableWrite, EquipmentProperties, view=VIEW_ID):
    status: Status | None = None


class Equipment(Describable, EquipmentProperties, view=VIEW_ID):
    def as_write(self) -> EquipmentWrite:
        return self._to_write(EquipmentWrite)


class EquipmentFields(DescribableFields, view=VIEW_ID):
    serial_number = rt.TextProperty()
    aliases = rt.ListProperty[str]()
    priority = rt.IntProperty()
    maintenance_intervals = rt.ListProperty[int]()
    operating_hours = rt.IntProperty()
    counter_readings = rt.ListProperty[int]()
    weight_kg = rt.FloatProperty()
    vibration_limits = rt.ListProperty[float]()
    efficiency = rt.FloatProperty()
    calibration_factors = rt.ListProperty[float]()
    is_active = rt.BooleanProperty()
    alarm_flags = rt.ListProperty[bool]()
    installed_at = rt.TimestampProperty()
    inspection_times = rt.ListProperty.of_timestamps()
    commissioned_on = rt.DateProperty()
    service_dates = rt.ListProperty.of_dates()
    status = rt.EnumProperty[Status]()
    temperature_series = rt.TextProperty()
    facility = rt.DirectRelationProperty()
    backup_facilities = rt.ListProperty.of_direct_relations()


class EquipmentAPI(rt.ViewAPI[Equipment, EquipmentWrite, EquipmentFields]):
    """Equipment nodes: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncEquipmentAPI(rt.AsyncViewAPI[Equipment, EquipmentWrite, EquipmentFields]):
    """Equipment nodes, async."""
