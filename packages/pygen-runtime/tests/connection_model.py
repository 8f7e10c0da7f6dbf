"""A small model with every kind of connection (WindTurbine-like), declared as a generated SDK would, and
its DMS form for the emulator: Turbine <- Blade.turbine (reverse, single direct) and <- Blade.spare_for
(reverse, list direct); Blade -> Sensor edges with properties (Mount) and a single edge Blade.primary;
Sensor.blades: the hasSensor edges inwards. The same model as @pygen/runtime's connection fixtures."""

from __future__ import annotations

from typing import Any

import pygen_runtime as rt

SPACE = "conn_model"
HAS_SENSOR = rt.InstanceId(SPACE, "hasSensor")
PRIMARY = rt.InstanceId(SPACE, "primary")
TURBINE = rt.ViewId(SPACE, "Turbine", "1")
BLADE = rt.ViewId(SPACE, "Blade", "1")
SENSOR = rt.ViewId(SPACE, "Sensor", "1")
MOUNT = rt.ViewId(SPACE, "Mount", "1")


class MountProperties(rt.Properties):
    weight: float | None = None
    note: str | None = None


class MountWrite(rt.EdgeWrite, MountProperties, view=MOUNT):
    """A Mount edge."""


class Mount(rt.Edge, MountProperties, view=MOUNT):
    """A Mount edge as read."""


class MountFields(rt.EdgeFields, view=MOUNT):
    weight = rt.FloatProperty()
    note = rt.TextProperty()


class TurbineProperties(rt.Properties):
    name: str | None = None
    capacity: float | None = None


class TurbineWrite(rt.NodeWrite, TurbineProperties, view=TURBINE):
    """A Turbine node to write."""


class Turbine(rt.Node, TurbineProperties, view=TURBINE):
    # spelled out here; the other views use the rt.Many/rt.One/... aliases generated SDKs use
    blades: list[Blade | rt.InstanceId] | rt.NotFetched = rt.NOT_FETCHED
    spare_blades: list[Blade | rt.InstanceId] | rt.NotFetched = rt.NOT_FETCHED


class TurbineFields(rt.NodeFields, view=TURBINE):
    name = rt.TextProperty()
    capacity = rt.FloatProperty()
    blades = rt.ReverseConnection("turbine", target=lambda: BladeAPI)
    spare_blades = rt.ReverseConnection("spare_for", target=lambda: BladeAPI)


class SensorProperties(rt.Properties):
    label: str | None = None
    position: float | None = None


class SensorWrite(rt.NodeWrite, SensorProperties, view=SENSOR):
    blades: rt.WriteMany[BladeWrite] = rt.connection_field()


class Sensor(rt.Node, SensorProperties, view=SENSOR):
    blades: rt.Many[Blade] = rt.NOT_FETCHED


class SensorFields(rt.NodeFields, view=SENSOR):
    label = rt.TextProperty()
    position = rt.FloatProperty()
    blades = rt.EdgeConnection(HAS_SENSOR, "inwards", target=lambda: BladeAPI)


class BladeProperties(rt.Properties):
    name: str | None = None
    is_damaged: bool | None = None


class BladeWrite(rt.NodeWrite, BladeProperties, view=BLADE):
    turbine: rt.DirectRelation | TurbineWrite | None = None
    spare_for: list[rt.DirectRelation | TurbineWrite] | None = None
    sensors: rt.WriteManyEdges[MountProperties, SensorWrite] = rt.connection_field()
    primary: rt.WriteOne[SensorWrite] = rt.connection_field()


class Blade(rt.Node, BladeProperties, view=BLADE):
    turbine: rt.InstanceId | Turbine | None = None
    spare_for: list[rt.InstanceId | Turbine] | None = None
    sensors: rt.ManyEdges[Mount, Sensor] = rt.NOT_FETCHED
    primary: rt.One[Sensor] = rt.NOT_FETCHED


class BladeFields(rt.NodeFields, view=BLADE):
    name = rt.TextProperty()
    is_damaged = rt.BooleanProperty()
    turbine = rt.DirectRelationProperty(source=lambda: TurbineAPI)
    spare_for = rt.ListProperty.of_direct_relations(source=lambda: TurbineAPI)
    sensors = rt.EdgeConnection(HAS_SENSOR, "outwards", target=lambda: SensorAPI, edge=lambda: MountAPI)
    primary = rt.EdgeConnection(PRIMARY, "outwards", target=lambda: SensorAPI, list=False)


class TurbineAPI(rt.ViewAPI[Turbine, TurbineWrite, TurbineFields]): ...


class BladeAPI(rt.ViewAPI[Blade, BladeWrite, BladeFields]): ...


class SensorAPI(rt.ViewAPI[Sensor, SensorWrite, SensorFields]): ...


class MountAPI(rt.ViewAPI[Mount, MountWrite, MountFields]): ...


class AsyncTurbineAPI(rt.AsyncViewAPI[Turbine, TurbineWrite, TurbineFields]): ...


class AsyncBladeAPI(rt.AsyncViewAPI[Blade, BladeWrite, BladeFields]): ...


class AsyncSensorAPI(rt.AsyncViewAPI[Sensor, SensorWrite, SensorFields]): ...


class AsyncMountAPI(rt.AsyncViewAPI[Mount, MountWrite, MountFields]): ...


def _view(external_id: str) -> dict[str, Any]:
    return {"type": "view", "space": SPACE, "externalId": external_id, "version": "1"}


def _mapped(container: str, prop: str, source: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "container": {"type": "container", "space": SPACE, "externalId": container},
        "containerPropertyIdentifier": prop,
    }
    if source is not None:
        out["source"] = _view(source)
    return out


def _container(external_id: str, used_for: str, props: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "space": SPACE,
        "externalId": external_id,
        "usedFor": used_for,
        "properties": {k: {"type": v} for k, v in props.items()},
    }


MODEL: dict[str, Any] = {
    "space": SPACE,
    "externalId": "ConnModel",
    "version": "1",
    "containers": [
        _container("Turbine", "node", {"name": {"type": "text"}, "capacity": {"type": "float64"}}),
        _container(
            "Blade",
            "node",
            {
                "name": {"type": "text"},
                "isDamaged": {"type": "boolean"},
                "turbine": {"type": "direct"},
                "spareFor": {"type": "direct", "list": True},
            },
        ),
        _container("Sensor", "node", {"label": {"type": "text"}, "position": {"type": "float64"}}),
        _container("Mount", "edge", {"weight": {"type": "float64"}, "note": {"type": "text"}}),
    ],
    "views": [
        {
            "space": SPACE,
            "externalId": "Turbine",
            "version": "1",
            "properties": {
                "name": _mapped("Turbine", "name"),
                "capacity": _mapped("Turbine", "capacity"),
                "blades": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": _view("Blade"),
                    "through": {"source": _view("Blade"), "identifier": "turbine"},
                },
                "spareBlades": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": _view("Blade"),
                    "through": {"source": _view("Blade"), "identifier": "spareFor"},
                },
            },
        },
        {
            "space": SPACE,
            "externalId": "Blade",
            "version": "1",
            "properties": {
                "name": _mapped("Blade", "name"),
                "isDamaged": _mapped("Blade", "isDamaged"),
                "turbine": _mapped("Blade", "turbine", "Turbine"),
                "spareFor": _mapped("Blade", "spareFor", "Turbine"),
                "sensors": {
                    "connectionType": "multi_edge_connection",
                    "type": HAS_SENSOR.dump(),
                    "source": _view("Sensor"),
                    "edgeSource": _view("Mount"),
                    "direction": "outwards",
                },
                "primary": {
                    "connectionType": "single_edge_connection",
                    "type": PRIMARY.dump(),
                    "source": _view("Sensor"),
                    "direction": "outwards",
                },
            },
        },
        {
            "space": SPACE,
            "externalId": "Sensor",
            "version": "1",
            "properties": {
                "label": _mapped("Sensor", "label"),
                "position": _mapped("Sensor", "position"),
                "blades": {
                    "connectionType": "multi_edge_connection",
                    "type": HAS_SENSOR.dump(),
                    "source": _view("Blade"),
                    "direction": "inwards",
                },
            },
        },
        {
            "space": SPACE,
            "externalId": "Mount",
            "version": "1",
            "properties": {"weight": _mapped("Mount", "weight"), "note": _mapped("Mount", "note")},
        },
    ],
}
