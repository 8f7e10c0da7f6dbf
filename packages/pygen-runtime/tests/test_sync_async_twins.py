"""The sync and async twins of every public API class have the same methods with the same signatures.

Only the I/O idiom may differ: ``async def`` (a coroutine) for ``def``, async iterators for iterators,
the async client for the sync one, and ``aclose``/``__aenter__``/``__aexit__`` for ``close``/``__enter__``/
``__exit__``. Anything else is drift.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

from pygen_client import AsyncPygenClient, PygenClient, schema
from pygen_runtime import (
    AsyncInstanceClient,
    AsyncInstanceIterator,
    AsyncQuery,
    AsyncSyncFeed,
    AsyncViewAPI,
    InstanceClient,
    InstanceIterator,
    Query,
    SyncFeed,
    ViewAPI,
)

# Async spelling -> sync spelling, applied to annotation strings (module annotations are strings).
_ASYNC_WORDS = [
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncRequester\b", "SyncRequester"),
    (r"\bAsync(\w+)", r"\1"),
]
_RENAMED = {"aclose": "close", "__aenter__": "__enter__", "__aexit__": "__exit__", "__aiter__": "__iter__"}


def _spelling(annotation: Any, *, is_async: bool) -> str:
    """An annotation as text, in its sync spelling."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if is_async:
        for pattern, replacement in _ASYNC_WORDS:
            text = re.sub(pattern, replacement, text)
    return text


def public_methods(cls: type) -> dict[str, Any]:
    """Public methods and properties, the async-only dunder names under their sync names."""
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name not in _RENAMED and name not in _RENAMED.values():
            continue
        if inspect.isfunction(member) or isinstance(member, property):
            out[_RENAMED.get(name, name)] = member
    return out


def signature_of(member: Any, *, is_async: bool) -> tuple[Any, ...]:
    function = member.fget if isinstance(member, property) else member
    sig = inspect.signature(function)
    params = tuple(
        (p.name, p.kind, repr(p.default), _spelling(p.annotation, is_async=is_async))
        for p in sig.parameters.values()
    )
    return isinstance(member, property), params, _spelling(sig.return_annotation, is_async=is_async)


def assert_twins(sync_cls: type, async_cls: type) -> None:
    sync_methods, async_methods = public_methods(sync_cls), public_methods(async_cls)
    assert sorted(sync_methods) == sorted(async_methods), f"{sync_cls.__name__} vs {async_cls.__name__}"
    for name, sync_member in sync_methods.items():
        async_member = async_methods[name]
        assert signature_of(sync_member, is_async=False) == signature_of(async_member, is_async=True), (
            f"{sync_cls.__name__}.{name} and {async_cls.__name__} differ"
        )
        if inspect.iscoroutinefunction(async_member):
            assert not inspect.iscoroutinefunction(sync_member), name
        elif not isinstance(async_member, property):
            # A plain ``def`` on the async side must hand out something asynchronous (an async iterator, an
            # AsyncQuery): one with the sync return type would do its I/O blocking, with identical signatures.
            returned = inspect.signature(async_member).return_annotation
            assert "Async" in _spelling(returned, is_async=False), (
                f"{async_cls.__name__}.{name} is a plain def returning {returned}: make it async def"
            )


TWINS = [
    (ViewAPI, AsyncViewAPI),
    (InstanceClient, AsyncInstanceClient),
    (InstanceIterator, AsyncInstanceIterator),
    (Query, AsyncQuery),
    (SyncFeed, AsyncSyncFeed),
    (PygenClient, AsyncPygenClient),
    (schema.SpacesAPI, schema.AsyncSpacesAPI),
    (schema.ContainersAPI, schema.AsyncContainersAPI),
    (schema.ViewsAPI, schema.AsyncViewsAPI),
    (schema.DataModelsAPI, schema.AsyncDataModelsAPI),
]


@pytest.mark.parametrize(("sync_cls", "async_cls"), TWINS, ids=[s.__name__ for s, _ in TWINS])
def test_sync_and_async_twins_do_not_drift(sync_cls: type, async_cls: type) -> None:
    assert_twins(sync_cls, async_cls)


def test_the_check_sees_a_drift() -> None:
    class Sync:
        def list(self, limit: int = 25) -> list[int]:
            return []

        def search(self) -> None: ...

    class Async:
        async def list(self, limit: int = 100) -> list[int]:
            return []

        async def search(self) -> None: ...

    class AsyncMissing:
        async def list(self, limit: int = 25) -> list[int]:
            return []

    class AsyncBlocking:  # the same signatures, but list() would block the event loop
        def list(self, limit: int = 25) -> list[int]:
            return []

        async def search(self) -> None: ...

    with pytest.raises(AssertionError, match=r"AsyncBlocking\.list is a plain def"):
        assert_twins(Sync, AsyncBlocking)
    with pytest.raises(AssertionError, match=r"Sync\.list and Async differ"):
        assert_twins(Sync, Async)
    with pytest.raises(AssertionError, match="Sync vs AsyncMissing"):
        assert_twins(Sync, AsyncMissing)
