"""Change feeds over ``/models/instances/sync`` (docs/connections.md §6): what was created, updated or
deleted in a view since a cursor. A feed ends when it has caught up; resume later from ``feed.cursor``
(or any ``batch.cursor`` saved on the way). An expired cursor is the API's 400 (``BadRequestError``):
nothing restarts silently."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Generic, Literal, TypeVar

from pygen_client.plans import AsyncRequester, Call, Emit, StreamPlan, SyncRequester, aiterate, iterate
from pygen_runtime._filters import Filter, dump_filter
from pygen_runtime._ids import InstanceId
from pygen_runtime._instances import InstanceList, ReadBase
from pygen_runtime._parse import parse_json, parse_list
from pygen_runtime._view_plans import ViewSpec

__all__ = [
    "DEFAULT_SYNC_PAGE_SIZE",
    "MAX_SYNC_PAGE_SIZE",
    "AsyncSyncFeed",
    "DeletedInstance",
    "SyncBatch",
    "SyncFeed",
]

R = TypeVar("R", bound=ReadBase)

MAX_SYNC_PAGE_SIZE = 2000  # the API takes 1-2000 per expression
DEFAULT_SYNC_PAGE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class DeletedInstance:
    """An instance deleted since the cursor."""

    instance_type: Literal["node", "edge"]
    space: str
    external_id: str
    deleted_time: datetime

    @property
    def id(self) -> InstanceId:
        return InstanceId(self.space, self.external_id)


@dataclass(frozen=True)
class SyncBatch(Generic[R]):
    """One response of a feed: ``items`` created or updated (typed), ``deleted``, and the ``cursor`` to
    resume from after this batch."""

    items: InstanceList[R]
    deleted: list[DeletedInstance]
    cursor: str


def _check(cursor: object, page_size: object) -> None:
    if (
        not isinstance(page_size, int)
        or isinstance(page_size, bool)
        or not 1 <= page_size <= MAX_SYNC_PAGE_SIZE
    ):
        raise ValueError(f"page_size must be an int from 1 to {MAX_SYNC_PAGE_SIZE}, got {page_size!r}")
    if cursor is not None and not isinstance(cursor, str):
        raise TypeError(f"cursor must be a string saved from an earlier sync, got {cursor!r}")


def _sync_plan(
    spec: ViewSpec[R], filter: Filter[Any] | None, cursor: str | None, page_size: int
) -> StreamPlan[SyncBatch[R]]:
    has_data = {"hasData": [spec.view_id.dump()]}
    wire = dump_filter(filter)
    kind = "edges" if spec.instance_type == "edge" else "nodes"
    body: dict[str, Any] = {
        "with": {
            "sync": {
                kind: {"filter": has_data if wire is None else {"and": [has_data, wire]}},
                "limit": page_size,
            }
        },
        "select": {"sync": {"sources": spec.source_all()}},
        "includeTyping": False,
    }
    while True:
        request = body if cursor is None else {**body, "cursors": {"sync": cursor}}
        answer = parse_json((yield Call("POST", "/models/instances/sync", request)))
        raws = (answer.get("items") or {}).get("sync") or []
        cursor = str((answer.get("nextCursor") or {}).get("sync") or cursor or "")
        live = [r for r in raws if r.get("deletedTime") is None]
        deleted = [
            DeletedInstance(
                r["instanceType"],
                r["space"],
                r["externalId"],
                datetime.fromtimestamp(r["deletedTime"] / 1000, tz=timezone.utc),
            )
            for r in raws
            if r.get("deletedTime") is not None
        ]
        items = InstanceList(parse_list(spec.read_cls, [r for r in live if spec.has_data(r)]))
        yield Emit(SyncBatch(items, deleted, cursor))
        if len(raws) < page_size:
            return


class _FeedBase(Generic[R]):
    def __init__(
        self, client: Any, spec: ViewSpec[R], filter: Filter[Any] | None, cursor: str | None, page_size: int
    ) -> None:
        _check(cursor, page_size)
        dump_filter(filter)
        self._client = client
        self._spec = spec
        self._filter = filter
        self._cursor = cursor
        self._page_size = page_size
        self._started = False

    @property
    def cursor(self) -> str | None:
        """Where to resume: the cursor of the last batch handed out (the given cursor before the first)."""
        return self._cursor

    def _start(self) -> StreamPlan[SyncBatch[R]]:
        if self._started:
            raise RuntimeError("this feed was iterated already; call sync(cursor=feed.cursor) again")
        self._started = True
        return _sync_plan(self._spec, self._filter, self._cursor, self._page_size)


class SyncFeed(_FeedBase[R]):
    """What ``ViewAPI.sync()`` returns: iterate it for ``SyncBatch``es until the feed has caught up."""

    _client: SyncRequester

    def __iter__(self) -> Iterator[SyncBatch[R]]:
        for batch in iterate(self._client, self._start()):
            self._cursor = batch.cursor
            yield batch


class AsyncSyncFeed(_FeedBase[R]):
    """What ``AsyncViewAPI.sync()`` returns: ``async for batch in feed``."""

    _client: AsyncRequester

    async def __aiter__(self) -> AsyncIterator[SyncBatch[R]]:
        async for batch in aiterate(self._client, self._start()):
            self._cursor = batch.cursor
            yield batch
