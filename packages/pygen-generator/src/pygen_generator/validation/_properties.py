"""Check and name every view property; degrade what cannot be generated, with a warning each."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pygen_client import ViewId
from pygen_client.schema import (
    DirectRelationType,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    UnknownPropertyType,
    View,
    ViewReference,
)
from pygen_generator.errors import InputError
from pygen_generator.validation._graph import show
from pygen_generator.validation._issues import Issue
from pygen_generator.validation._names import (
    PYTHON_FIELD_RESERVED,
    TYPESCRIPT_FIELD_RESERVED,
    safe_python_field,
    safe_typescript_field,
)
from pygen_generator.validation._plan import PropertyPlan, ViewPlan

__all__ = ["READ_ONLY_CONTAINER_PROPERTIES", "plan_properties"]

# Container properties CDF maintains itself: never written (CogniteCore's asset hierarchy and file upload).
READ_ONLY_CONTAINER_PROPERTIES = frozenset(
    {
        ("cdf_cdm", "CogniteAsset", "assetHierarchy_path"),
        ("cdf_cdm", "CogniteAsset", "assetHierarchy_root"),
        ("cdf_cdm", "CogniteAsset", "assetHierarchy_path_last_updated_time"),
        ("cdf_cdm", "CogniteFile", "isUploaded"),
        ("cdf_cdm", "CogniteFile", "uploadedTime"),
    }
)


def _comparable(prop: Any) -> dict[str, Any]:
    data: dict[str, Any] = prop.dump()
    for key in ("name", "description", "constraintState"):
        data.pop(key, None)
    return data


def _target(ref: ViewReference | None, sdk: Mapping[ViewId, ViewPlan]) -> ViewId | None:
    if ref is None:
        return None
    view_id = ref.as_id()
    if view_id in sdk:
        return view_id
    if view_id.version is None:
        matches = sorted(
            (v for v in sdk if (v.space, v.external_id) == (view_id.space, view_id.external_id)), key=str
        )
        return matches[-1] if matches else None
    return None


class _Planner:
    def __init__(
        self, sdk: Mapping[ViewId, ViewPlan], known: Mapping[ViewId, View], issues: list[Issue]
    ) -> None:
        self.sdk = sdk
        self.known = known
        self.issues = issues

    def warn(self, code: str, where: str, message: str, action: str) -> None:
        self.issues.append(Issue(code, where, message, action))

    def _parent_property(self, plan: ViewPlan, prop_id: str, write: bool) -> PropertyPlan | None:
        for parent_id in plan.write_parents if write else plan.parents:
            parent = self.sdk[parent_id]
            for candidate in parent.properties:
                if candidate.prop_id == prop_id:
                    if write and (candidate.read_only or not parent.writable):
                        continue
                    return candidate
            found = self._parent_property(parent, prop_id, write)
            if found is not None:
                return found
        return None

    def _reverse_ok(self, where: str, prop: ReverseDirectRelation) -> ViewId | bool | None:
        source = self.known.get(prop.source.as_id()) if prop.source.version else None
        if source is None:
            source_id = _target(prop.source, {v: self.sdk[v] for v in self.sdk})
            source = self.sdk[source_id].view if source_id is not None else None
        if source is None:
            self.warn(
                "reverse-target-missing",
                where,
                f"the reverse relation's source view {show(prop.source.as_id())} is not in the model",
                "property dropped",
            )
            return False
        through = prop.through
        if isinstance(through.source, ViewReference):
            through_view = self.known.get(through.source.as_id()) or source
            target = through_view.properties.get(through.identifier)
            if not isinstance(target, MappedProperty) or not isinstance(target.type, DirectRelationType):
                self.warn(
                    "reverse-through-missing",
                    where,
                    f"the reverse relation goes through "
                    f"{through_view.external_id}.{through.identifier}, which is not a direct relation there",
                    "property dropped",
                )
                return False
        return _target(prop.source, self.sdk)

    def plan(self, plan: ViewPlan) -> None:
        view = plan.view
        py_taken: set[str] = set()
        ts_taken: set[str] = set()
        seen_container_props: dict[tuple[str, str, str], str] = {}
        for prop_id, prop in view.properties.items():
            where = f"{show(plan.view_id)}.{prop_id}"
            if not isinstance(prop, (MappedProperty, EdgeConnection, ReverseDirectRelation)):
                raise InputError(
                    f"{where}: unknown kind of view property", "upgrade pygen-generator, or exclude the view"
                )
            item = PropertyPlan(prop_id, prop, "", "")
            if isinstance(prop, MappedProperty):
                if isinstance(prop.type, UnknownPropertyType):
                    raise InputError(
                        f"{where}: unknown property type {prop.type.type!r}",
                        f"upgrade pygen-generator, or leave the view out with --exclude-view {view.external_id}",
                    )
                key = (prop.container.space, prop.container.external_id, prop.container_property_identifier)
                item.read_only = key in READ_ONLY_CONTAINER_PROPERTIES
                if key in seen_container_props:
                    item.read_only = True
                    self.warn(
                        "duplicate-container-property",
                        where,
                        f"maps the same container property as {seen_container_props[key]!r}",
                        "read only: left out of the write class",
                    )
                seen_container_props.setdefault(key, prop_id)
                if isinstance(prop.type, DirectRelationType):
                    source = prop.type.source or prop.source
                    if source is None:
                        self.warn(
                            "direct-relation-without-source",
                            where,
                            "the direct relation has no source view",
                            "typed as a plain node reference",
                        )
                    item.direct_target = _target(source, self.sdk)
            elif isinstance(prop, ReverseDirectRelation):
                reached = self._reverse_ok(where, prop)
                if reached is False:
                    continue
                item.connection_target = reached if isinstance(reached, ViewId) else None
            else:
                item.connection_target = _target(prop.source, self.sdk)
                if item.connection_target is None:
                    self.warn(
                        "edge-target-outside",
                        where,
                        f"the edges lead to {show(prop.source.as_id())}, which is not in the SDK",
                        "end nodes are node references",
                    )
                item.edge_source = _target(prop.edge_source, self.sdk)
                if prop.edge_source is not None and item.edge_source is None:
                    self.warn(
                        "edge-source-outside",
                        where,
                        f"the edge properties' view {show(prop.edge_source.as_id())} is not in the SDK",
                        "edge properties not typed",
                    )
            parent = self._parent_property(plan, prop_id, write=False)
            if parent is not None and _comparable(parent.prop) == _comparable(prop):
                item.inherited = True
                item.python_name, item.typescript_name = parent.python_name, parent.typescript_name
            write_parent = self._parent_property(plan, prop_id, write=True)
            item.write_inherited = write_parent is not None and _comparable(write_parent.prop) == _comparable(
                prop
            )
            if not item.python_name:
                item.python_name = self._python_name(where, prop_id, py_taken)
                item.typescript_name = self._typescript_name(where, prop_id, ts_taken)
            py_taken.add(item.python_name)
            ts_taken.add(item.typescript_name)
            plan.properties.append(item)

    def _python_name(self, where: str, prop_id: str, taken: set[str]) -> str:
        name = safe_python_field(prop_id)
        while name in taken:
            name += "_"
        if name != prop_id and (
            name.endswith("_")
            or name in PYTHON_FIELD_RESERVED
            or not prop_id.isidentifier()
            or prop_id[:1].isupper()
        ):
            reason = (
                "clashes with a reserved or taken name"
                if name.endswith("_")
                else "is not a snake_case identifier"
            )
            self.warn(
                "python-name",
                where,
                f"the property id {prop_id!r} {reason}",
                f"Python field {name!r} (wire id kept as alias)",
            )
        return name

    def _typescript_name(self, where: str, prop_id: str, taken: set[str]) -> str:
        name = safe_typescript_field(prop_id)
        while name in taken:
            name += "_"
        # snake_case ids simply become camelCase; only clashes and unusable ids are worth a warning
        if name.endswith("_") or not re.fullmatch(r"[a-z][A-Za-z0-9_]*", prop_id):
            reason = (
                "is a runtime field"
                if prop_id in TYPESCRIPT_FIELD_RESERVED
                else "is not a camelCase identifier"
            )
            self.warn(
                "typescript-name",
                where,
                f"the property id {prop_id!r} {reason}",
                f"TypeScript field {name!r} (wire id kept)",
            )
        return name


def plan_properties(plans: list[ViewPlan], known: Mapping[ViewId, View], issues: list[Issue]) -> None:
    """Fill ``plan.properties`` for every view, parents first (children reuse their parents' names)."""
    sdk = {plan.view_id: plan for plan in plans}
    planner = _Planner(sdk, known, issues)
    done: set[ViewId] = set()

    def visit(plan: ViewPlan) -> None:
        if plan.view_id in done:
            return
        for parent in plan.parents:
            visit(sdk[parent])
        planner.plan(plan)
        done.add(plan.view_id)

    for plan in plans:
        visit(plan)
