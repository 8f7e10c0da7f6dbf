"""The one exception type of the emulator: rendered as a CDF-shaped error body."""

from __future__ import annotations

from typing import Any

__all__ = ["DMSError"]


class DMSError(Exception):
    """An error answered as ``{"error": {"code": status, "message": ..., "missing"?, "duplicated"?}}``.

    Raise it anywhere inside a request handler; the app turns it into the response. ``headers`` are added
    to the response (e.g. ``Retry-After`` for throttling).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        missing: list[dict[str, Any]] | None = None,
        duplicated: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.missing = missing
        self.duplicated = duplicated
        self.headers = headers or {}

    def to_body(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        error: dict[str, Any] = {"code": self.status, "message": self.message}
        if self.missing:
            error["missing"] = self.missing
        if self.duplicated:
            error["duplicated"] = self.duplicated
        return {"error": error}

    def __repr__(self) -> str:
        return f"DMSError({self.status}, {self.message!r})"
