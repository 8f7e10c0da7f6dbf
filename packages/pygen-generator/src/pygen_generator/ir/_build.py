"""Build the IR from the validated model."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence

from pygen_client import ViewId
from pygen_client.schema import EdgeConnection, EnumType, MappedProperty, ReverseDirectRelation
from pygen_generator._version import __version__
from pygen_generator.ir._filters import claimed_node_types, guaranteed_containers, solve_filter
from pygen_generator.ir._layout import bracketed, python_string
from pygen_generator.ir._model import (
    DataModelIR,
    EdgeTypeIR,
    EnumIR,
    IssueIR,
    NodeTypeIR,
    PropertyIR,
    PythonPackageIR,
    SdkIR,
    TypeScriptPackageIR,
    TypeScriptViewIR,
    ViewIR,
    ViewRef,
)
from pygen_generator.ir._names import edge_type_owners, enum_alias
from pygen_generator.ir._properties import build_enum, build_property, ref
from pygen_generator.ir._python_view import build_python_view, class_names, docstring_lines, natural
from pygen_generator.ir._text import plain_text
from pygen_generator.ir._typescript_view import typescript_views
from pygen_generator.loaders import LoadedModel
from pygen_generator.validation import ValidatedModel, ViewPlan
from pygen_generator.validation._names import upper_snake

__all__ = ["RUNTIME_API_VERSION", "RUNTIME_REQUIREMENT", "build_ir", "model_hash"]

# The pygen-runtime API the generated code is written against (checked at import by the SDK), and
# the distribution range the generated pyproject.toml requires (a test keeps both in step with it).
RUNTIME_API_VERSION = "1.0"
RUNTIME_REQUIREMENT = "pygen-runtime>=0.1,<1"


def model_hash(models: Sequence[LoadedModel]) -> str:
    """sha256 of the canonical JSON of the input models (views and containers)."""
    canonical = [
        {"model": m.data_model.dump(), "containers": sorted((c.dump() for c in m.containers), key=json.dumps)}
        for m in models
    ]
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _module_taken(plan: ViewPlan, sdk: dict[ViewId, ViewPlan]) -> set[str]:
    taken = {"VIEW_ID", "Field", "Any", "ClassVar", "Literal", "rt", "date", "datetime"}
    for kind in plan.kinds:
        taken.update(v for k, v in class_names(plan, kind).items() if k != "client_attribute")
        for parent in plan.parents:
            taken.update(class_names(sdk[parent], kind).values())
    return taken


def _wrap(text: str, width: int = 108) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def _connection_docs(plan: ViewPlan, sdk: dict[ViewId, ViewPlan]) -> list[str]:
    """Edges and reverse relations are not stored on the node: say what they are and how to read them."""
    out: list[str] = []
    for item in plan.properties:
        prop = item.prop
        if item.inherited:
            continue
        if isinstance(prop, EdgeConnection):
            other = prop.source.external_id
            direction = "from" if prop.direction == "inwards" else "to"
            many = "edges" if prop.connection_type == "multi_edge_connection" else "an edge"
            extra = f" with properties in ``{prop.edge_source.external_id}``" if prop.edge_source else ""
            out.append(
                f"``{item.prop_id}``: {many} of type ``{prop.type.external_id}`` {direction} {other}{extra}."
            )
        elif isinstance(prop, ReverseDirectRelation):
            other_id = item.connection_target
            through = prop.through.identifier
            text = f"``{item.prop_id}``: the {prop.source.external_id} nodes whose ``{through}`` points here"
            target = sdk.get(other_id) if other_id else None
            field = (
                next((p.python_name for p in target.properties if p.prop_id == through), None)
                if target
                else None
            )
            if target is not None and field is not None:
                # the connection is declared on the fields class (backends/python/_connections.py)
                text += f"; fetch them with ``include={{{plan.class_name}Fields.{item.python_name}: True}}``"
            out.append(text + ".")
    return out


def _view_docstring(plan: ViewPlan, sdk: dict[ViewId, ViewPlan]) -> list[str]:
    view = plan.view
    label = f"{plan.view_id.space}:{plan.view_id.external_id}/{plan.view_id.version}"
    kind = {"edge": "edge view", "all": "node and edge view"}.get(view.used_for or "node", "view")
    first = f"{view.name or plan.class_name} ({kind} {label})"
    if view.description:
        first += f": {view.description}"
    lines = [docstring_lines(first.rstrip(".") + ".")]
    details: list[str] = []
    if plan.parents:
        details.append("Implements " + ", ".join(sdk[p].class_name for p in plan.parents) + ".")
    connections = _connection_docs(plan, sdk)
    if connections:
        details.append("Connections (not stored on the instance): " + " ".join(connections))
    for paragraph in details:
        lines.append("")
        lines.extend(docstring_lines(line) for line in _wrap(paragraph))
    return lines


def build_ir(model: ValidatedModel, hash_: str | None = None) -> SdkIR:
    options = model.options
    package, client = model.names.package, model.names.client
    sdk = {plan.view_id: plan for plan in model.views}
    owners = edge_type_owners(model)
    edge_types = {
        key: EdgeTypeIR(key[0], key[1], name, name, ref(owner), sdk[owner].module)
        for key, (owner, name) in owners.items()
    }
    views: list[ViewIR] = []
    write_types: dict[ViewId, NodeTypeIR | None] = {}  # each write class's `type` default
    claims = claimed_node_types({ref(p.view_id): p.view.filter for p in model.views})
    # View -> the containers every instance it lists has data in (its parents are decided first).
    guarantees: dict[ViewRef, frozenset[tuple[str, str]]] = {}
    built: dict[ViewRef, ViewIR] = {}
    for plan in _parents_first(model.views, sdk):
        taken = _module_taken(plan, sdk)
        enums: list[EnumIR] = []
        props: list[PropertyIR] = []
        mapped = [
            (i.prop.container.space, i.prop.container.external_id)
            for i in plan.properties
            if isinstance(i.prop, MappedProperty)
        ]
        guaranteed = guaranteed_containers(plan.view.filter, mapped, guarantees)
        guarantees[ref(plan.view_id)] = guaranteed
        for item in plan.properties:
            enum = None
            prop = item.prop
            if isinstance(prop, MappedProperty) and isinstance(prop.type, EnumType):
                if item.inherited:
                    enum = _inherited_enum(plan, item.prop_id, views)
                else:
                    enum = build_enum(plan, prop.type, enum_alias(plan, item.prop_id, taken), item.prop_id)
                    enums.append(enum)
            parent = _parent_property(plan, item.prop_id, built) if item.inherited else None
            props.append(build_property(plan, item, enum, edge_types, sdk, guaranteed, parent))
        declared_edges = tuple(
            sorted(
                (e for e in edge_types.values() if e.python_module == plan.module),
                key=lambda e: e.python_const,
            )
        )
        own = [p for p in props if not p.inherited]
        view_ref = ref(plan.view_id)
        declared = tuple(ref(r.as_id()) for r in plan.view.implements or [])
        others = [node_type for view, node_type in claims.items() if view != view_ref]
        view_filter = solve_filter(view_ref, declared, props, plan.view.filter, others)
        write_node_type = (
            view_filter.node_type
            if view_filter is not None and plan.writable and "node" in plan.kinds
            else None
        )
        type_line = _write_type_line(plan, write_node_type, write_types)
        python = build_python_view(
            plan,
            package,
            own,
            enums,
            declared_edges,
            _view_docstring(plan, sdk),
            sdk,
            type_line,
            [p for p in props if p.inherited],
        )
        view_ir = ViewIR(
            ref=view_ref,
            name=_prose(plan.view.name),
            description=_prose(plan.view.description),
            used_for=("all" if len(plan.kinds) > 1 else plan.kinds[0]),
            writable=plan.writable,
            implements=tuple(ref(p) for p in plan.parents),
            implements_declared=declared,
            properties=tuple(props),
            enums=tuple(enums),
            edge_types=declared_edges,
            python=python,
            typescript=TypeScriptViewIR(
                module=plan.typescript_module,
                type_name=plan.typescript_type_name,
                client_property=plan.typescript_client_property,
                view_const=f"{upper_snake(plan.typescript_type_name)}_VIEW",
            ),
            filter=view_filter,
            write_node_type=write_node_type,
        )
        built[view_ref] = view_ir
        views.append(view_ir)
    models = tuple(
        DataModelIR(
            m.data_model.space,
            m.data_model.external_id,
            m.data_model.version,
            _prose(m.data_model.name),
            _prose(m.data_model.description),
        )
        for m in model.models
    )
    labels = ", ".join(m.label for m in models)
    hash_ = hash_ or model_hash(model.models)
    version = _package_version(models)
    return SdkIR(
        generator_version=__version__,
        model_hash=hash_,
        data_models=models,
        default_instance_space=options.default_instance_space,
        python=PythonPackageIR(
            package=package,
            client=client,
            async_client=f"Async{client}",
            distribution=package.replace("_", "-"),
            version=version,
            runtime_api_version=RUNTIME_API_VERSION,
            runtime_requirement=RUNTIME_REQUIREMENT,
            header=(
                f"# Generated by pygen-generator {__version__} from {labels} (model sha256 {hash_[:12]}). Do not edit.",
            ),
            docstring=(
                docstring_lines(
                    f"Typed SDK for the CDF data model{'s' if len(models) > 1 else ''} {labels}."
                ),
                "",
                "Importing the package loads only the clients; view modules load on first use (PEP 562).",
            ),
            sdk_label=f"{package} ({labels})",
        ),
        typescript=TypeScriptPackageIR(model.names.npm_package, client, RUNTIME_API_VERSION),
        views=_with_typescript_views(sorted(views, key=lambda v: natural(v.python.module))),
        edge_types=tuple(sorted(edge_types.values(), key=lambda e: e.python_const)),
        issues=tuple(IssueIR(i.code, i.location, i.message, i.action, i.severity) for i in model.issues),
        version=version,
    )


def _with_typescript_views(views: Sequence[ViewIR]) -> tuple[ViewIR, ...]:
    """The views with their TypeScript decisions that need the whole SDK (headers, edge shapes)."""
    decided = typescript_views(views)
    return tuple(dataclasses.replace(v, typescript=decided[v.ref]) for v in views)


def _write_type_line(
    plan: ViewPlan, node_type: NodeTypeIR | None, defaults: dict[ViewId, NodeTypeIR | None]
) -> str | None:
    """The ``type`` field of the view's node write class when its default is not NodeWrite's ``None``: the
    node type the view filter pins, or ``None`` again when a write parent pins one this view does not ask
    for (a view's filter is its own: CDF does not inherit it). Records the default in ``defaults``."""
    inherited = any(defaults.get(parent) is not None for parent in plan.write_parents)
    defaults[plan.view_id] = node_type
    if node_type is None and not inherited:
        return None
    head = "    type: rt.DirectRelation | None = "
    if node_type is None:
        return f"{head}None  # a parent's filter pins one, this view's does not"
    value = [python_string(node_type.space), python_string(node_type.external_id)]
    return bracketed("    ", head.strip() + " rt.InstanceId", value)


def _prose(text: str | None) -> str | None:
    return None if text is None else plain_text(text)


def _parents_first(plans: Sequence[ViewPlan], sdk: dict[ViewId, ViewPlan]) -> list[ViewPlan]:
    done: list[ViewPlan] = []
    seen: set[ViewId] = set()

    def visit(plan: ViewPlan) -> None:
        if plan.view_id in seen:
            return
        seen.add(plan.view_id)
        for parent in plan.parents:
            visit(sdk[parent])
        done.append(plan)

    for plan in plans:
        visit(plan)
    return done


def _parent_property(plan: ViewPlan, prop_id: str, built: dict[ViewRef, ViewIR]) -> PropertyIR | None:
    """An inherited property as the first SDK parent having it declares it (Python's MRO finds it there)."""
    for parent in plan.parents:
        view = built.get(ref(parent))
        found = next((p for p in view.properties if p.id == prop_id), None) if view else None
        if found is not None:
            return found
    return None


def _inherited_enum(plan: ViewPlan, prop_id: str, done: Sequence[ViewIR]) -> EnumIR | None:
    parents = {ref(p) for p in plan.parents}
    for view in done:
        if view.ref in parents:
            for prop in view.properties:
                if prop.id == prop_id and prop.enum is not None:
                    return prop.enum
    return None


def _package_version(models: Sequence[DataModelIR]) -> str:
    version = models[0].version
    return version if version.replace(".", "").isdigit() and not version.startswith(".") else "0.1.0"
