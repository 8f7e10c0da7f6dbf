"""The runtime API version that generated SDKs check when they are imported."""

from __future__ import annotations

__all__ = ["RUNTIME_API_VERSION", "RuntimeVersionError", "__version__", "check_runtime_version"]

__version__ = "0.1.0"
# MAJOR.MINOR of the API generated code uses. MAJOR changes break generated code; MINOR adds to it.
RUNTIME_API_VERSION = "1.0"


class RuntimeVersionError(ImportError):
    """A generated SDK needs a pygen-runtime API this installation does not provide."""


def _parse(version: str, what: str) -> tuple[int, int]:
    try:
        major, minor = version.split(".")
        return int(major), int(minor)
    except ValueError:
        raise ValueError(f"{what} {version!r} is not a MAJOR.MINOR version such as '1.0'") from None


def check_runtime_version(required: str, sdk_name: str = "this SDK") -> None:
    """Raise ``RuntimeVersionError`` unless this runtime can serve SDKs generated for API ``required``.

    Compatible means: the same MAJOR, and a MINOR at least as new as ``required``'s."""
    need = _parse(required, "required runtime API version")
    have = _parse(RUNTIME_API_VERSION, "RUNTIME_API_VERSION")
    if need[0] == have[0] and need[1] <= have[1]:
        return
    if need[0] > have[0] or (need[0] == have[0] and need[1] > have[1]):
        advice = (
            f"upgrade pygen-runtime (pip install -U pygen-runtime) to a release that provides API {required}"
        )
    else:
        advice = "regenerate the SDK with a pygen-generator that targets this runtime, or install an older pygen-runtime"
    raise RuntimeVersionError(
        f"{sdk_name} was generated for pygen-runtime API {required}, but the installed pygen-runtime "
        f"{__version__} provides API {RUNTIME_API_VERSION}: {advice}"
    )
