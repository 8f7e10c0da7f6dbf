"""Describable (interface): name and description. Implemented by Equipment and Facility."""

from __future__ import annotations

import pygen_runtime as rt

VIEW_ID = rt.ViewId("pygen_example", "Describable", "1")


class DescribableProperties(rt.Properties):
    name: str | None = None
    description: str | None = None


class DescribableWrite(rt.NodeWrite, DescribableProperties, view=VIEW_ID):
    """A Describable node to create or update."""


class Describable(rt.Node, DescribableProperties, view=VIEW_ID):
    def as_write(self) -> DescribableWrite:
        return self._to_write(DescribableWrite)


class DescribableFields(rt.NodeFields, view=VIEW_ID):
    name = rt.TextProperty()
    description = rt.TextProperty()


class DescribableAPI(rt.ViewAPI[Describable, DescribableWrite, DescribableFields]):
    """Describable nodes: retrieve, list, iterate, search, aggregate, upsert, delete."""


class AsyncDescribableAPI(rt.AsyncViewAPI[Describable, DescribableWrite, DescribableFields]):
    """Describable nodes, async."""
