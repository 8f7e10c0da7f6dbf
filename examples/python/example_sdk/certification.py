"""Certification (edge view): properties on the ``certified`` edges Operator -> Equipment."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Certification", "1")
Level = Literal["basic", "advanced", "expert"]


class CertificationProperties(rt.Properties):
    level: Level | str | None = None  # a value added to the model later is kept on read
    certified_at: rt.Timestamp | None = None
    valid_until: date | None = None
    score: rt.Float64 | None = None


class CertificationWrite(rt.EdgeWrite, CertificationProperties, view=VIEW_ID):
    level: Level | None = None


class Certification(rt.Edge, CertificationProperties, view=VIEW_ID):
    def as_write(self) -> CertificationWrite:
        return self._to_write(CertificationWrite)


class CertificationFields(rt.EdgeFields, view=VIEW_ID):
    level = rt.EnumProperty[Level]()
    certified_at = rt.TimestampProperty()
    valid_until = rt.DateProperty()
    score = rt.FloatProperty()


class CertificationAPI(rt.ViewAPI[Certification, CertificationWrite, CertificationFields]):
    """Certification edges: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncCertificationAPI(rt.AsyncViewAPI[Certification, CertificationWrite, CertificationFields]):
    """Certification edges, async."""
