"""The plans of the schema APIs (create, retrieve, delete, list pages), written once for sync and async."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from pygen_client._errors import APIError
from pygen_client._ids import ContainerId
from pygen_client.plans import Call, Emit, Page, PagePlan, Plan
from pygen_client.schema._base import SchemaModel

__all__ = ["DEFAULT_LIST_LIMIT", "LIST_PAGE_LIMIT", "SCHEMA_CHUNK_SIZE", "SchemaResource"]

SCHEMA_CHUNK_SIZE = 100  # items per create/byids/delete request of the schema endpoints
LIST_PAGE_LIMIT = 1000  # the largest `limit` the schema list endpoints accept
DEFAULT_LIST_LIMIT = 10  # the API's own default

IdT = TypeVar("IdT")
WriteT = TypeVar("WriteT", bound=SchemaModel)
ReadT = TypeVar("ReadT", bound=SchemaModel)


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a non-negative integer or None (for all), got {limit!r}")


@dataclass(frozen=True)
class SchemaResource(Generic[IdT, WriteT, ReadT]):
    """What differs between spaces, containers, views and data models; the plans are shared."""

    name: str  # "spaces", used in error messages
    path: str  # "/models/spaces"
    id_cls: type[IdT]
    write_cls: type[WriteT]
    read_cls: type[ReadT]
    coerce_id: Callable[[Any], IdT]
    dump_id: Callable[[IdT], dict[str, Any]]
    dump_delete_id: Callable[[IdT], dict[str, Any]]
    load_id: Callable[[dict[str, Any]], IdT]

    def to_ids(self, ids: Any) -> list[IdT]:
        values = list(ids) if isinstance(ids, (list, tuple)) else [ids]
        return [self.coerce_id(value) for value in values]

    def to_write(self, items: Any) -> list[WriteT]:
        values = list(items) if isinstance(items, (list, tuple)) else [items]
        out: list[WriteT] = []
        for value in values:
            if isinstance(value, self.write_cls):
                out.append(value)
            elif isinstance(value, self.read_cls) and hasattr(value, "as_write"):
                out.append(value.as_write())
            elif isinstance(value, Mapping):
                out.append(self.write_cls.model_validate(value))
            else:
                raise TypeError(
                    f"{self.name}.create() takes {self.write_cls.__name__} objects (or dicts in the API "
                    f"format), got {type(value).__name__}"
                )
        return out

    def _load_items(self, body: Any) -> list[ReadT]:
        if not isinstance(body, dict) or not isinstance(body.get("items", []), list):
            raise APIError(
                f"Unexpected response from {self.path}: expected an object with 'items', got {str(body)[:200]}"
            )
        return [self.read_cls.model_validate(item) for item in body.get("items", [])]

    def create(self, items: Any) -> Plan[list[ReadT]]:
        writes = self.to_write(items)
        created: list[ReadT] = []
        for chunk in _chunks(writes, SCHEMA_CHUNK_SIZE):
            body = yield Call("POST", self.path, json={"items": [item.dump() for item in chunk]}, decode=True)
            created.extend(self._load_items(body))
        return created

    def retrieve(self, ids: Any, params: Mapping[str, Any] | None = None) -> Plan[list[ReadT]]:
        id_list = self.to_ids(ids)
        found: list[ReadT] = []
        for chunk in _chunks(id_list, SCHEMA_CHUNK_SIZE):
            body = yield Call(
                "POST",
                f"{self.path}/byids",
                json={"items": [self.dump_id(i) for i in chunk]},
                params=params,
                decode=True,
            )
            found.extend(self._load_items(body))
        return found

    def delete(self, ids: Any) -> Plan[list[IdT]]:
        id_list = self.to_ids(ids)
        deleted: list[IdT] = []
        for chunk in _chunks(id_list, SCHEMA_CHUNK_SIZE):
            body = yield Call(
                "POST",
                f"{self.path}/delete",
                json={"items": [self.dump_delete_id(i) for i in chunk]},
                decode=True,
            )
            deleted.extend(self.load_id(item) for item in body.get("items", []) if isinstance(item, dict))
        return deleted

    def pages(
        self, limit: int | None, params: Mapping[str, Any], page_size: int = LIST_PAGE_LIMIT
    ) -> PagePlan[ReadT]:
        """Pages of up to ``page_size`` items, ``limit`` items in all (None: every item)."""
        check_limit(limit)
        if not 1 <= page_size <= LIST_PAGE_LIMIT:
            raise ValueError(f"page_size must be between 1 and {LIST_PAGE_LIMIT}, got {page_size!r}")
        remaining = limit
        cursor: str | None = None
        while remaining is None or remaining > 0:
            page_limit = page_size if remaining is None else min(page_size, remaining)
            query = {key: value for key, value in params.items() if value is not None}
            query["limit"] = page_limit
            if cursor is not None:
                query["cursor"] = cursor
            body = yield Call("GET", self.path, params=query, decode=True)
            items = self._load_items(body)
            if remaining is not None:
                items = items[:remaining]
                remaining -= len(items)
            next_cursor = body.get("nextCursor")
            cursor = next_cursor if isinstance(next_cursor, str) and next_cursor else None
            yield Emit(Page(items, cursor if remaining != 0 else None))
            if cursor is None:
                return

    def collect(self, limit: int | None, params: Mapping[str, Any]) -> Plan[list[ReadT]]:
        collected: list[ReadT] = []
        pages = self.pages(limit, params)
        reply: Any = None
        try:
            while True:
                step = pages.send(reply)
                if isinstance(step, Emit):
                    collected.extend(step.value.items)
                    reply = None
                else:
                    reply = yield step
        except StopIteration:
            return collected


def coerce(kind: type[IdT], *, from_str: Callable[[str], IdT] | None = None) -> Callable[[Any], IdT]:
    """Accept an id, an object with ``as_id()`` returning one, or (for spaces) a plain string."""

    def convert(value: Any) -> IdT:
        if isinstance(value, kind):
            return value
        if isinstance(value, BaseModel) and hasattr(value, "as_id"):
            result = value.as_id()
            if isinstance(result, kind):
                return result
        if from_str is not None and isinstance(value, str):
            return from_str(value)
        raise TypeError(f"expected a {kind.__name__}, got {type(value).__name__}: {value!r}")

    return convert


CONTAINER_SUB_CHUNK_SIZE = 10  # items per constraints/indexes delete request


def delete_container_parts(
    kind: str, items: Sequence[tuple[Any, str]]
) -> Plan[list[tuple[ContainerId, str]]]:
    """Delete constraints or indexes (``kind``) given as ``(ContainerId, identifier)`` pairs."""
    pairs: list[tuple[ContainerId, str]] = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str)):
            raise TypeError(f"delete_{kind} takes (ContainerId, identifier) pairs, got {item!r}")
        pairs.append((coerce(ContainerId)(item[0]), item[1]))
    deleted: list[tuple[ContainerId, str]] = []
    for chunk in _chunks(pairs, CONTAINER_SUB_CHUNK_SIZE):
        payload = [
            {"space": cid.space, "containerExternalId": cid.external_id, "identifier": identifier}
            for cid, identifier in chunk
        ]
        body = yield Call("POST", f"/models/containers/{kind}/delete", json={"items": payload}, decode=True)
        deleted.extend(
            (ContainerId(item["space"], item["containerExternalId"]), item["identifier"])
            for item in body.get("items", [])
            if isinstance(item, dict)
        )
    return deleted
