"""Certification (edge view): properties on the ``certified`` edges Operator -> Equipment."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import Field

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Certification", "1")
Level = Literal["basic", "advanced", "expert"]


class CertificationWrite(rt.EdgeWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    level: Level | None = None
    certified_at: rt.TimestampWrite | None = Field(None, alias="certifiedAt")
    valid_until: date | None = Field(None, alias="validUntil")
    score: rt.Float64 | None = None


class Certification(rt.Edge):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    level: Level | str | None = None
    certified_at: datetime | None = Field(None, alias="certifiedAt")
    valid_until: date | None = Field(None, alias="validUntil")
    score: float | None = None

    def as_write(self) -> CertificationWrite:
        return self._to_write(CertificationWrite)


class CertificationList(rt.InstanceList[Certification]):
    pass


class CertificationFields(rt.EdgeFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    level = rt.EnumProperty[Level]("level")
    certified_at = rt.TimestampProperty("certifiedAt")
    valid_until = rt.DateProperty("validUntil")
    score = rt.FloatProperty("score")


class CertificationAPI(rt.ViewAPI[Certification, CertificationList]):
    _read_cls = Certification
    _list_cls = CertificationList


class AsyncCertificationAPI(rt.AsyncViewAPI[Certification, CertificationList]):
    _read_cls = Certification
    _list_cls = CertificationList
