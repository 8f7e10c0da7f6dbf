"""The generator's user-facing errors: one line, a hint, and a documented exit code.

Exit codes (the CLI's contract, also in the README):

* 0 — success (warnings may have been printed)
* 1 — the model has validation errors (``pygen validate``, or any warning under ``--strict``)
* 2 — bad input: a missing/malformed file, an unknown property type, cyclic ``implements``,
  a bad option or configuration value
* 3 — CDF could not be reached, or refused the credentials
* 4 — the output folder cannot be written (not empty without ``--overwrite``, not writable, ...)
"""

from __future__ import annotations

__all__ = [
    "EXIT_CDF",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_VALIDATION",
    "CDFError",
    "GeneratorError",
    "InputError",
    "ModelValidationError",
    "OutputError",
]

EXIT_OK = 0
EXIT_VALIDATION = 1
EXIT_INPUT = 2
EXIT_CDF = 3
EXIT_OUTPUT = 4


class GeneratorError(Exception):
    """A user error: the CLI prints ``error: <message>`` and ``hint: <hint>``, no traceback."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"


class InputError(GeneratorError):
    """The model input cannot be read or is not a valid data model."""

    exit_code = EXIT_INPUT


class ModelValidationError(GeneratorError):
    """Validation found errors (or warnings, with ``strict``)."""

    exit_code = EXIT_VALIDATION


class CDFError(GeneratorError):
    """CDF (or the emulator) could not be reached or refused the request."""

    exit_code = EXIT_CDF


class OutputError(GeneratorError):
    """The output cannot be written."""

    exit_code = EXIT_OUTPUT
