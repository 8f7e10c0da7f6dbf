"""Module-level names of the generated code that are decided while building the IR: enums, edge types."""

from __future__ import annotations

from collections.abc import Sequence

from pygen_client import ViewId
from pygen_client.schema import EdgeConnection
from pygen_generator.validation import ValidatedModel, ViewPlan
from pygen_generator.validation._names import pascal, upper_snake

__all__ = ["edge_type_owners", "enum_alias"]


def enum_alias(plan: ViewPlan, prop_id: str, taken: set[str]) -> str:
    """``Status`` for Equipment.status; longer when the short name is taken in the module."""
    for candidate in (pascal(prop_id), f"{plan.class_name}{pascal(prop_id)}", f"{pascal(prop_id)}Enum"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    name = f"{plan.class_name}{pascal(prop_id)}Enum"
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def edge_type_owners(model: ValidatedModel) -> dict[tuple[str, str], tuple[ViewId, str]]:
    """Each edge type's constant name and declaring view.

    The declaring view is the one whose own connection of that type is multi (before single), then
    outwards (before inwards), then first by module name: for the example model, Operator.
    """
    candidates: dict[tuple[str, str], list[tuple[tuple[bool, bool, str], ViewId]]] = {}
    for plan in model.views:
        for item in plan.properties:
            prop = item.prop
            if isinstance(prop, EdgeConnection) and not item.inherited:
                key = (prop.type.space, prop.type.external_id)
                rank = (
                    prop.connection_type != "multi_edge_connection",
                    prop.direction != "outwards",
                    plan.module,
                )
                candidates.setdefault(key, []).append((rank, plan.view_id))
    names = _constant_names(sorted(candidates))
    return {key: (min(found)[1], names[key]) for key, found in candidates.items()}


def _constant_names(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    base = {key: upper_snake(key[1]) for key in keys}
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name] = counts.get(name, 0) + 1
    out: dict[tuple[str, str], str] = {}
    for key, name in base.items():
        name = upper_snake(f"{key[0]}_{key[1]}") if counts[name] > 1 else name
        out[key] = f"{name}_EDGE" if name in ("VIEW_ID",) or not name[:1].isalpha() else name
    return out
