"""The shape of the DMS filter language (dms-api.md §4), shared by view validation and the compiler."""

from __future__ import annotations

__all__ = ["BOOLEAN_FILTERS", "LEAF_FILTERS", "MAX_FILTER_DEPTH"]

BOOLEAN_FILTERS = ("and", "or", "not")
LEAF_FILTERS = (
    "equals",
    "in",
    "range",
    "prefix",
    "exists",
    "containsAny",
    "containsAll",
    "matchAll",
    "nested",
    "overlaps",
    "hasData",
    "instanceReferences",
)
#: Levels of and/or/not/nested a filter may have (a leaf at the bottom counts as one). dms-api.md
#: gives no limit; every filter within it is evaluated (the compiler keeps SQLite's parser in bounds).
MAX_FILTER_DEPTH = 32
