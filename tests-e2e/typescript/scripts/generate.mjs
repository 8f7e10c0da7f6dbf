// Generates the SDKs under test into generated/ (gitignored) with the Python generator: see generate.py.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { REPO_ROOT, uvCommand } from "./uv.mjs";

const script = fileURLToPath(new URL("../generate.py", import.meta.url));
execFileSync(uvCommand(), ["run", "python", script], { cwd: REPO_ROOT, stdio: "inherit" });
