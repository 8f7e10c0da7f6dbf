// Model-independent helpers: the view APIs of a generated client, found by its getters (the end-to-end
// test resolves each view by its spec's view id and `usedFor`, never by a model-specific name).
import type { ViewAPI } from "@pygen/runtime";

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
