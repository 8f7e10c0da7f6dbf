"""Select the SDK's views, name them, and decide their inheritance."""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence

from pygen_client import ViewId
from pygen_client.schema import View
from pygen_generator.errors import InputError
from pygen_generator.loaders import LoadedModel
from pygen_generator.validation._graph import check_cycles, show, topological, unique_parents
from pygen_generator.validation._issues import Issue
from pygen_generator.validation._names import (
    TYPESCRIPT_GLOBAL_TYPES,
    camel,
    pascal,
    safe_python_class,
    snake,
)
from pygen_generator.validation._options import GenerateOptions
from pygen_generator.validation._plan import InstanceKind, ViewPlan

__all__ = ["CLIENT_RESERVED", "TYPESCRIPT_CLIENT_RESERVED", "collect_views", "plan_views"]

# Attributes of pygen_runtime.InstanceClient / AsyncInstanceClient.
CLIENT_RESERVED = frozenset(
    {"upsert", "delete", "edges", "close", "aclose", "pygen_client", "config", "retrieve", "query", "sync"}
)
# Members of @pygen/runtime's InstanceClient (`_instance-client.ts`) and of every JavaScript object: a
# client getter with such a name would replace the inherited member (a view called `Edges` would turn
# `edges()` into a getter and fail to compile).
TYPESCRIPT_CLIENT_RESERVED = frozenset(
    {
        "client", "upsert", "delete", "edges", "view", "constructor", "toString", "valueOf", "hasOwnProperty",
        "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__proto__",
    }
)  # fmt: skip


def _excluded(view_id: ViewId, options: GenerateOptions) -> bool:
    if view_id.space in options.exclude_spaces:
        return True
    names = {view_id.external_id, f"{view_id.space}:{view_id.external_id}", show(view_id)}
    return bool(names & set(options.exclude_views))


def collect_views(
    models: Sequence[LoadedModel], options: GenerateOptions
) -> tuple[list[View], dict[ViewId, View]]:
    """The SDK's views (deduplicated, exclusions applied) and every view known (for references)."""
    known: dict[ViewId, View] = {}
    selected: dict[ViewId, View] = {}
    for model in models:
        for view in model.extra_views:
            known.setdefault(view.as_id(), view)
        for view in model.views:
            view_id = view.as_id()
            known[view_id] = view
            if not _excluded(view_id, options):
                selected.setdefault(view_id, view)
    check_cycles(known)
    if not selected:
        raise InputError("no view left to generate", "check exclude_views / exclude_spaces")
    return list(selected.values()), known


def _kinds(view: View) -> tuple[InstanceKind, ...]:
    if view.used_for == "edge":
        return ("edge",)
    if view.used_for == "all":
        return ("node", "edge")
    return ("node",)


def _distinct_name(base: str, view_id: ViewId, style: str) -> str:
    version = f"V{pascal(view_id.version or '')}"
    space = pascal(view_id.space)
    return {"version": f"{base}{version}", "space": f"{space}{base}", "both": f"{space}{base}{version}"}[
        style
    ]


def _class_names(views: Sequence[View], issues: list[Issue]) -> dict[ViewId, str]:
    """PascalCase class names; the same externalId in several spaces/versions gets distinct names."""
    by_base: dict[str, list[ViewId]] = {}
    for view in views:
        by_base.setdefault(safe_python_class(view.external_id), []).append(view.as_id())
    names: dict[ViewId, str] = {}
    for base, ids in by_base.items():
        if len(ids) == 1:
            names[ids[0]] = base
            continue
        for style in ("version", "space", "both"):
            chosen = {v: _distinct_name(base, v, style) for v in ids}
            if len(set(chosen.values())) == len(ids):
                break
        else:
            raise InputError(
                f"cannot give the views {', '.join(map(show, ids))} distinct names", "exclude one"
            )
        for view_id in sorted(ids, key=show):
            names[view_id] = chosen[view_id]
            issues.append(
                Issue(
                    "view-name-clash",
                    show(view_id),
                    f"{len(ids)} views share the externalId {view_id.external_id!r}",
                    f"class {chosen[view_id]}",
                )
            )
    return names


# Names a generated view module imports, and the suffixes of the classes derived from a view's name.
_MODULE_IMPORTS = frozenset({"Any", "ClassVar", "Field", "Literal", "NoReturn"})
_DERIVED = ("", "Write", "Fields", "Properties", "API", "Edge", "EdgeWrite", "EdgeFields", "EdgeAPI")


def _safe_class_names(names: dict[ViewId, str], issues: list[Issue]) -> dict[ViewId, str]:
    """No class may shadow an import of its module, nor take a name derived from another view's."""
    derived: dict[str, ViewId] = {}
    out: dict[ViewId, str] = {}
    for view_id in sorted(names, key=show):
        name = names[view_id]
        if name in _MODULE_IMPORTS or any(f"{name}{s}" in derived for s in _DERIVED):
            safe = f"{name}View"
            while any(f"{safe}{s}" in derived for s in _DERIVED):
                safe += "_"
            issues.append(
                Issue("class-name", show(view_id), f"the class name {name!r} is taken", f"class {safe}")
            )
            name = safe
        for suffix in _DERIVED:
            derived[f"{name}{suffix}"] = view_id
            derived[f"Async{name}{suffix}"] = view_id
        out[view_id] = name
    return out


def _typescript_type_names(names: dict[ViewId, str], issues: list[Issue]) -> dict[ViewId, str]:
    """The class names, except those that would shadow a TypeScript/JavaScript global (`Date` → `DateView`)."""
    derived = {f"{name}{suffix}" for name in names.values() for suffix in _DERIVED}
    out: dict[ViewId, str] = {}
    for view_id in sorted(names, key=show):
        name = names[view_id]
        if name in TYPESCRIPT_GLOBAL_TYPES:
            safe = f"{name}View"
            while any(f"{safe}{s}" in derived for s in _DERIVED):
                safe += "_"
            derived.update(f"{safe}{s}" for s in _DERIVED)
            issues.append(
                Issue(
                    "typescript-type-name",
                    show(view_id),
                    f"the type name {name!r} would shadow a TypeScript global",
                    f"TypeScript type {safe}",
                )
            )
            name = safe
        out[view_id] = name
    return out


def _typescript_client_property(name: str, taken: set[str]) -> str:
    """camelCase, never an `InstanceClient` member (`edges` → `edgesView`), unique."""
    base = f"{name}View" if name in TYPESCRIPT_CLIENT_RESERVED else name
    candidate, n = base, 2
    while candidate in taken or candidate in TYPESCRIPT_CLIENT_RESERVED:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate


def _unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def plan_views(views: Sequence[View], known: Mapping[ViewId, View], issues: list[Issue]) -> list[ViewPlan]:
    """One plan per view: names, kinds, writability and SDK parents (properties come later)."""
    names = _safe_class_names(_class_names(views, issues), issues)
    typescript_names = _typescript_type_names(names, issues)
    in_sdk = {view.as_id(): view for view in views}
    modules: set[str] = {"_client"}
    attributes: set[str] = set(CLIENT_RESERVED)
    getters: set[str] = set()
    plans: dict[ViewId, ViewPlan] = {}
    for view_id in topological(sorted(in_sdk, key=lambda v: snake(names[v])), known):
        view = in_sdk[view_id]
        class_name = names[view_id]
        module = snake(class_name)
        module = _unique(f"{module}_" if keyword.iskeyword(module) else module, modules)
        kinds = _kinds(view)
        parents = [p for p in unique_parents(view_id, known, in_sdk) if set(kinds) <= set(plans[p].kinds)]
        plan = ViewPlan(
            view=view,
            view_id=view_id,
            class_name=class_name,
            module=module,
            typescript_module=module.rstrip("_").replace("_", "-"),
            client_attribute=_unique(snake(class_name), attributes),
            typescript_type_name=typescript_names[view_id],
            typescript_client_property=_typescript_client_property(camel(class_name), getters),
            kinds=kinds,
            writable=bool(view.writable) if view.writable is not None else True,
            parents=parents,
            write_parents=[p for p in parents if plans[p].writable],
        )
        if not plan.writable:
            issues.append(
                Issue(
                    "not-writable", show(view_id), "the view is not writable", "no write class is generated"
                )
            )
        plans[view_id] = plan
    return sorted(plans.values(), key=lambda p: p.module)
