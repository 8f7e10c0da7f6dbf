"""The validated model: which views and properties are generated, under which names, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pygen_client import ViewId
from pygen_client.schema import EdgeConnection, MappedProperty, ReverseDirectRelation, View
from pygen_generator.loaders import LoadedModel
from pygen_generator.validation._issues import Issue
from pygen_generator.validation._options import GenerateOptions
from pygen_generator.validation._package import PackageNames

__all__ = ["InstanceKind", "PropertyPlan", "ValidatedModel", "ViewPlan"]

InstanceKind = Literal["node", "edge"]
ConnectionProperty = MappedProperty | EdgeConnection | ReverseDirectRelation


@dataclass
class PropertyPlan:
    """One view property that will be generated."""

    prop_id: str
    prop: ConnectionProperty
    python_name: str
    typescript_name: str
    read_only: bool = False  # left out of write classes
    direct_target: ViewId | None = None  # the SDK view a direct relation points to (None: a node reference)
    connection_target: ViewId | None = None  # the SDK view an edge/reverse relation reaches (None: outside)
    edge_source: ViewId | None = None  # the SDK edge view holding an edge's properties
    inherited: bool = False  # declared (identically) by a parent read class in the SDK
    write_inherited: bool = False  # declared by a parent write class in the SDK


@dataclass
class ViewPlan:
    view: View
    view_id: ViewId
    class_name: str  # PascalCase, unique in the SDK (both languages)
    module: str  # Python module (snake_case)
    typescript_module: str  # TypeScript file stem (kebab-case)
    client_attribute: str  # Python client attribute (snake_case)
    typescript_type_name: str  # TypeScript read type (PascalCase): the class name unless it shadows a global
    typescript_client_property: str  # TypeScript client property (camelCase, not an InstanceClient member)
    kinds: tuple[InstanceKind, ...]
    writable: bool
    parents: list[ViewId] = field(default_factory=list)  # SDK views it inherits from (valid MRO)
    write_parents: list[ViewId] = field(default_factory=list)  # the writable ones among them
    properties: list[PropertyPlan] = field(default_factory=list)


@dataclass
class ValidatedModel:
    models: list[LoadedModel]
    views: list[ViewPlan]  # sorted by module name
    reference_views: dict[ViewId, View]  # referenced, not generated
    issues: list[Issue]
    options: GenerateOptions
    names: PackageNames  # the checked package, client and npm names

    def view(self, view_id: ViewId) -> ViewPlan:
        for plan in self.views:
            if plan.view_id == view_id:
                return plan
        raise KeyError(view_id)
