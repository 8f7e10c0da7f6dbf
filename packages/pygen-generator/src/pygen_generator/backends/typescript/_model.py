"""What the TypeScript templates print: one frozen record per output file, every string decided here.

The records are built by `_build.py`; templates hold no logic beyond loops and ifs, so a change of
generated shape is a change of these records or of one template, never of both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TsConst:
    """An exported constant with an optional JSDoc line, e.g. an enum's values or an edge type."""

    doc: tuple[str, ...]  # JSDoc lines, already laid out (empty: none)
    lines: tuple[str, ...]  # `export const CERTIFIED: InstanceId = {...};`, laid out


@dataclass(frozen=True)
class TsEnum:
    """An enum property's values as a `const` array and a string-literal union type."""

    doc: tuple[str, ...]
    const_lines: tuple[str, ...]  # export const EQUIPMENT_STATUS = ["running", "stopped"] as const;
    type_statement: str  # export type EquipmentStatus = (typeof EQUIPMENT_STATUS)[number];


@dataclass(frozen=True)
class TsProperty:
    """One entry of a view spec's `properties`: the field name, the wire id and the type facts."""

    doc: tuple[str, ...]  # JSDoc lines at the entry's indentation
    lines: tuple[
        str, ...
    ]  # `serialNumber: { id: "serialNumber", type: "text", nullable: false },` (indented)


@dataclass(frozen=True)
class TsView:
    """One view module (`src/<module>.ts`)."""

    module: str  # file stem, e.g. "equipment"
    header: tuple[str, ...]  # leading `//` comment lines
    imports: tuple[str, ...]  # formatted import statements, runtime first
    enums: tuple[TsEnum, ...]
    constants: tuple[TsConst, ...]  # edge types declared by this view
    spec_name: str  # EQUIPMENT_VIEW
    view_lines: tuple[str, ...]  # `  view: { space: ..., externalId: ..., version: ... },`
    used_for: str  # node | edge
    implements_lines: tuple[str, ...]  # `  implements: [DESCRIBABLE_VIEW],` (empty: no parents)
    node_type_lines: tuple[str, ...]  # `  nodeType: { space: ..., externalId: ... },` (empty: none)
    properties: tuple[TsProperty, ...]  # own properties (inherited ones come through `implements`)
    connections: tuple[TsProperty, ...]  # own edges and reverse direct relations (`connections` entries)
    read_doc: tuple[str, ...]  # JSDoc of the read interface: the view's description
    read_lines: tuple[str, ...]  # export interface Equipment extends Read<typeof EQUIPMENT_VIEW> {}
    write_lines: tuple[str, ...]  # the same for EquipmentWrite; empty: the view is not writable
    fields_lines: tuple[str, ...]  # export const EquipmentFields = fieldsFor(EQUIPMENT_VIEW);
    super_lines: tuple[str, ...]  # super(client, EQUIPMENT_VIEW); (in the constructor)
    api_name: str  # EquipmentAPI
    api_class_lines: tuple[str, ...]  # `export class EquipmentAPI extends ViewAPI<...> {`
    client_getter: str  # equipment
    rt: dict[str, str]  # runtime name → the name this module uses for it (aliased on a clash)


@dataclass(frozen=True)
class TsSdk:
    """The whole package: `package.json`, `tsconfig.json`, `src/index.ts`, `src/_client.ts`, view modules."""

    package_name: str
    package_name_literal: str
    package_version_literal: str
    description_literal: str
    client_name: str  # ExampleClient
    client_header: str
    index_header: str
    data_model_lines: tuple[str, ...]  # export const DATA_MODEL = {...} as const;
    index_client_export: tuple[str, ...]  # export { DATA_MODEL, ExampleClient } from "./_client.js";
    runtime_check: tuple[str, ...]  # checkRuntimeVersion("1.0", "..."); laid out
    runtime_range: str
    client_imports: tuple[str, ...]
    views: tuple[TsView, ...]
