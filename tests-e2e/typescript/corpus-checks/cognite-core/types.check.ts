// Type tests of the generated CogniteCore SDK's write shapes and `usedFor: all` views, checked by `pnpm typecheck` (tsc), never
// run. generate.py copies this file to generated/cognite-core/checks/ when the corpus is present (the
// import below resolves there). Each `@ts-expect-error` must meet an error.
import { expectTypeOf } from "vitest";
import {
  type CogniteAnnotation,
  type CogniteAsset,
  type CogniteAssetWrite,
  type CogniteCoreClient,
  type CogniteDescribable,
  type CogniteDescribableEdge,
  CogniteDescribableEdgeFields,
  CogniteDescribableFields,
  type CogniteFile,
  type CogniteFileWrite,
  type CogniteTimeSeries,
  type CogniteTimeSeriesWrite,
} from "../src/index.js";

declare const sdk: CogniteCoreClient;
const id = { space: "s", externalId: "x" };
type Id = { readonly space: string; readonly externalId: string };

export async function checks(
  asset: CogniteAsset,
  file: CogniteFile,
  series: CogniteTimeSeries,
  annotation: CogniteAnnotation,
): Promise<void> {
  // CDF maintains the asset hierarchy and a file's upload state: read, never written.
  expectTypeOf(asset.path).toEqualTypeOf<(Id | CogniteAsset)[] | null>();
  expectTypeOf(asset.pathLastUpdatedTime).toEqualTypeOf<Date | null>();
  expectTypeOf(file.isUploaded).toEqualTypeOf<boolean | null>();
  expectTypeOf<("path" | "root" | "pathLastUpdatedTime") & keyof CogniteAssetWrite>().toBeNever();
  expectTypeOf<("isUploaded" | "uploadedTime") & keyof CogniteFileWrite>().toBeNever();
  // @ts-expect-error path is read-only (CDF maintains it)
  await sdk.cogniteAsset.upsert({ ...id, name: "pump", path: [id] });
  // @ts-expect-error root is read-only
  const rooted: CogniteAssetWrite = { ...id, root: id };
  // @ts-expect-error isUploaded is read-only
  const uploaded: CogniteFileWrite = { ...id, isUploaded: true };
  void [rooted, uploaded];

  // isStep is not nullable but has a container default: optional on write, never null on read.
  expectTypeOf(series.isStep).toEqualTypeOf<boolean>();
  const numeric: CogniteTimeSeriesWrite = { ...id, type_: "numeric" };
  const stepped: CogniteTimeSeriesWrite = { ...id, type_: "numeric", isStep: true };
  // @ts-expect-error not nullable: leave it out to get the default instead of clearing it
  const cleared: CogniteTimeSeriesWrite = { ...id, type_: "numeric", isStep: null };
  // @ts-expect-error type is not nullable and has no default: required
  const untyped: CogniteTimeSeriesWrite = { ...id };
  await sdk.cogniteTimeSeries.upsert([numeric, stepped, cleared, untyped]);

  // `usedFor: all` views get a node shape and an edge shape (as Python's `CogniteDescribableEdge`); an
  // edge view implementing one implements the edge shape, so the node shape's filters do not fit it.
  expectTypeOf(annotation.instanceType).toEqualTypeOf<"edge">();
  expectTypeOf(annotation.startNode).toEqualTypeOf<Id>();
  expectTypeOf(annotation.name).toEqualTypeOf<string | null>();
  expectTypeOf<CogniteAnnotation>().toExtend<CogniteDescribableEdge>();
  expectTypeOf<CogniteDescribable["instanceType"]>().toEqualTypeOf<"node">();
  await sdk.cogniteAnnotation.list({ filter: CogniteDescribableEdgeFields.name.equals("a") });
  await sdk.cogniteDescribableEdge.list({ filter: CogniteDescribableEdgeFields.name.equals("a") });
  await sdk.cogniteAsset.list({ filter: CogniteDescribableFields.name.equals("a") });
  // @ts-expect-error a node filter of CogniteDescribable on an edge view
  await sdk.cogniteAnnotation.list({ filter: CogniteDescribableFields.name.equals("a") });
}
