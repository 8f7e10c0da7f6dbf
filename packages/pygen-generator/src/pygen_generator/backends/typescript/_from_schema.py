"""`SdkIn` straight from `pygen_client.schema` data models, with this backend's own naming rules.

The shared IR is the intended input (`_from_ir.py`); this reading of the data model keeps the backend
usable and testable on its own, and is what the IR adapter is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence

from pygen_client.schema import (
    DataModel,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    View,
    ViewReference,
)
from pygen_generator.backends.typescript._input import (
    EdgeIn,
    EdgeTypeConst,
    PropertyIn,
    ReverseIn,
    SdkIn,
    ViewIn,
    ViewKey,
)
from pygen_generator.backends.typescript._names import (
    camel,
    field_name,
    kebab,
    pascal,
    type_name,
    upper_snake,
)

# CogniteCore properties CDF computes itself: reads only (ARCHITECTURE: left out of writes).
READ_ONLY = {
    ("cdf_cdm", "CogniteAsset"): {"path", "root", "pathLastUpdatedTime"},
    ("cdf_cdm", "CogniteFile"): {"isUploaded", "uploadedTime"},
}


def _key(ref: View | ViewReference) -> ViewKey:
    return ViewKey(ref.space, ref.external_id, ref.version or "")


def _read_only(view: View) -> set[str]:
    out: set[str] = set()
    refs = [(view.space, view.external_id)] + [(r.space, r.external_id) for r in view.implements or []]
    for space, external_id in refs:
        out |= READ_ONLY.get((space, external_id), set())
    for prop in view.properties.values():
        if isinstance(prop, MappedProperty):
            c = prop.container
            for (space, xid), ids in READ_ONLY.items():
                if c.space == space and c.external_id == xid:
                    out |= ids
    return out


def sdk_from_models(
    models: Sequence[DataModel], *, package_name: str, client_name: str, source: str
) -> SdkIn:
    views: dict[ViewKey, View] = {}
    for model in models:
        for view in model.inlined_views():
            views.setdefault(_key(view), view)
    names = _type_names(list(views))
    edge_constants = _edge_type_owners(views, names)
    return SdkIn(
        package_name=package_name,
        client_name=client_name,
        data_models=tuple(ViewKey(m.space, m.external_id, m.version) for m in models),
        source=source,
        views=tuple(
            _view(view, names, views, edge_constants)
            for key, view in sorted(views.items(), key=lambda kv: names[kv[0]])
        ),
    )


def _type_names(keys: list[ViewKey]) -> dict[ViewKey, str]:
    """Type names from externalIds; the same externalId in several spaces or versions gets a suffix."""
    base = {k: type_name(k.external_id) for k in keys}
    out: dict[ViewKey, str] = {}
    for k in sorted(keys, key=lambda k: (k.external_id, k.space, k.version)):
        clashing = [o for o in keys if base[o] == base[k]]
        if len(clashing) == 1:
            out[k] = base[k]
        elif len({o.space for o in clashing}) == len(clashing):
            out[k] = base[k] + pascal(k.space)
        else:
            out[k] = base[k] + pascal(k.space) + "V" + pascal(k.version)
    return out


def _edge_type_owners(
    views: dict[ViewKey, View], names: dict[ViewKey, str]
) -> dict[ViewKey, list[EdgeTypeConst]]:
    """Each edge type is declared once: by the first view (by name) with an outwards connection of
    that type, else the first with any."""
    candidates: dict[tuple[str, str], list[tuple[bool, str, ViewKey]]] = {}
    for key, view in views.items():
        for prop in view.properties.values():
            if isinstance(prop, EdgeConnection):
                edge_type = (prop.type.space, prop.type.external_id)
                candidates.setdefault(edge_type, []).append((prop.direction != "outwards", names[key], key))
    out: dict[ViewKey, list[EdgeTypeConst]] = {}
    for (space, xid), owners in sorted(candidates.items()):
        owner = min(owners)[2]
        out.setdefault(owner, []).append(EdgeTypeConst(upper_snake(xid), space, xid))
    for consts in out.values():
        consts.sort(key=lambda c: c.const_name)
    return out


def _view(
    view: View,
    names: dict[ViewKey, str],
    views: dict[ViewKey, View],
    edge_constants: dict[ViewKey, list[EdgeTypeConst]],
) -> ViewIn:
    key = _key(view)
    name = names[key]
    read_only = _read_only(view)
    properties: list[PropertyIn] = []
    edges: list[EdgeIn] = []
    reverses: list[ReverseIn] = []
    enum_owner = _enum_owners(view, names, views)
    for wire_id, prop in view.properties.items():
        fname = field_name(wire_id)
        if isinstance(prop, MappedProperty):
            ptype = prop.type
            kind = getattr(ptype, "type", "unknown")
            values = tuple(getattr(ptype, "values", None) or ()) if kind == "enum" else ()
            owner = enum_owner.get(wire_id, name)
            source = getattr(ptype, "source", None) or prop.source
            properties.append(
                PropertyIn(
                    wire_id=wire_id,
                    field_name=fname,
                    type=kind,
                    is_list=bool(getattr(ptype, "is_list", False)),
                    nullable=prop.nullable,
                    required_on_write=not prop.nullable
                    and prop.default_value is None
                    and not prop.auto_increment,
                    writable=wire_id not in read_only,
                    enum_values=values,
                    enum_const=upper_snake(owner) + "_" + upper_snake(wire_id) if values else "",
                    enum_type=owner + pascal(wire_id) if values else "",
                    description=prop.description,
                    direct_target=_key(source) if source is not None else None,
                )
            )
        elif isinstance(prop, EdgeConnection):
            edges.append(
                EdgeIn(
                    field_name=fname,
                    edge_type_space=prop.type.space,
                    edge_type_external_id=prop.type.external_id,
                    direction=prop.direction,
                    other=_key(prop.source),
                    edge_source=_key(prop.edge_source) if prop.edge_source is not None else None,
                    description=prop.description,
                )
            )
        elif isinstance(prop, ReverseDirectRelation):
            reverses.append(ReverseIn(fname, _key(prop.source), field_name(prop.through.identifier)))
    return ViewIn(
        key=key,
        used_for=view.used_for or "node",
        name=view.name,
        description=view.description,
        implements=tuple(_key(r) for r in view.implements or [] if _key(r) in views),
        type_name=name,
        spec_name=upper_snake(name) + "_VIEW",
        module=kebab(name),
        getter=camel(name),
        writable=view.writable is not False,
        properties=tuple(properties),
        edges=tuple(edges),
        reverses=tuple(reverses),
        edge_type_constants=tuple(edge_constants.get(key, ())),
    )


def _enum_owners(view: View, names: dict[ViewKey, str], views: dict[ViewKey, View]) -> dict[str, str]:
    """Inherited enum properties keep the name of the topmost ancestor that has them."""
    owners: dict[str, str] = {}
    for ref in view.implements or []:
        parent = views.get(_key(ref))
        if parent is None:
            continue
        inherited = _enum_owners(parent, names, views)
        for wire_id, prop in parent.properties.items():
            if isinstance(prop, MappedProperty) and getattr(prop.type, "type", "") == "enum":
                owners.setdefault(wire_id, inherited.get(wire_id, names[_key(parent)]))
    return owners
