// Facts of a corpus model file that a generated spec does not carry but writing sample data needs:
// the node type a view's filter asks for, and the container a direct relation must point into.
import { readFileSync } from "node:fs";
import type { InstanceId } from "@pygen/runtime";

interface Ref {
  space: string;
  externalId: string;
}
interface ModelView extends Ref {
  filter?: Record<string, unknown> | null;
  mappedContainers?: Ref[];
  properties: Record<string, { container?: Ref; containerPropertyIdentifier?: string }>;
}
interface ModelFile {
  views: ModelView[];
  containers?: (Ref & { properties: Record<string, { type: { type: string; container?: Ref } }> })[];
}

export class ModelFacts {
  readonly #model: ModelFile;

  constructor(file: string) {
    this.#model = JSON.parse(readFileSync(file, "utf8")) as ModelFile;
  }

  #view(externalId: string): ModelView | undefined {
    return this.#model.views.find((v) => v.externalId === externalId);
  }

  /** The node type a view's filter selects (`equals` / `in` on `node.type`), if any. */
  nodeType(viewExternalId: string): InstanceId | undefined {
    const find = (filter: unknown): InstanceId | undefined => {
      if (typeof filter !== "object" || filter === null) return undefined;
      const f = filter as Record<string, { property?: string[]; value?: Ref; values?: Ref[] } | unknown[]>;
      for (const [kind, body] of Object.entries(f)) {
        if (Array.isArray(body)) {
          for (const part of body) {
            const found = find(part);
            if (found) return found;
          }
        } else if (body?.property?.join(".") === "node.type") {
          const ref = kind === "equals" ? body.value : body.values?.[0];
          if (ref) return { space: ref.space, externalId: ref.externalId };
        }
      }
      return undefined;
    };
    return find(this.#view(viewExternalId)?.filter);
  }

  /**
   * Whether the view's filter constrains stored property values (CogniteCADRevision asks for the
   * `Cognite3DModel.type` of its own node), which a sample written through the view alone cannot meet.
   */
  filtersOnValues(viewExternalId: string): boolean {
    const text = JSON.stringify(this.#view(viewExternalId)?.filter ?? null);
    return /"property":\["(?!node"|edge")/.test(text);
  }

  /** The view whose instances a direct relation must point at, when its container constrains it. */
  directTarget(viewExternalId: string, propertyId: string): string | undefined {
    const prop = this.#view(viewExternalId)?.properties[propertyId];
    if (!prop?.container || !prop.containerPropertyIdentifier) return undefined;
    const container = this.#model.containers?.find(
      (c) => c.space === prop.container?.space && c.externalId === prop.container?.externalId,
    );
    const required = container?.properties[prop.containerPropertyIdentifier]?.type.container;
    if (!required) return undefined;
    const candidates = this.#model.views
      .filter((v) => v.mappedContainers?.some((c) => c.externalId === required.externalId))
      .sort((a, b) => (a.mappedContainers?.length ?? 0) - (b.mappedContainers?.length ?? 0));
    return candidates[0]?.externalId;
  }
}
