// The generated example SDK as a publishable package: its own `build` script (tsup) runs, then publint
// and attw (ESM only) check what `npm pack` would publish. Run after generate.mjs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";

const sdk = fileURLToPath(new URL("../generated/example/", import.meta.url));
const bin = fileURLToPath(new URL("../node_modules/.bin", import.meta.url));
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
const run = (command, args) => execFileSync(command, args, { cwd: sdk, env, stdio: "inherit" });

const { scripts } = JSON.parse(readFileSync(`${sdk}package.json`, "utf8"));
run("sh", ["-c", scripts.build]);
run("publint", ["--pack", "npm", "--strict"]);
run("attw", ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"]);
