/** Version of the package itself (sent in the `x-cdp-sdk` header). */
export const VERSION = "0.1.0";

/**
 * Version of the API that generated SDKs are written against. A generated SDK calls
 * {@link assertRuntimeApiVersion} at import; a mismatch fails with a message that says what to do.
 */
export const RUNTIME_API_VERSION = 1;

export function assertRuntimeApiVersion(required: number, sdkName = "this SDK"): void {
  if (required !== RUNTIME_API_VERSION) {
    throw new Error(
      `${sdkName} was generated for @pygen/runtime API version ${required}, but the installed ` +
        `@pygen/runtime ${VERSION} provides API version ${RUNTIME_API_VERSION}. ` +
        (required > RUNTIME_API_VERSION
          ? "Upgrade @pygen/runtime."
          : "Regenerate the SDK with a current pygen, or install an older @pygen/runtime."),
    );
  }
}
