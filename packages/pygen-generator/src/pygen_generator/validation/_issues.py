"""Validation issues: what was found, where, and what the generator did about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Issue", "Severity"]

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Issue:
    """One finding. ``location`` is ``space:View/version[.property]``; ``action`` says what was done."""

    code: str
    location: str
    message: str
    action: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.message} -> {self.action}"
