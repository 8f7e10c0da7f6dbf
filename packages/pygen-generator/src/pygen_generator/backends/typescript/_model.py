"""What the TypeScript templates print: one frozen record per output file, every string decided here.

The records are built from the IR (``_from_ir.py``); templates hold no logic beyond loops and ifs, so a
change of generated shape is a change of these records or of one template, never of both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TsEnum:
    """An enum property's values as a `const` array and a string-literal union type."""

    const_name: str  # EQUIPMENT_STATUS
    type_name: str  # EquipmentStatus
    values_literal: str  # ["running", "stopped"] as const


@dataclass(frozen=True)
class TsField:
    """One property of a view as the read interface, the write interface, the spec and the filters see it."""

    name: str  # field name (camelCase, safe)
    key: str  # the name as an object key / interface member (quoted when not an identifier)
    spec_entry: str  # `{ id: "serialNumber", type: "text", nullable: false }`
    read_type: str  # `string | null`
    write_type: str  # `string | null`
    write_required: bool
    filter_call: str | None  # `p.text("serialNumber")`; None when the type has no filter builder
    read_doc: tuple[str, ...]  # JSDoc lines (without `/** */`)
    write_doc: tuple[str, ...]


@dataclass(frozen=True)
class TsEdgeType:
    """A `{space, externalId}` constant for an edge type declared by a view's edge connection."""

    const_name: str  # CERTIFIED_EDGE_TYPE
    literal: str  # { space: "pygen_example", externalId: "certified" } as const
    doc: str


@dataclass(frozen=True)
class TsView:
    """One view module (`src/<module>.ts`)."""

    module: str  # file stem, e.g. "equipment"
    header: tuple[str, ...]  # leading `//` comment lines
    runtime_imports: str  # the formatted `import {...} from "@pygen/runtime";` statement
    sibling_imports: tuple[str, ...]  # formatted imports of parent view modules
    enums: tuple[TsEnum, ...]
    edge_types: tuple[TsEdgeType, ...]
    spec_name: str  # EQUIPMENT_VIEW
    view_literal: str  # { space: ..., externalId: ..., version: ... }
    used_for: str  # node | edge
    spec_spreads: tuple[str, ...]  # `...DESCRIBABLE_VIEW.properties`
    own_fields: tuple[TsField, ...]  # fields not inherited unchanged from a parent
    all_fields: tuple[TsField, ...]
    field_type_name: str  # EquipmentField
    read_name: str  # Equipment
    read_extends: str  # `extends Describable`
    write_name: str  # EquipmentWrite
    write_extends: str
    filter_name: str  # EquipmentFilter
    filter_factory: str | None  # equipmentFilters, when a view in the SDK extends this one's filters
    filter_spreads: tuple[str, ...]  # `...nodeFields` or `...equipmentFilters(PUMP_VIEW.view)`
    filter_fields: tuple[TsField, ...]  # fields with a builder that are not in a spread factory
    api_name: str  # EquipmentAPI
    api_generics: str  # `Equipment, EquipmentWrite, EquipmentField`
    client_getter: str  # equipment
    writable: bool


@dataclass(frozen=True)
class TsGetter:
    """A lazily created API on the client: `get name(): Type { return ...; }`."""

    name: str
    api_type: str
    doc: str | None
    body: tuple[str, ...]  # the laid-out `return this.#api(...)` lines


@dataclass(frozen=True)
class TsSdk:
    """The whole package: `package.json`, `tsconfig.json`, `src/index.ts`, `src/_client.ts`, view modules."""

    package_name: str
    description: str
    client_name: str  # ExampleClient
    writes_name: str  # ExampleWrites
    data_model_literal: str
    model_label: str  # pygen_example:ExampleModel/1
    source_label: str  # where it came from, for comments
    runtime_range: str
    runtime_api_version: int
    client_runtime_imports: str
    client_view_imports: tuple[str, ...]
    getters: tuple[TsGetter, ...]  # views, then edge types without properties
    upsert_lines: tuple[str, ...]
    views: tuple[TsView, ...]
