// Pins the public surface: a change here is a change to what generated SDKs may use.
import { expect, it } from "vitest";
import * as runtime from "../src/index.js";

it("exports exactly the public runtime values", () => {
  expect(Object.keys(runtime).sort()).toEqual([
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AggregateGroup",
    "AggregateResult",
    "AuthenticationError",
    "BACKOFF_BASE_SECONDS",
    "BACKOFF_MAX_SECONDS",
    "BadRequestError",
    "CDF_VERSION",
    "ClientConfig",
    "ConflictError",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_SYNC_PAGE_SIZE",
    "DeleteError",
    "DeleteResult",
    "Filter",
    "InstanceClient",
    "InstancePager",
    "ListFilter",
    "MAX_AGGREGATE_GROUPS",
    "MAX_BODY_EXCERPT",
    "MAX_IN_VALUES",
    "MAX_PAGE_SIZE",
    "MAX_SYNC_PAGE_SIZE",
    "NotFoundError",
    "OAuthClientCredentials",
    "PermissionDeniedError",
    "PropertyFilter",
    "PygenClient",
    "PygenError",
    "QUERY_PAGE_SIZE",
    "Query",
    "QueryResults",
    "RETRYABLE_STATUSES",
    "RUNTIME_API_VERSION",
    "RangeFilter",
    "RateLimitError",
    "RuntimeVersionError",
    "SDK_HEADER",
    "ServerError",
    "SyncFeed",
    "TextFilter",
    "Token",
    "TraversalError",
    "UpsertError",
    "UpsertResult",
    "VERSION",
    "VIEW_SPEC",
    "ValidationError",
    "ViewAPI",
    "WRITE_CHUNK_SIZE",
    "and",
    "avg",
    "backoffSeconds",
    "checkRuntimeVersion",
    "count",
    "edgeExternalId",
    "edgeFields",
    "fieldsFor",
    "fnv1a64",
    "formatDate",
    "formatTimestamp",
    "hasData",
    "isRetryableResponse",
    "matchAll",
    "max",
    "min",
    "nodeFields",
    "not",
    "or",
    "parseTimestamp",
    "rawFilter",
    "retryAfterSeconds",
    "sum",
    "viewReference",
  ]);
});

it("checks the runtime API version generated SDKs were written for: same major, a minor at least as new", () => {
  expect(runtime.RUNTIME_API_VERSION).toBe("1.0");
  expect(() => runtime.checkRuntimeVersion("1.0")).not.toThrow();
  expect(() => runtime.checkRuntimeVersion("1.1", "my-sdk")).toThrow(runtime.RuntimeVersionError);
  expect(() => runtime.checkRuntimeVersion("1.1", "my-sdk")).toThrow(
    /my-sdk was generated for @pygen\/runtime API 1\.1.*upgrade @pygen\/runtime/,
  );
  expect(() => runtime.checkRuntimeVersion("2.0")).toThrow(/upgrade/);
  expect(() => runtime.checkRuntimeVersion("0.9")).toThrow(/regenerate the SDK/);
  expect(() => runtime.checkRuntimeVersion("1")).toThrow(/not a MAJOR.MINOR version/);
});
