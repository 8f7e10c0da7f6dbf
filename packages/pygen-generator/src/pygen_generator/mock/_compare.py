"""Compare what a read gave back with what mock data expects, property by property."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["differences"]


def _normal(value: Any) -> Any:
    """Timestamps as instants (a read may write ``Z`` or another offset); lists and objects element-wise."""
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def differences(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    """``"<property>: wrote <x>, read <y>"`` for each property of ``expected`` that ``actual`` (wire id ->
    value, as read) does not match; an absent key reads as null."""
    found: list[str] = []
    for key, want in expected.items():
        got = actual.get(key)
        if _normal(want) != _normal(got):
            found.append(f"{key}: wrote {want!r}, read {got!r}")
    return found
