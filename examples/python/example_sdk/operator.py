"""Operator: edges to equipment in both directions; a single reverse direct relation (managedFacility).

Edge connections are edges, not stored properties: ``certifications`` are ``Certification`` edges
(type ``CERTIFIED``) from the operator, ``installations`` edges of type ``INSTALLED``, and ``supervises``
the incoming ``SUPERVISED_BY`` edges from equipment.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Operator", "1")
CERTIFIED = rt.InstanceId("pygen_example", "certified")
INSTALLED = rt.InstanceId("pygen_example", "installed")
SUPERVISED_BY = rt.InstanceId("pygen_example", "supervisedBy")


class OperatorWrite(rt.NodeWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    full_name: str | None = Field(None, alias="fullName")
    email: str | None = None
    hired_on: date | None = Field(None, alias="hiredOn")


class Operator(rt.Node):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    full_name: str | None = Field(None, alias="fullName")
    email: str | None = None
    hired_on: date | None = Field(None, alias="hiredOn")

    def as_write(self) -> OperatorWrite:
        return self._to_write(OperatorWrite)


class OperatorList(rt.InstanceList[Operator]):
    pass


class OperatorFields(rt.NodeFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    full_name = rt.TextProperty("fullName")
    email = rt.TextProperty("email")
    hired_on = rt.DateProperty("hiredOn")


class OperatorAPI(rt.ViewAPI[Operator, OperatorList]):
    _read_cls = Operator
    _list_cls = OperatorList


class AsyncOperatorAPI(rt.AsyncViewAPI[Operator, OperatorList]):
    _read_cls = Operator
    _list_cls = OperatorList
