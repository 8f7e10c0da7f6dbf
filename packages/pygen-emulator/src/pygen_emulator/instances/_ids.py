"""Identifier patterns of dms-api.md §0.2."""

from __future__ import annotations

import re

SPACE_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?")
SCHEMA_XID_RE = re.compile(r"[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?")
VERSION_RE = re.compile(r"[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?")
