// `uv` from $UV, else PATH, else the copy `make install` bootstraps into .tools/ (as the Makefile does);
// one copy, shared with the runtime's and the example SDK's emulator start-up.
export { REPO_ROOT, uvCommand } from "../../../packages/pygen-ts-runtime/test/emulator-process.mjs";
