"""Facility: implements Describable; a direct relation to its manager; reverse direct relations.

The reverse relations ``equipment`` (Equipment.facility) and ``backupEquipment`` (Equipment.backupFacilities)
are not stored on the facility: read them with ``client.equipment.list(EquipmentFields.facility.equals(f))``.
"""

from __future__ import annotations

import pygen_runtime as rt
from example_sdk.describable import Describable, DescribableFields, DescribableProperties, DescribableWrite

VIEW_ID = rt.ViewId("pygen_example", "Facility", "1")


class FacilityProperties(DescribableProperties):
    location: str | None = None
    manager: rt.DirectRelation | None = None


class FacilityWrite(DescribableWrite, FacilityProperties, view=VIEW_ID):
    """A Facility node to create or update."""


class Facility(Describable, FacilityProperties, view=VIEW_ID):
    def as_write(self) -> FacilityWrite:
        return self._to_write(FacilityWrite)


class FacilityFields(DescribableFields, view=VIEW_ID):
    location = rt.TextProperty()
    manager = rt.DirectRelationProperty()


class FacilityAPI(rt.ViewAPI[Facility, FacilityWrite, FacilityFields]):
    """Facility nodes: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncFacilityAPI(rt.AsyncViewAPI[Facility, FacilityWrite, FacilityFields]):
    """Facility nodes, async."""
