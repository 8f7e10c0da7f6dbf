"""``pygen inspect``: a readable table of what will be generated."""

from __future__ import annotations

from pygen_generator.ir import PropertyIR, SdkIR

__all__ = ["describe"]


def _kind(prop: PropertyIR) -> str:
    if prop.edge is not None:
        arrow = "->" if prop.edge.direction == "outwards" else "<-"
        many = "edges" if prop.edge.multi else "edge"
        return f"{many} {arrow} {prop.edge.other.external_id} ({prop.edge.edge_type.external_id})"
    if prop.reverse is not None:
        return f"reverse of {prop.reverse.other.external_id}.{prop.reverse.through_property}"
    kind = prop.type + ("[]" if prop.is_list else "")
    if prop.direct_target is not None:
        kind += f" -> {prop.direct_target.external_id}"
    if prop.enum is not None:
        kind += " {" + ", ".join(v.value for v in prop.enum.values) + "}"
    return kind


def describe(ir: SdkIR) -> str:
    models = ", ".join(m.label for m in ir.data_models)
    lines = [f"{ir.python.package} ({models}): {len(ir.views)} views, client {ir.python.client}", ""]
    for view in ir.views:
        classes = ", ".join(c.read for c in view.python.classes)
        flags = [view.used_for] + ([] if view.writable else ["read only"])
        parents = (
            f" implements {', '.join(p.external_id for p in view.implements)}" if view.implements else ""
        )
        lines.append(f"{view.ref.label} -> {view.python.module}.py: {classes} [{', '.join(flags)}]{parents}")
        width = max((len(p.id) for p in view.properties), default=0)
        for prop in view.properties:
            field = prop.python.name if prop.python else "-"
            notes = [n for n, on in (("inherited", prop.inherited), ("required", prop.required_on_write),
                                      ("read only", prop.read_only and prop.kind == "mapped")) if on]  # fmt: skip
            note = f"  ({', '.join(notes)})" if notes else ""
            lines.append(f"  {prop.id:<{width}}  {field:<{width + 1}}  {_kind(prop)}{note}")
        lines.append("")
    if ir.edge_types:
        lines.append(
            "edge types: " + ", ".join(f"{e.python_const} ({e.space}:{e.external_id})" for e in ir.edge_types)
        )
    return "\n".join(lines).rstrip() + "\n"
