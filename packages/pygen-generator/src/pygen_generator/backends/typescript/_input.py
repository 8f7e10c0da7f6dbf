"""The facts the TypeScript backend needs about the SDK, with every name already decided.

This is the seam between the shared IR and this backend: `_from_ir.py` fills it from the IR and
`_build.py` turns it into what the templates print. Nothing here knows about TypeScript syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ViewKey:
    space: str
    external_id: str
    version: str
    edge_twin: bool = False  # the edge shape of a `usedFor: all` view (see _edge_twins.py)

    def label(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@dataclass(frozen=True)
class PropertyIn:
    """A stored (container-mapped) property."""

    wire_id: str
    field_name: str
    type: str  # text int32 int64 float32 float64 boolean timestamp date json direct enum timeseries file sequence
    is_list: bool
    nullable: bool
    required_on_write: bool
    read_only: (
        bool  # CDF maintains it (CogniteCore's asset `path`), or it maps another property's container slot
    )
    enum_values: tuple[str, ...] = ()
    enum_const: str = ""  # EQUIPMENT_STATUS (enums only)
    enum_type: str = ""  # EquipmentStatus (enums only)
    description: str | None = None
    display_name: str | None = None  # the property's name in the model, when it says more than its id
    direct_target: ViewKey | None = None  # a direct relation's target view, when it is in the SDK
    inherited: bool = False  # declared unchanged by a parent view in the SDK: comes through `implements`
    # Every instance the view lists has data in the property's container (the IR's `data_guaranteed`): else
    # a non-nullable property is still null on some reads, and the read interface says so.
    data_guaranteed: bool = True
    container: str = ""  # the externalId of the container it is stored in


@dataclass(frozen=True)
class EdgeIn:
    """An edge connection: edges of `edge_type` between this view's nodes and `other`'s."""

    field_name: str
    edge_type_const: str  # CERTIFIED
    direction: str  # outwards | inwards
    other: ViewKey
    edge_source: ViewKey | None  # the edge view holding the edges' properties, when in the SDK
    inherited: bool = False
    multi: bool = True
    edge_type_owner: ViewKey | None = None  # the view whose module declares the edge type constant
    edge_type_space: str = ""  # the edge type node's id, written out where the constant is not declared
    edge_type_xid: str = ""
    description: str | None = None


@dataclass(frozen=True)
class EdgeTypeConst:
    """An edge type constant (`CERTIFIED`) and the view module that declares it."""

    const_name: str
    space: str
    external_id: str


@dataclass(frozen=True)
class ReverseIn:
    """A reverse direct relation: `other` nodes whose `through` direct relation points here."""

    field_name: str
    other: ViewKey
    through_field: str | None  # the direct relation's field name on `other` (None: `other` not in the SDK)
    multi: bool
    inherited: bool = False
    description: str | None = None


@dataclass(frozen=True)
class ShapeNames:
    """The names and header of the edge shape of a `usedFor: all` view (decided in the IR)."""

    type_name: str
    spec_name: str
    module: str
    getter: str
    header: str
    plain_header: str


@dataclass(frozen=True)
class ViewIn:
    key: ViewKey
    used_for: str  # node | edge | all
    name: str | None
    description: str | None
    implements: tuple[ViewKey, ...]  # parents inside the SDK, in declaration order
    type_name: str  # Equipment
    spec_name: str  # EQUIPMENT_VIEW
    module: str  # equipment
    getter: str  # equipment (the client property)
    writable: bool
    properties: tuple[PropertyIn, ...]  # own and inherited, in model order
    connections: tuple[EdgeIn | ReverseIn, ...] = ()  # edges and reverse direct relations, in model order
    edge_type_constants: tuple[EdgeTypeConst, ...] = ()  # the edge types this view's module declares
    node_type: tuple[str, str] | None = None  # (space, externalId) writes get when they give no `type`
    header: str = ""  # the module's header comment, unwrapped (the IR's `TypeScriptViewIR.header`)
    plain_header: str = ""  # the header of an SDK without connection declarations
    edge_shape: ShapeNames | None = None  # `usedFor: all` views: the edge shape's names (_edge_twins.py)

    @property
    def edges(self) -> tuple[EdgeIn, ...]:
        return tuple(c for c in self.connections if isinstance(c, EdgeIn))

    @property
    def reverses(self) -> tuple[ReverseIn, ...]:
        return tuple(c for c in self.connections if isinstance(c, ReverseIn))


@dataclass(frozen=True)
class SdkIn:
    package_name: str  # the npm package name
    package_version: str  # the generated package's version (the model's, when it is numeric)
    client_name: str  # ExampleClient
    runtime_api_version: str  # "1.0": the @pygen/runtime API the SDK is written against
    data_models: tuple[ViewKey, ...]  # the models the SDK was generated from (version in `version`)
    views: tuple[ViewIn, ...] = field(default_factory=tuple)
