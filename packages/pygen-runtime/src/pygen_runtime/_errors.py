"""Errors the runtime raises itself, before any request (the API's errors come from ``pygen_client``)."""

from __future__ import annotations

from pygen_client import PygenError

__all__ = ["ValidationError"]


class ValidationError(PygenError, ValueError):
    """Client-side validation failed; nothing was sent. TypeScript's ``ValidationError``.

    A ``ValueError`` too, so code written against the bare ``ValueError`` of earlier versions still catches it.
    """
