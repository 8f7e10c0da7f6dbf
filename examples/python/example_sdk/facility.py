"""Facility: implements Describable; a direct relation to its manager; reverse direct relations.

The reverse relations ``equipment`` (Equipment.facility) and ``backupEquipment`` (Equipment.backupFacilities)
are not stored on the facility: read them with ``client.equipment.list(EquipmentFields.facility.equals(f))``.
"""

from __future__ import annotations

from typing import ClassVar

import pygen_runtime as rt
from example_sdk.describable import Describable, DescribableFields, DescribableWrite

VIEW_ID = rt.ViewId("pygen_example", "Facility", "1")


class FacilityWrite(DescribableWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    location: str | None = None
    manager: rt.DirectRelation | None = None


class Facility(Describable):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    location: str | None = None
    manager: rt.InstanceId | None = None

    def as_write(self) -> FacilityWrite:
        return self._to_write(FacilityWrite)


class FacilityList(rt.InstanceList[Facility]):
    pass


class FacilityFields(DescribableFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    location = rt.TextProperty("location")
    manager = rt.DirectRelationProperty("manager")


class FacilityAPI(rt.ViewAPI[Facility, FacilityList]):
    _read_cls = Facility
    _list_cls = FacilityList


class AsyncFacilityAPI(rt.AsyncViewAPI[Facility, FacilityList]):
    _read_cls = Facility
    _list_cls = FacilityList
