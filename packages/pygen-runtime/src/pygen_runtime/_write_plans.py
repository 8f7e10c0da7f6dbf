"""Upsert and delete: chunks of 1000, sent concurrently, results in input order, partial failure reported.

A failed chunk does not stop the others: when any chunk fails, :class:`UpsertError`/:class:`DeleteError`
is raised carrying the results of the chunks that succeeded and, per failed chunk, the items and the
error (a ``pygen_client`` ``APIError`` with status, message, ``missing``/``duplicated`` and request id).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import ValidationError as PydanticValidationError

from pygen_client import PygenError
from pygen_client.plans import Call, Plan
from pygen_runtime._encodable import unencodable
from pygen_runtime._errors import ValidationError
from pygen_runtime._flatten import EdgeIdFunction, flatten_with_paths
from pygen_runtime._ids import IdLike, InstanceId, to_instance_id
from pygen_runtime._instances import Edge, EdgeWrite, WriteBase
from pygen_runtime._parse import parse_json
from pygen_runtime._repr import sequence_repr

__all__ = [
    "WRITE_CHUNK_SIZE",
    "DeleteError",
    "DeleteResult",
    "FailedChunk",
    "InstanceResult",
    "UpsertError",
    "UpsertResult",
    "delete_ids_plan",
    "delete_plan",
    "upsert_items_plan",
    "upsert_plan",
]

# Instances per upsert/delete request (the API's maximum).
WRITE_CHUNK_SIZE = 1000
Status = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class InstanceResult:
    """The outcome of writing one instance."""

    instance_type: Literal["node", "edge"]
    space: str
    external_id: str
    version: int
    status: Status
    created_time: datetime
    last_updated_time: datetime

    @property
    def id(self) -> InstanceId:
        return InstanceId(self.space, self.external_id)


@dataclass(frozen=True, slots=True)
class FailedChunk:
    """A request that failed: which input positions it carried, those items, and the error."""

    indexes: tuple[int, ...]
    items: tuple[Any, ...]
    error: BaseException


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """Per-item results in input order; ``skipped`` lists items left out on a version conflict
    (``skip_on_version_conflict=True``), which the API does not report."""

    items: tuple[InstanceResult, ...]
    skipped: tuple[InstanceId, ...] = ()

    def __iter__(self) -> Iterator[InstanceResult]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:  # bounded: a 100k-item upsert is formatted by asyncio.run, loggers, ...
        statuses = {"created": 0, "updated": 0, "unchanged": 0}
        for r in self.items:
            statuses[r.status] += 1
        counts = ", ".join(f"{n} {status}" for status, n in statuses.items())
        return f"UpsertResult({len(self.items)} items: {counts}; {len(self.skipped)} skipped)"

    @property
    def created(self) -> list[InstanceResult]:
        return [r for r in self.items if r.status == "created"]

    @property
    def updated(self) -> list[InstanceResult]:
        return [r for r in self.items if r.status == "updated"]

    @property
    def unchanged(self) -> list[InstanceResult]:
        return [r for r in self.items if r.status == "unchanged"]


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """``items``: the ids that were deleted (ids that did not exist are left out), in input order."""

    items: tuple[InstanceId, ...]

    def __iter__(self) -> Iterator[InstanceId]:
        return iter(self.items)

    def __repr__(self) -> str:
        return sequence_repr("DeleteResult", self.items, "deleted")

    def __len__(self) -> int:
        return len(self.items)


class UpsertError(PygenError):
    """Some chunks of an upsert failed. ``succeeded`` holds the results of the others (input order)."""

    def __init__(self, succeeded: UpsertResult, failed: list[FailedChunk]) -> None:
        self.succeeded = succeeded
        self.failed = failed
        n_failed = sum(len(f.items) for f in failed)
        first = failed[0].error
        super().__init__(
            f"upsert failed for {n_failed} item(s) in {len(failed)} request(s); {len(succeeded)} item(s) "
            f"succeeded (see .succeeded and .failed). First error: {first}"
        )


class DeleteError(PygenError):
    """Some chunks of a delete failed. ``succeeded`` holds what was deleted."""

    def __init__(self, succeeded: DeleteResult, failed: list[FailedChunk]) -> None:
        self.succeeded = succeeded
        self.failed = failed
        super().__init__(
            f"delete failed in {len(failed)} request(s); {len(succeeded)} instance(s) were deleted "
            f"(see .succeeded and .failed). First error: {failed[0].error}"
        )


def _ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=timezone.utc)


def _result(raw: dict[str, Any]) -> InstanceResult:
    # The contract (docs/architecture.md): unchanged when not modified, created when the instance's
    # creation is this write (createdTime == lastUpdatedTime, whatever the version), else updated.
    created, updated = int(raw["createdTime"]), int(raw["lastUpdatedTime"])
    if not raw.get("wasModified", True):
        status: Status = "unchanged"
    elif created == updated:
        status = "created"
    else:
        status = "updated"
    return InstanceResult(
        raw["instanceType"],
        raw["space"],
        raw["externalId"],
        int(raw["version"]),
        status,
        _ms(created),
        _ms(updated),
    )


def _revalidate(item: WriteBase, where: str) -> None:
    """Catch what construction/assignment validation cannot see (lists or dicts mutated in place), and what
    pydantic accepts but JSON cannot carry (a lone surrogate, NaN or infinity)."""
    values = {n: getattr(item, n) for n in item.model_fields_set}
    try:
        type(item).__pydantic_validator__.validate_python(values)
    except PydanticValidationError as error:
        problems = "; ".join(
            f"{where}.{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()[:5]
        )
        raise ValidationError(
            f"{where} ({type(item).__name__} {item.space}:{item.external_id}) is invalid: {problems}"
        ) from None
    for name, value in values.items():
        if problem := unencodable(value, f"{where}.{name}"):
            raise ValidationError(
                f"{where} ({type(item).__name__} {item.space}:{item.external_id}) cannot be sent: {problem}"
            )


def dump_items(items: Sequence[WriteBase], paths: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Validate and serialise write objects; bad input is rejected with its position (``paths[i]``, default
    ``items[i]``) before any request."""

    def where(i: int) -> str:
        return paths[i] if paths is not None else f"items[{i}]"

    out = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, WriteBase):
            raise TypeError(
                f"{where(i)} is a {type(item).__name__}: upsert takes write objects (e.g. EquipmentWrite(...)); "
                "turn a read instance into one with .as_write()"
            )
        _revalidate(item, where(i))
        dumped = item.dump()
        key = (dumped["instanceType"], item.space, item.external_id)
        if key in seen:
            raise ValidationError(
                f"{where(i)} and {where(seen[key])} are the same {key[0]} {item.space}:{item.external_id}: "
                "merge them into one write"
            )
        seen[key] = i
        out.append(dumped)
    return out


def upsert_plan(
    items: Sequence[WriteBase],
    *,
    replace: bool = False,
    auto_create_direct_relations: bool = True,
    auto_create_start_nodes: bool = False,
    auto_create_end_nodes: bool = False,
    skip_on_version_conflict: bool = False,
    paths: Sequence[str] | None = None,
) -> Plan[UpsertResult]:
    items = list(items)
    dumped = dump_items(items, paths)
    flags = {
        "autoCreateDirectRelations": auto_create_direct_relations,
        "autoCreateStartNodes": auto_create_start_nodes,
        "autoCreateEndNodes": auto_create_end_nodes,
        "skipOnVersionConflict": skip_on_version_conflict,
        "replace": replace,
    }
    # Nodes go before edges: chunks run concurrently, and an edge chunk that reached the API before the
    # chunk creating its start/end nodes would fail (auto-creating them is off by default).
    nodes = [i for i, d in enumerate(dumped) if d["instanceType"] == "node"]
    edges = [i for i, d in enumerate(dumped) if d["instanceType"] != "node"]
    found_at: dict[int, InstanceResult] = {}
    skipped_at: list[int] = []
    failed: list[FailedChunk] = []
    for phase in (nodes, edges):
        chunks = [tuple(phase[s : s + WRITE_CHUNK_SIZE]) for s in range(0, len(phase), WRITE_CHUNK_SIZE)]
        if not chunks:
            continue
        answers = yield [
            Call("POST", "/models/instances", {"items": [dumped[i] for i in chunk], **flags})
            for chunk in chunks
        ]
        for chunk, answer in zip(chunks, answers, strict=True):
            if isinstance(answer, BaseException):
                failed.append(FailedChunk(chunk, tuple(items[i] for i in chunk), answer))
                continue
            by_key = {
                (r.instance_type, r.space, r.external_id): r
                for r in map(_result, parse_json(answer)["items"])
            }
            for i in chunk:
                found = by_key.get((dumped[i]["instanceType"], items[i].space, items[i].external_id))
                if found is None:
                    skipped_at.append(i)
                else:
                    found_at[i] = found
    # Results in input order, whatever order the chunks and responses used.
    result = UpsertResult(
        tuple(found_at[i] for i in sorted(found_at)), tuple(items[i].id for i in sorted(skipped_at))
    )
    if failed:
        raise UpsertError(result, sorted(failed, key=lambda f: f.indexes[0]))
    return result


def upsert_items_plan(
    items: WriteBase | Sequence[WriteBase], *, edge_external_id: EdgeIdFunction | None = None, **options: bool
) -> Plan[UpsertResult]:
    """``upsert_plan`` for one write object or a sequence of them, nested writes flattened first (nodes, then
    edges; problems named by their path, ``items[0].certifications[1].node``)."""
    flat, paths = flatten_with_paths(
        [items] if isinstance(items, WriteBase) else list(items), edge_external_id
    )
    return upsert_plan(flat, paths=paths, **options)


def delete_ids_plan(
    items: IdLike | Sequence[IdLike], space: str | None, instance_type: Literal["node", "edge"]
) -> Plan[DeleteResult]:
    """``delete_plan`` for one id or a sequence of ids; edge instances are deleted as edges."""
    values: Sequence[Any]
    if isinstance(items, (str, InstanceId)) or (
        isinstance(items, tuple) and len(items) == 2 and all(isinstance(v, str) for v in items)
    ):
        values = [items]
    elif isinstance(items, Sequence):
        values = items
    else:
        values = [items]
    pairs: list[tuple[Literal["node", "edge"], InstanceId]] = []
    for i, value in enumerate(values):
        kind: Literal["node", "edge"] = "edge" if isinstance(value, (Edge, EdgeWrite)) else instance_type
        pairs.append((kind, to_instance_id(value, space, what=f"items[{i}]")))
    return delete_plan(pairs)


def delete_plan(ids: Sequence[tuple[Literal["node", "edge"], InstanceId]]) -> Plan[DeleteResult]:
    """Delete ``(instance_type, id)`` pairs in chunks of 1000."""
    starts = range(0, len(ids), WRITE_CHUNK_SIZE)
    calls = [
        Call(
            "POST",
            "/models/instances/delete",
            {"items": [{"instanceType": kind, **i.dump()} for kind, i in ids[s : s + WRITE_CHUNK_SIZE]]},
        )
        for s in starts
    ]
    if not calls:
        return DeleteResult(())
    answers = yield calls
    deleted: list[InstanceId] = []
    failed: list[FailedChunk] = []
    for start, answer in zip(starts, answers, strict=True):
        indexes = tuple(range(start, min(start + WRITE_CHUNK_SIZE, len(ids))))
        if isinstance(answer, BaseException):
            failed.append(FailedChunk(indexes, tuple(ids[i][1] for i in indexes), answer))
        else:
            deleted.extend(InstanceId(d["space"], d["externalId"]) for d in parse_json(answer)["items"])
    if failed:
        raise DeleteError(DeleteResult(tuple(deleted)), failed)
    return DeleteResult(tuple(deleted))
