"""The TypeScript backend: the IR → an npm package of thin view modules on `@pygen/runtime`.

Output (paths relative to the output folder): `package.json`, `tsconfig.json`, `src/index.ts`,
`src/_client.ts` and one `src/<module>.ts` per view. Formatted as biome formats it, so `biome check`
passes without running biome in the generator.
"""

from pygen_generator.backends.typescript._render import render_typescript

__all__ = ["render_typescript"]
