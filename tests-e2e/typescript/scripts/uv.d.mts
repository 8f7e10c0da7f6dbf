// Types of uv.mjs (plain JavaScript, so `node scripts/generate.mjs` runs without a build step).
export declare const REPO_ROOT: string;
export declare function uvCommand(): string;
