/**
 * Connections as the runtime sees them (docs/connections.md §1): a view's connection or direct relation
 * with its thunks resolved ({@link Link}), the limits of the API that traversal works within, and the
 * error that names a hop. The requests are built elsewhere: one hop of `include` in `_hops.ts`, the query
 * builder's chained requests in `_chain.ts`, their execution in `_traverse.ts`.
 */
import { PygenError } from "./_errors.js";
import { connectionsOf, type InstanceId, propertiesOf, resolveSpec, type ViewSpec } from "./_spec.js";
import { toInstanceId } from "./_values.js";

/** Values per `in` / `containsAny` / `instanceReferences` filter the API takes. */
export const MAX_IN_VALUES = 1000;
/** Instances per result set and request when following connections (the API allows up to 10,000). */
export const QUERY_PAGE_SIZE = 1000;
/** The API's largest limit of one result set expression: the middle sets of a chained query ask for it. */
export const MAX_QUERY_LIMIT = 10_000;

/** A hop failed, or cannot be run within the API's limits: `hop` names it (`Facility.equipment`). */
export class TraversalError extends PygenError {
  override name = "TraversalError";
  constructor(
    readonly hop: string,
    readonly hopIndex: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`hop ${hopIndex} (${hop}): ${message}`, options);
  }
}

/** A connection or direct relation, with its thunks resolved. */
export type Link =
  | {
      readonly kind: "edge";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      readonly edgeView: ViewSpec | null;
      readonly type: InstanceId;
      readonly direction: "outwards" | "inwards";
      readonly list: boolean;
    }
  | {
      readonly kind: "reverse";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      /** The direct relation in the target view this one reverses: field name, property id, list or not. */
      readonly throughField: string;
      readonly throughId: string;
      readonly throughList: boolean;
      readonly list: boolean;
    }
  | {
      readonly kind: "direct";
      readonly name: string;
      readonly owner: ViewSpec;
      readonly target: ViewSpec;
      /** The direct relation's property id in the owner view (a chained hop goes `through` it). */
      readonly propertyId: string;
      readonly list: boolean;
    };

const links = new WeakMap<ViewSpec, Map<string, Link>>();

/** The link `name` of view `owner`, or a TypeError listing the links the view has. */
export function resolveLink(owner: ViewSpec, name: string): Link {
  let byName = links.get(owner);
  if (byName === undefined) {
    byName = new Map();
    links.set(owner, byName);
  }
  const cached = byName.get(name);
  if (cached !== undefined) return cached;
  const where = `${owner.view.externalId}.${name}`;
  const connections = connectionsOf(owner);
  const properties = propertiesOf(owner);
  let link: Link;
  const connection = Object.hasOwn(connections, name) ? connections[name] : undefined;
  const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
  if (connection?.kind === "edge") {
    link = {
      kind: "edge",
      name,
      owner,
      target: resolveSpec(connection.target, `${where}.target`),
      edgeView:
        connection.edgeView === undefined ? null : resolveSpec(connection.edgeView, `${where}.edgeView`),
      type: toInstanceId(connection.type),
      direction: connection.direction,
      list: connection.list,
    };
  } else if (connection?.kind === "reverse") {
    const target = resolveSpec(connection.target, `${where}.target`);
    const through = propertiesOf(target)[connection.through];
    if (through?.type !== "direct") {
      throw new TypeError(
        `${where}: through '${connection.through}' is not a direct relation of view ${target.view.externalId}.`,
      );
    }
    link = {
      kind: "reverse",
      name,
      owner,
      target,
      throughField: connection.through,
      throughId: through.id,
      throughList: through.list === true,
      list: connection.list,
    };
  } else if (property?.type === "direct" && property.source !== undefined) {
    link = {
      kind: "direct",
      name,
      owner,
      target: resolveSpec(property.source, `${where}.source`),
      propertyId: property.id,
      list: property.list === true,
    };
  } else {
    const names = [
      ...Object.keys(connections),
      ...Object.entries(properties)
        .filter(([, p]) => p.type === "direct" && p.source !== undefined)
        .map(([n]) => n),
    ];
    throw new TypeError(
      `'${name}' is not a connection of view ${owner.view.externalId}` +
        (names.length > 0 ? `; use one of: ${names.join(", ")}.` : " (it has none)."),
    );
  }
  byName.set(name, link);
  return link;
}

export const idKey = (id: InstanceId): string => `${id.space}\u0000${id.externalId}`;

/** A parsed instance (a read object under construction). */
export type Item = Record<string, unknown>;

/** Include options in their runtime form (the typed form is `Include<S>` in `_shapes.ts`). */
export type IncludeTree = Readonly<Record<string, unknown>>;
