// `uv` from $UV, else PATH, else the copy `make install` bootstraps into .tools/ (as the Makefile does).
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export function uvCommand() {
  if (process.env.UV) return process.env.UV;
  const onPath = (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, "uv")));
  const bootstrapped = join(REPO_ROOT, ".tools", "venv", "bin", "uv");
  return onPath || !existsSync(bootstrapped) ? "uv" : bootstrapped;
}
