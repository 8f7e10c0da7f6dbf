// Pins the public surface: a change here is a change to what generated SDKs may use.
import { expect, it } from "vitest";
import * as runtime from "../src/index.js";

it("exports exactly the public runtime values", () => {
  expect(Object.keys(runtime).sort()).toEqual([
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BACKOFF_BASE_SECONDS",
    "BACKOFF_MAX_SECONDS",
    "BadRequestError",
    "CDF_VERSION",
    "ClientConfig",
    "ConflictError",
    "DEFAULT_LIST_LIMIT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_WRITE_CONCURRENCY",
    "EdgeTypeAPI",
    "Filter",
    "InstancePager",
    "InstancesClient",
    "ListFilter",
    "MAX_PAGE_SIZE",
    "NotFoundError",
    "OAuthClientCredentials",
    "PartialFailureError",
    "PermissionDeniedError",
    "PropertyFilter",
    "PygenClient",
    "PygenError",
    "RETRYABLE_STATUSES",
    "RUNTIME_API_VERSION",
    "RangeFilter",
    "RateLimitError",
    "SDK_HEADER",
    "ServerError",
    "TextFilter",
    "Token",
    "VERSION",
    "ValidationError",
    "ViewAPI",
    "WRITE_CHUNK_SIZE",
    "and",
    "assertRuntimeApiVersion",
    "backoffSeconds",
    "edgeFields",
    "formatDate",
    "formatTimestamp",
    "hasData",
    "isRetryableResponse",
    "makeStatusError",
    "matchAll",
    "nodeFields",
    "not",
    "or",
    "parseTimestamp",
    "propertyFilters",
    "raw",
    "retryAfterSeconds",
    "viewReference",
  ]);
});

it("checks the runtime API version generated SDKs were written for", () => {
  expect(() => runtime.assertRuntimeApiVersion(runtime.RUNTIME_API_VERSION)).not.toThrow();
  expect(() => runtime.assertRuntimeApiVersion(99, "my-sdk")).toThrow(
    /my-sdk was generated for @pygen\/runtime API version 99.*Upgrade/,
  );
});
