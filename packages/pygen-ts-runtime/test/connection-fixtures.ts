// A small model with every kind of connection (WindTurbine-like), as specs and as the DMS model that
// the emulator tests deploy: Turbine ← Blade.turbine (reverse, single direct) and ← Blade.spareFor
// (reverse, list direct); Blade → Sensor edges with properties (Mount), a single edge Blade.primary;
// Sensor.blades: the Mount edges inwards.
import {
  fieldsFor,
  type InstanceId,
  lazyView,
  type PygenClient,
  type Read,
  ViewAPI,
  type ViewSpec,
  type Write,
} from "../src/index.js";

export const SPACE = "conn_model" as const;
export const HAS_SENSOR: InstanceId = { space: SPACE, externalId: "hasSensor" };
export const PRIMARY: InstanceId = { space: SPACE, externalId: "primary" };

const view = <const X extends string>(externalId: X) => ({ space: SPACE, externalId, version: "1" }) as const;

export const TURBINE_VIEW = {
  view: view("Turbine"),
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text" },
    capacity: { id: "capacity", type: "float64" },
  },
  connections: {
    blades: { kind: "reverse", through: "turbine", list: true, target: lazyView<BladeAPI>(() => BLADE_VIEW) },
    spareBlades: {
      kind: "reverse",
      through: "spareFor",
      list: true,
      target: lazyView<BladeAPI>(() => BLADE_VIEW),
    },
  },
} as const satisfies ViewSpec;

export const BLADE_VIEW = {
  view: view("Blade"),
  usedFor: "node",
  properties: {
    name: { id: "name", type: "text" },
    isDamaged: { id: "isDamaged", type: "boolean" },
    turbine: { id: "turbine", type: "direct", source: lazyView<TurbineAPI>(() => TURBINE_VIEW) },
    spareFor: {
      id: "spareFor",
      type: "direct",
      list: true,
      source: lazyView<TurbineAPI>(() => TURBINE_VIEW),
    },
  },
  connections: {
    sensors: {
      kind: "edge",
      type: HAS_SENSOR,
      direction: "outwards",
      list: true,
      target: lazyView<SensorAPI>(() => SENSOR_VIEW),
      edgeView: lazyView<MountAPI>(() => MOUNT_VIEW),
    },
    primary: {
      kind: "edge",
      type: PRIMARY,
      direction: "outwards",
      list: false,
      target: lazyView<SensorAPI>(() => SENSOR_VIEW),
    },
  },
} as const satisfies ViewSpec;

export const SENSOR_VIEW = {
  view: view("Sensor"),
  usedFor: "node",
  properties: {
    label: { id: "label", type: "text" },
    position: { id: "position", type: "float64" },
  },
  connections: {
    blades: {
      kind: "edge",
      type: HAS_SENSOR,
      direction: "inwards",
      list: true,
      target: lazyView<BladeAPI>(() => BLADE_VIEW),
    },
  },
} as const satisfies ViewSpec;

export const MOUNT_VIEW = {
  view: view("Mount"),
  usedFor: "edge",
  properties: {
    weight: { id: "weight", type: "float64" },
    note: { id: "note", type: "text" },
  },
} as const satisfies ViewSpec;

export interface Turbine extends Read<typeof TURBINE_VIEW> {}
export interface TurbineWrite extends Write<typeof TURBINE_VIEW> {}
export interface Blade extends Read<typeof BLADE_VIEW> {}
export interface BladeWrite extends Write<typeof BLADE_VIEW> {}
export interface Sensor extends Read<typeof SENSOR_VIEW> {}
export interface SensorWrite extends Write<typeof SENSOR_VIEW> {}
export interface Mount extends Read<typeof MOUNT_VIEW> {}
export interface MountWrite extends Write<typeof MOUNT_VIEW> {}
export const TurbineFields = fieldsFor(TURBINE_VIEW);
export const BladeFields = fieldsFor(BLADE_VIEW);
export const SensorFields = fieldsFor(SENSOR_VIEW);
export const MountFields = fieldsFor(MOUNT_VIEW);

export class TurbineAPI extends ViewAPI<Turbine, TurbineWrite, typeof TurbineFields> {
  constructor(client: PygenClient) {
    super(client, TURBINE_VIEW);
  }
}
export class BladeAPI extends ViewAPI<Blade, BladeWrite, typeof BladeFields> {
  constructor(client: PygenClient) {
    super(client, BLADE_VIEW);
  }
}
export class SensorAPI extends ViewAPI<Sensor, SensorWrite, typeof SensorFields> {
  constructor(client: PygenClient) {
    super(client, SENSOR_VIEW);
  }
}
export class MountAPI extends ViewAPI<Mount, MountWrite, typeof MountFields> {
  constructor(client: PygenClient) {
    super(client, MOUNT_VIEW);
  }
}

const ref = (externalId: string) => ({ type: "view", ...view(externalId) });
const container = (externalId: string) => ({ type: "container", space: SPACE, externalId });
const mapped = (c: string, p: string, source?: string) => ({
  container: container(c),
  containerPropertyIdentifier: p,
  ...(source === undefined ? {} : { source: ref(source) }),
});

/** The DMS model of the specs above: containers and views, as `/models/containers` and `/models/views` items. */
export const MODEL = {
  containers: [
    {
      space: SPACE,
      externalId: "Turbine",
      usedFor: "node",
      properties: { name: { type: { type: "text" } }, capacity: { type: { type: "float64" } } },
    },
    {
      space: SPACE,
      externalId: "Blade",
      usedFor: "node",
      properties: {
        name: { type: { type: "text" } },
        isDamaged: { type: { type: "boolean" } },
        turbine: { type: { type: "direct" } },
        spareFor: { type: { type: "direct", list: true } },
      },
    },
    {
      space: SPACE,
      externalId: "Sensor",
      usedFor: "node",
      properties: { label: { type: { type: "text" } }, position: { type: { type: "float64" } } },
    },
    {
      space: SPACE,
      externalId: "Mount",
      usedFor: "edge",
      properties: { weight: { type: { type: "float64" } }, note: { type: { type: "text" } } },
    },
  ],
  views: [
    {
      ...view("Turbine"),
      properties: {
        name: mapped("Turbine", "name"),
        capacity: mapped("Turbine", "capacity"),
        blades: {
          connectionType: "multi_reverse_direct_relation",
          source: ref("Blade"),
          through: { source: ref("Blade"), identifier: "turbine" },
        },
        spareBlades: {
          connectionType: "multi_reverse_direct_relation",
          source: ref("Blade"),
          through: { source: ref("Blade"), identifier: "spareFor" },
        },
      },
    },
    {
      ...view("Blade"),
      properties: {
        name: mapped("Blade", "name"),
        isDamaged: mapped("Blade", "isDamaged"),
        turbine: mapped("Blade", "turbine", "Turbine"),
        spareFor: mapped("Blade", "spareFor", "Turbine"),
        sensors: {
          connectionType: "multi_edge_connection",
          type: HAS_SENSOR,
          source: ref("Sensor"),
          edgeSource: ref("Mount"),
          direction: "outwards",
        },
        primary: {
          connectionType: "single_edge_connection",
          type: PRIMARY,
          source: ref("Sensor"),
          direction: "outwards",
        },
      },
    },
    {
      ...view("Sensor"),
      properties: {
        label: mapped("Sensor", "label"),
        position: mapped("Sensor", "position"),
        blades: {
          connectionType: "multi_edge_connection",
          type: HAS_SENSOR,
          source: ref("Blade"),
          direction: "inwards",
        },
      },
    },
    {
      ...view("Mount"),
      properties: { weight: mapped("Mount", "weight"), note: mapped("Mount", "note") },
    },
  ],
};
