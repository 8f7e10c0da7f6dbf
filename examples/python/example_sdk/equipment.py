"""Equipment: every primitive type (single and list), an enum, a time series, direct relations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

import pygen_runtime as rt
from example_sdk.describable import Describable, DescribableFields, DescribableWrite

VIEW_ID = rt.ViewId("pygen_example", "Equipment", "1")
Status = Literal["running", "stopped", "maintenance"]


class EquipmentWrite(DescribableWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    serial_number: str = Field(alias="serialNumber")
    aliases: list[str] | None = None
    priority: rt.Int32 | None = None
    maintenance_intervals: list[rt.Int32] | None = Field(None, alias="maintenanceIntervals")
    operating_hours: rt.Int64 | None = Field(None, alias="operatingHours")
    counter_readings: list[rt.Int64] | None = Field(None, alias="counterReadings")
    weight_kg: rt.Float32 | None = Field(None, alias="weightKg")
    vibration_limits: list[rt.Float32] | None = Field(None, alias="vibrationLimits")
    efficiency: rt.Float64 | None = None
    calibration_factors: list[rt.Float64] | None = Field(None, alias="calibrationFactors")
    is_active: bool | None = Field(None, alias="isActive")
    alarm_flags: list[bool] | None = Field(None, alias="alarmFlags")
    installed_at: rt.TimestampWrite | None = Field(None, alias="installedAt")
    inspection_times: list[rt.TimestampWrite] | None = Field(None, alias="inspectionTimes")
    commissioned_on: date | None = Field(None, alias="commissionedOn")
    service_dates: list[date] | None = Field(None, alias="serviceDates")
    specification: rt.JsonObject | None = None
    documents: list[rt.JsonObject] | None = None
    status: Status | None = None
    temperature_series: str | None = Field(None, alias="temperatureSeries")
    facility: rt.DirectRelation | None = None
    backup_facilities: list[rt.DirectRelation] | None = Field(None, alias="backupFacilities")


class Equipment(Describable):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    serial_number: str | None = Field(None, alias="serialNumber")
    aliases: list[str] | None = None
    priority: int | None = None
    maintenance_intervals: list[int] | None = Field(None, alias="maintenanceIntervals")
    operating_hours: int | None = Field(None, alias="operatingHours")
    counter_readings: list[int] | None = Field(None, alias="counterReadings")
    weight_kg: float | None = Field(None, alias="weightKg")
    vibration_limits: list[float] | None = Field(None, alias="vibrationLimits")
    efficiency: float | None = None
    calibration_factors: list[float] | None = Field(None, alias="calibrationFactors")
    is_active: bool | None = Field(None, alias="isActive")
    alarm_flags: list[bool] | None = Field(None, alias="alarmFlags")
    installed_at: datetime | None = Field(None, alias="installedAt")
    inspection_times: list[datetime] | None = Field(None, alias="inspectionTimes")
    commissioned_on: date | None = Field(None, alias="commissionedOn")
    service_dates: list[date] | None = Field(None, alias="serviceDates")
    specification: dict[str, Any] | None = None
    documents: list[dict[str, Any]] | None = None
    status: Status | str | None = None  # unknown values are kept, not rejected (schema drift)
    temperature_series: str | None = Field(None, alias="temperatureSeries")
    facility: rt.InstanceId | None = None
    backup_facilities: list[rt.InstanceId] | None = Field(None, alias="backupFacilities")

    def as_write(self) -> EquipmentWrite:
        return self._to_write(EquipmentWrite)


class EquipmentList(rt.InstanceList[Equipment]):
    pass


class EquipmentFields(DescribableFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    serial_number = rt.TextProperty("serialNumber")
    aliases = rt.ListProperty[str]("aliases")
    priority = rt.IntProperty("priority")
    maintenance_intervals = rt.ListProperty[int]("maintenanceIntervals")
    operating_hours = rt.IntProperty("operatingHours")
    counter_readings = rt.ListProperty[int]("counterReadings")
    weight_kg = rt.FloatProperty("weightKg")
    vibration_limits = rt.ListProperty[float]("vibrationLimits")
    efficiency = rt.FloatProperty("efficiency")
    calibration_factors = rt.ListProperty[float]("calibrationFactors")
    is_active = rt.BooleanProperty("isActive")
    alarm_flags = rt.ListProperty[bool]("alarmFlags")
    installed_at = rt.TimestampProperty("installedAt")
    inspection_times = rt.ListProperty.of_timestamps("inspectionTimes")
    commissioned_on = rt.DateProperty("commissionedOn")
    service_dates = rt.ListProperty.of_dates("serviceDates")
    status = rt.EnumProperty[Status]("status")
    temperature_series = rt.TextProperty("temperatureSeries")
    facility = rt.DirectRelationProperty("facility")
    backup_facilities = rt.ListProperty.of_direct_relations("backupFacilities")


class EquipmentAPI(rt.ViewAPI[Equipment, EquipmentList]):
    _read_cls = Equipment
    _list_cls = EquipmentList


class AsyncEquipmentAPI(rt.AsyncViewAPI[Equipment, EquipmentList]):
    _read_cls = Equipment
    _list_cls = EquipmentList
