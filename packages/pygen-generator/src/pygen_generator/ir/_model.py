"""The IR: language-agnostic, JSON-serialisable facts about the SDK, with every decision already made.

Backends (Python, TypeScript) and templates only *print* these fields. Names are decided for both
languages here (``python``/``typescript`` sub-records); the wire ids stay in ``id`` fields. The field
list with its meaning is in ``ir/README.md``; ``SdkIR.to_json()`` is what ``pygen inspect --json`` prints.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ContainerPropertyRef",
    "DataModelIR",
    "EdgeIR",
    "EdgeTypeIR",
    "EnumIR",
    "EnumValueIR",
    "IssueIR",
    "NodeTypeIR",
    "PinnedValueIR",
    "PropertyIR",
    "PythonClassesIR",
    "PythonFieldIR",
    "PythonPackageIR",
    "PythonViewIR",
    "ReverseIR",
    "SdkIR",
    "TypeScriptPackageIR",
    "TypeScriptPropertyIR",
    "TypeScriptViewIR",
    "ViewFilterIR",
    "ViewIR",
    "ViewRef",
]

PropertyKind = Literal["mapped", "edge", "reverse"]
# DMS types of mapped properties; connections use "edge" / "reverse".
PropertyType = Literal[
    "text", "boolean", "int32", "int64", "float32", "float64", "timestamp", "date", "json",
    "timeseries", "file", "sequence", "direct", "enum", "edge", "reverse",
]  # fmt: skip
UsedFor = Literal["node", "edge", "all"]
InstanceType = Literal["node", "edge"]


@dataclass(frozen=True)
class ViewRef:
    space: str
    external_id: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@dataclass(frozen=True)
class ContainerPropertyRef:
    space: str
    external_id: str
    property: str


@dataclass(frozen=True)
class NodeTypeIR:
    """A node type (a node id), as a view filter asks for it."""

    space: str
    external_id: str


@dataclass(frozen=True)
class PinnedValueIR:
    """A property value a view filter asks for (``equals``, or the first value of an ``in``)."""

    property: str  # the wire id of the view's property
    value: Any  # in the wire form


@dataclass(frozen=True)
class ViewFilterIR:
    """A view's ``filter`` and what a write through the view needs for the view to show it (ir/_filters.py)."""

    filter: dict[str, Any]  # as in the model
    node_type: NodeTypeIR | None  # the node type it pins (equals on ["node", "type"], or an in's first value)
    values: tuple[PinnedValueIR, ...]  # property values it pins
    unsatisfied: tuple[str, ...]  # parts a write through the view cannot meet, each with the reason

    @property
    def satisfiable(self) -> bool:
        """A write with ``node_type`` and ``values`` is shown by the view."""
        return not self.unsatisfied


@dataclass(frozen=True)
class EnumValueIR:
    value: str  # the wire value
    name: str | None
    description: str | None


@dataclass(frozen=True)
class EnumIR:
    values: tuple[EnumValueIR, ...]
    unknown_value: str | None
    python_alias: str  # Status  (``Status = Literal[...]`` in the declaring view's module)
    python_literal: str  # Literal["running", "stopped", "maintenance"]
    typescript_type: str  # EquipmentStatus
    typescript_const: str  # EQUIPMENT_STATUS


@dataclass(frozen=True)
class EdgeTypeIR:
    """An edge type (a node id) used by edge connections; one constant per SDK."""

    space: str
    external_id: str
    python_const: str  # CERTIFIED
    typescript_const: str  # CERTIFIED
    declared_in: ViewRef  # the view whose module defines the constant
    python_module: str  # its Python module


@dataclass(frozen=True)
class EdgeIR:
    edge_type: EdgeTypeIR
    direction: Literal["outwards", "inwards"]
    multi: bool  # multi_edge_connection (else single)
    other: ViewRef  # the view of the nodes at the other end
    other_in_sdk: bool
    edge_source: ViewRef | None  # the edge view with the edges' properties, when in the SDK


@dataclass(frozen=True)
class ReverseIR:
    multi: bool  # multi_reverse_direct_relation (else single)
    other: ViewRef  # the view whose direct relation points here
    other_in_sdk: bool
    through_view: ViewRef | None  # through a view property (None: through a container property)
    through_container: ContainerPropertyRef | None
    through_property: str  # the wire id of the direct relation
    through_python_field: str | None  # its field name on `other` (None when `other` is not in the SDK)
    through_typescript_field: str | None
    targets_list: bool  # the direct relation is a list


@dataclass(frozen=True)
class PythonFieldIR:
    """How a mapped property appears in the Python classes (``None`` parts: not there)."""

    name: str  # snake_case, safe
    alias: str | None  # the wire id, when pydantic's to_camel(name) does not give it
    annotation: str  # "str | None" (write-side value types: rt.Int32, rt.Timestamp, ...)
    optional: bool  # has the default None in <View>Properties (else required; inherited: as the parent's)
    comment: str | None  # trailing comment of the declaration
    # The declaration in <View>Properties (None: read only, see read_line); optional also where the view's
    # filter does not guarantee the data (PropertyIR.data_guaranteed), write_line then requires it again.
    properties_line: str | None
    # The declaration in the read class: read-only properties, and non-nullable ones CDF fills when a write
    # leaves them out (a default, auto-increment), required there and optional in <View>Properties; an
    # inherited one where this view's filter reads it otherwise than the parent's.
    read_line: str | None
    # An override in the write class: enums narrowed to the known values, a required property that
    # <View>Properties declares optional (see properties_line) required again.
    write_line: str | None
    filter_builder: str | None  # 'rt.TextProperty()'; None: no typed filter (json)
    fields_line: str | None  # the declaration in <View>Fields
    docstring_line: str | None = None  # the attribute docstring after the declaration (the description)


@dataclass(frozen=True)
class TypeScriptPropertyIR:
    name: str  # camelCase, safe (the wire id when that is a plain identifier)


@dataclass(frozen=True)
class PropertyIR:
    id: str  # the wire id
    name: str | None  # the property's display name in the model
    description: str | None
    kind: PropertyKind
    type: PropertyType
    is_list: bool
    nullable: bool
    required_on_write: bool  # not nullable, no default, not auto-increment
    read_only: bool  # never written (CDF maintains it, or it duplicates another property's container slot)
    immutable: bool
    auto_increment: bool
    default_value: Any
    inherited: bool  # declared unchanged by a parent view in the SDK (not repeated in the class)
    write_inherited: bool  # declared unchanged by a parent view's write class
    container: ContainerPropertyRef | None
    enum: EnumIR | None
    direct_target: ViewRef | None  # a direct relation's target view, when it is in the SDK
    edge: EdgeIR | None
    reverse: ReverseIR | None
    python: PythonFieldIR | None  # None: not a field of the Python classes (edges, reverse relations)
    typescript: TypeScriptPropertyIR
    python_name: str = ""  # the Python name (of connections too: their field on read/write classes)
    # Every instance the view lists has data in the property's container: the view has no filter (CDF's
    # default is hasData), or its filter is an `and` with a hasData on the container (ir/_filters.py).
    data_guaranteed: bool = True
    # A read through the view can lack the value: nullable, or not data_guaranteed (a non-nullable
    # property is then optional on reads and still required on writes).
    read_nullable: bool = True


@dataclass(frozen=True)
class PythonClassesIR:
    """The classes of one view for one instance type (``usedFor: all`` views have two)."""

    instance_type: InstanceType
    read: str
    write: str | None  # None: the view is not writable
    fields: str
    api: str
    async_api: str
    client_attribute: str
    read_header: str  # "class Pump(Equipment, PumpProperties, view=VIEW_ID):" laid out to the line length
    write_header: str | None
    write_docstring: str  # printed when the write class has no body of its own
    fields_header: str
    api_header: str
    api_docstring: str
    async_api_header: str
    async_api_docstring: str
    api_class_lines: tuple[str, ...]  # class attributes of both API classes (views that are not writable)
    # The write class's `type` default: the node type the view filter pins (`= None` undoes a parent's).
    write_type_line: str | None = None


@dataclass(frozen=True)
class PythonViewIR:
    module: str  # equipment (file equipment.py)
    docstring: tuple[str, ...]  # module docstring lines
    imports: tuple[tuple[str, ...], ...]  # import groups (stdlib, third party, first party), sorted
    view_id_line: str  # VIEW_ID = rt.ViewId(...)
    enum_lines: tuple[str, ...]  # Status = Literal[...]
    edge_type_lines: tuple[str, ...]  # CERTIFIED = rt.InstanceId(...)
    properties: str  # EquipmentProperties: the view's properties, shared by read and write classes
    properties_header: str
    classes: tuple[PythonClassesIR, ...]
    exports: tuple[str, ...]  # names __init__ re-exports from this module (isort order)


@dataclass(frozen=True)
class TypeScriptViewIR:
    module: str  # kebab-case file stem
    type_name: str  # Equipment (read interface); EquipmentWrite etc. derive from it
    client_property: str  # equipment
    view_const: str  # EQUIPMENT_VIEW
    header: str = ""  # the module's header comment (one sentence, unwrapped; ir/_typescript_view.py)
    plain_header: str = ""  # the same for an SDK generated without connection declarations
    # `usedFor: all` views: the names and headers of the edge shape's module (`CogniteDescribableEdge`).
    edge_shape: TypeScriptViewIR | None = None


@dataclass(frozen=True)
class ViewIR:
    ref: ViewRef
    name: str | None
    description: str | None
    used_for: UsedFor
    writable: bool
    implements: tuple[ViewRef, ...]  # SDK parents the classes inherit from (diamonds resolved), in order
    implements_declared: tuple[ViewRef, ...]  # every view the model says it implements
    properties: tuple[PropertyIR, ...]  # own and inherited, in model order
    enums: tuple[EnumIR, ...]  # enums declared in this view's module
    edge_types: tuple[EdgeTypeIR, ...]  # edge type constants declared in this view's module
    python: PythonViewIR
    typescript: TypeScriptViewIR
    filter: ViewFilterIR | None = None  # the view's filter (None: it has none; CDF then uses hasData)
    # The node type writes through the view get when the caller gives none: the filter's, for writable
    # node views (cognite-pygen v1 defaults `node_type` so; without it the view would not list them).
    write_node_type: NodeTypeIR | None = None


@dataclass(frozen=True)
class DataModelIR:
    space: str
    external_id: str
    version: str
    name: str | None
    description: str | None

    @property
    def label(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@dataclass(frozen=True)
class IssueIR:
    code: str
    location: str
    message: str
    action: str
    severity: str


@dataclass(frozen=True)
class PythonPackageIR:
    package: str  # example_sdk
    client: str  # ExampleClient
    async_client: str  # AsyncExampleClient
    distribution: str  # example-sdk (the pyproject name)
    version: str  # the generated package's version
    runtime_api_version: str  # "1.0", checked at import
    runtime_requirement: str  # "pygen-runtime>=0.1,<1"
    header: tuple[str, ...]  # comment lines at the top of every generated Python file
    docstring: tuple[str, ...]  # __init__ docstring lines
    sdk_label: str  # "example_sdk (pygen_example:ExampleModel/1)"


@dataclass(frozen=True)
class TypeScriptPackageIR:
    package: str  # the npm name: example-sdk (default: the Python package, kebab-case) or @scope/name
    client: str  # ExampleClient
    runtime_api_version: str


@dataclass(frozen=True)
class SdkIR:
    generator_version: str
    model_hash: str  # sha256 of the canonical input (first 12 hex digits in headers)
    data_models: tuple[DataModelIR, ...]
    default_instance_space: str | None
    python: PythonPackageIR
    typescript: TypeScriptPackageIR
    views: tuple[ViewIR, ...]  # sorted by Python module
    edge_types: tuple[EdgeTypeIR, ...]  # sorted by constant name
    issues: tuple[IssueIR, ...]
    version: str = "0.1.0"  # the generated SDK's version, for every language (the model's, when numeric)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, default=str)

    def view(self, ref: ViewRef) -> ViewIR:
        for view in self.views:
            if view.ref == ref:
                return view
        raise KeyError(ref.label)
