// Model-independent helpers: a sample value for every property of a view spec, and what reading it back
// must give, so every view of a generated SDK can be written and compared without hand-written fixtures.
import type { InstanceId, PropertySpec, ViewAPI, ViewSpec } from "@pygen/runtime";

/** Every property of a view, inherited ones included (its own win), as the runtime merges them. */
export function allProperties(spec: ViewSpec): Record<string, PropertySpec> {
  const inherited = (spec.implements ?? []).map(allProperties);
  return Object.assign({}, ...inherited, spec.properties) as Record<string, PropertySpec>;
}

// Values that survive the round trip exactly: float32 values representable in 32 bits, int64 beyond
// 32 bits but within ±2^53, timestamps with milliseconds.
function scalar(prop: PropertySpec, target: (propertyId: string) => InstanceId, seed: number): unknown {
  switch (prop.type) {
    case "text":
    case "timeseries":
    case "file":
    case "sequence":
      return `${prop.id}-${seed}`;
    case "int32":
      return 7 + seed;
    case "int64":
      return 2 ** 40 + seed;
    case "float32":
      return 1.5 + seed;
    case "float64":
      return 0.1 + seed;
    case "boolean":
      return seed % 2 === 0;
    case "timestamp":
      return new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678 + seed));
    case "date":
      return `2024-02-${String(10 + seed).padStart(2, "0")}`;
    case "json":
      return { seed, nested: { list: [1, "two", null, true] } };
    case "direct":
      return target(prop.id);
    case "enum":
      return prop.values?.[seed % (prop.values?.length ?? 1)] ?? "unknown";
  }
}

/**
 * A write object for `spec` with a value for every writable property (not `readOnly`: CDF maintains
 * those) except `skip`; direct relations point at `target(propertyId)`.
 */
export function sampleWrite(
  spec: ViewSpec,
  id: InstanceId,
  target: (propertyId: string) => InstanceId,
  seed = 0,
  skip: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const out: Record<string, unknown> = { space: id.space, externalId: id.externalId };
  for (const [field, prop] of Object.entries(allProperties(spec))) {
    if (skip.has(prop.id) || prop.readOnly) continue;
    const value = scalar(prop, target, seed);
    out[field] = prop.list ? [value, scalar(prop, target, seed + 1)] : value;
  }
  return out;
}

/** What a read must hold for the written `sample`: the same values, timestamps as `Date`s. */
export function expectedRead(spec: ViewSpec, sample: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { space: sample.space, externalId: sample.externalId };
  for (const field of Object.keys(allProperties(spec))) {
    if (field in sample) out[field] = sample[field];
  }
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: any view API of a generated client
export type AnyAPI = ViewAPI<any, any, any>;

/** The view APIs of a generated client, by getter name (the getters generated on its class). */
export function viewAPIs(client: object, isAPI: (value: unknown) => value is AnyAPI): Record<string, AnyAPI> {
  const out: Record<string, AnyAPI> = {};
  const proto = Object.getPrototypeOf(client) as object;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor?.get === undefined) continue;
    const value: unknown = (client as Record<string, unknown>)[name];
    if (isAPI(value)) out[name] = value;
  }
  return out;
}
