"""Operator: edges to equipment in both directions; a single reverse direct relation (managedFacility).

Edge connections are edges, not stored properties: ``certifications`` are ``Certification`` edges
(type ``CERTIFIED``) from the operator, ``installations`` edges of type ``INSTALLED``, and ``supervises``
the incoming ``SUPERVISED_BY`` edges from equipment.
"""

from __future__ import annotations

from datetime import date

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Operator", "1")
CERTIFIED = rt.InstanceId("pygen_example", "certified")
INSTALLED = rt.InstanceId("pygen_example", "installed")
SUPERVISED_BY = rt.InstanceId("pygen_example", "supervisedBy")


class OperatorProperties(rt.Properties):
    full_name: str | None = None
    email: str | None = None
    hired_on: date | None = None


class OperatorWrite(rt.NodeWrite, OperatorProperties, view=VIEW_ID):
    """An Operator node to create or update."""


class Operator(rt.Node, OperatorProperties, view=VIEW_ID):
    def as_write(self) -> OperatorWrite:
        return self._to_write(OperatorWrite)


class OperatorFields(rt.NodeFields, view=VIEW_ID):
    full_name = rt.TextProperty()
    email = rt.TextProperty()
    hired_on = rt.DateProperty()


class OperatorAPI(rt.ViewAPI[Operator, OperatorWrite, OperatorFields]):
    """Operator nodes: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncOperatorAPI(rt.AsyncViewAPI[Operator, OperatorWrite, OperatorFields]):
    """Operator nodes, async."""
