/** The package version, and the runtime API version that generated SDKs check when they are imported. */
import { PygenError } from "./_errors.js";

/** Version of the package itself (sent in the `x-cdp-sdk` header). */
export const VERSION = "0.1.0";

/** `MAJOR.MINOR` of the API generated code uses. MAJOR changes break generated code; MINOR adds to it. */
export const RUNTIME_API_VERSION = "1.0";

/** A generated SDK needs a runtime API this installation does not provide. */
export class RuntimeVersionError extends PygenError {
  override name = "RuntimeVersionError";
}

function parse(version: string, what: string): [number, number] {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (match === null) throw new TypeError(`${what} '${version}' is not a MAJOR.MINOR version such as '1.0'.`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * Throws {@link RuntimeVersionError} unless this runtime serves SDKs generated for API `required`:
 * the same MAJOR, and a MINOR at least as new.
 */
export function checkRuntimeVersion(required: string, sdkName = "this SDK"): void {
  const [needMajor, needMinor] = parse(required, "required runtime API version");
  const [haveMajor, haveMinor] = parse(RUNTIME_API_VERSION, "RUNTIME_API_VERSION");
  if (needMajor === haveMajor && needMinor <= haveMinor) return;
  const newer = needMajor > haveMajor || (needMajor === haveMajor && needMinor > haveMinor);
  const advice = newer
    ? `upgrade @pygen/runtime to a release that provides API ${required}`
    : "regenerate the SDK with a pygen that targets this runtime, or install an older @pygen/runtime";
  throw new RuntimeVersionError(
    `${sdkName} was generated for @pygen/runtime API ${required}, but the installed @pygen/runtime ` +
      `${VERSION} provides API ${RUNTIME_API_VERSION}: ${advice}.`,
  );
}
