// The npm manifest as publishing needs it: `npm publish --provenance` (release.yml) refuses a package
// without `repository`; `npm pack` from a clone must build first; the changelog ships with the package.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf-8")) as {
  repository?: { type?: string; url?: string; directory?: string };
  scripts?: Record<string, string>;
  files?: string[];
};

it("names its repository and folder (required for npm provenance)", () => {
  expect(manifest.repository?.type).toBe("git");
  expect(manifest.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  expect(manifest.repository?.directory).toBe("packages/pygen-ts-runtime");
});

it("builds before packing and ships its changelog", () => {
  expect(manifest.scripts?.prepack).toBe("tsup");
  expect(manifest.files).toEqual(expect.arrayContaining(["dist", "README.md", "CHANGELOG.md"]));
});
