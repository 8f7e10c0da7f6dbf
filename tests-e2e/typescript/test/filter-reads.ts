// Nodes a view's filter lists without the view's data (test/corpus-e2e.test.ts runs this per model).
//
// A view's own filter replaces CDF's default (hasData on the view's containers): a filter on the node type
// alone lists every node of that type, also one written with no sources. For every view API whose spec
// pins a node type (`nodeType`) and that has a required (non-nullable) property: write such a node, list
// through the view, and check the required properties read as null and that the generated read interface
// says they can (its property type includes null), found with the TypeScript compiler on the generated
// module. Model-independent: views come from the client's getters, properties from their specs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PropertySpec, ViewSpec } from "@pygen/runtime";
import ts from "typescript";
import type { AnyAPI } from "./sample.js";

const SPACE = "e2e_bare";

/** Every property of a view, inherited ones included (a view's own win, as the runtime merges them). */
function properties(spec: ViewSpec): Record<string, PropertySpec> {
  const inherited = (spec.implements ?? []).map(properties);
  return Object.assign({}, ...inherited, spec.properties) as Record<string, PropertySpec>;
}

/** The required properties of each node view API that pins a node type. */
function pinned(apis: Map<string, AnyAPI>): { getter: string; api: AnyAPI; required: string[] }[] {
  const out: { getter: string; api: AnyAPI; required: string[] }[] = [];
  for (const [getter, api] of apis) {
    const spec = api.spec as ViewSpec;
    if (spec.usedFor !== "node" || spec.nodeType === undefined) continue;
    const required = Object.entries(properties(spec))
      .filter(([, p]) => p.nullable === false)
      .map(([field]) => field);
    if (required.length) out.push({ getter, api, required });
  }
  return out;
}

/**
 * Field name → whether the read interface of the API class `apiClass` (declared in one of `files`) lets
 * it be null: the first type argument of `ViewAPI<Read, Write, Fields>` in the class heading.
 */
function nullableOnRead(files: string[], apiClass: string, fields: string[]): Map<string, boolean> {
  const configPath = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (config === undefined) throw new Error(`cannot read ${configPath}`);
  const source = files.find((f) => readFileSync(f, "utf8").includes(`export class ${apiClass} `));
  if (source === undefined) throw new Error(`no generated module declares ${apiClass}`);
  const program = ts.createProgram([source], config.options);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(source);
  const declaration = file?.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === apiClass,
  );
  const heritage = declaration?.heritageClauses?.[0]?.types[0]?.typeArguments?.[0];
  if (heritage === undefined) throw new Error(`${apiClass} does not extend ViewAPI<Read, ...>`);
  const read = checker.getTypeFromTypeNode(heritage);
  const out = new Map<string, boolean>();
  for (const field of fields) {
    const symbol = read.getProperty(field);
    if (symbol === undefined) throw new Error(`${apiClass}: the read type has no ${field}`);
    const type = checker.getTypeOfSymbol(symbol);
    const parts = type.isUnion() ? type.types : [type];
    out.set(
      field,
      parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0),
    );
  }
  return out;
}

export interface Failure {
  view: string;
  field: string;
  what: string;
}

/** Writes a node of each pinned type with no sources and reads it through the view (see the top). */
export async function checkNodesWithoutData(
  // biome-ignore lint/suspicious/noExplicitAny: the generated client, imported at run time
  sdk: any,
  apis: Map<string, AnyAPI>,
  folder: string,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  const views = pinned(apis);
  if (!views.length) return failures;
  await sdk.client.post("/models/spaces", { items: [{ space: SPACE }] });
  const src = new URL(`../generated/${folder}/src/`, import.meta.url);
  const files = readdirSync(src)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => fileURLToPath(new URL(f, src)));
  for (const [index, { api, required }] of views.entries()) {
    const spec = api.spec as ViewSpec;
    const label = `${spec.view.space}:${spec.view.externalId}/${spec.view.version}`;
    const externalId = `bare-${index}`;
    await sdk.client.post("/models/instances", {
      items: [{ instanceType: "node", space: SPACE, externalId, type: spec.nodeType }],
    });
    // biome-ignore lint/suspicious/noExplicitAny: the text filter of any view's fields
    const filter = (api.fields as any).externalId.in([externalId]);
    const found = (await api.list({ filter, limit: null })) as Record<string, unknown>[];
    if (!found.length) continue; // the filter asks for data too (hasData): the view does not show it
    const honest = nullableOnRead(files, api.constructor.name, required);
    for (const field of required) {
      if (found[0]?.[field] !== null) {
        failures.push({ view: label, field, what: `read ${JSON.stringify(found[0]?.[field])}, not null` });
      }
      if (!honest.get(field)) {
        failures.push({
          view: label,
          field,
          what: `read null from a node without data, but ${api.constructor.name}'s read type does not allow null`,
        });
      }
    }
  }
  return failures;
}
