import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // generated/<model>/checks: typed tests of corpus SDKs, copied by generate.py when the corpus is there.
    include: ["test/**/*.test.ts", "generated/*/checks/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
