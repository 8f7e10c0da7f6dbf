"""Describable (interface): name and description. Implemented by Equipment and Facility."""

from __future__ import annotations

from typing import ClassVar

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Describable", "1")


class DescribableWrite(rt.NodeWrite):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    name: str | None = None
    description: str | None = None


class Describable(rt.Node):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    name: str | None = None
    description: str | None = None

    def as_write(self) -> DescribableWrite:
        return self._to_write(DescribableWrite)


class DescribableList(rt.InstanceList[Describable]):
    pass


class DescribableFields(rt.NodeFields):
    _view_id: ClassVar[rt.ViewId] = VIEW_ID
    name = rt.TextProperty("name")
    description = rt.TextProperty("description")


class DescribableAPI(rt.ViewAPI[Describable, DescribableList]):
    _read_cls = Describable
    _list_cls = DescribableList


class AsyncDescribableAPI(rt.AsyncViewAPI[Describable, DescribableList]):
    _read_cls = Describable
    _list_cls = DescribableList
