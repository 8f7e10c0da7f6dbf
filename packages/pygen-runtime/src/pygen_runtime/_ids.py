"""Identifiers: instance ids, view ids, and the inputs accepted wherever an id is expected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, Union, runtime_checkable

from pydantic import ConfigDict, Field, TypeAdapter
from pydantic.dataclasses import dataclass

__all__ = ["IdLike", "InstanceId", "ViewId", "to_instance_id", "to_instance_ids"]


@dataclass(frozen=True, config=ConfigDict(extra="ignore", validate_by_name=True, validate_by_alias=True))
class InstanceId:
    """The id of a node or an edge: ``InstanceId(space, external_id)``. Hashable (usable as a dict key).

    Parses from the wire form ``{"space": ..., "externalId": ...}``."""

    space: str = Field(min_length=1)
    external_id: str = Field(min_length=1, validation_alias="externalId")

    def dump(self) -> dict[str, str]:
        """The wire form ``{"space": ..., "externalId": ...}``."""
        return {"space": self.space, "externalId": self.external_id}

    def __repr__(self) -> str:
        return f"InstanceId({self.space!r}, {self.external_id!r})"

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@dataclass(frozen=True)
class ViewId:
    """The id of a view: ``ViewId(space, external_id, version)``."""

    space: str
    external_id: str
    version: str

    @property
    def key(self) -> str:
        """The key of this view's properties in a read response: ``"externalId/version"``."""
        return f"{self.external_id}/{self.version}"

    def dump(self) -> dict[str, str]:
        """The wire form of a view reference (with ``"type": "view"``)."""
        return {"type": "view", "space": self.space, "externalId": self.external_id, "version": self.version}

    def property_ref(self, prop: str) -> list[str]:
        """The filter/sort reference of one of this view's properties: ``[space, "xid/version", prop]``."""
        return [self.space, self.key, prop]

    def __repr__(self) -> str:
        return f"ViewId({self.space!r}, {self.external_id!r}, {self.version!r})"


@runtime_checkable
class _HasId(Protocol):
    """Anything with ``space`` and ``external_id`` attributes (read and write instances, ids)."""

    @property
    def space(self) -> str: ...

    @property
    def external_id(self) -> str: ...


# What users may pass wherever one instance id is expected.
IdLike = Union[str, InstanceId, "tuple[str, str]", _HasId]


def to_instance_id(value: object, space: str | None = None, *, what: str = "id") -> InstanceId:
    """Turn a user-supplied id (``InstanceId``, ``(space, external_id)``, an instance, or a ``str`` with
    ``space``) into an ``InstanceId``; anything else is a ``TypeError``/``ValueError`` that says what to pass."""
    if isinstance(value, InstanceId):
        return value
    if isinstance(value, str):
        if space is None:
            raise ValueError(
                f"{what} {value!r} is a bare external id: pass space=..., or an InstanceId(space, external_id) "
                "or a (space, external_id) tuple"
            )
        return InstanceId(space, value)
    if isinstance(value, tuple):
        if len(value) == 2 and all(isinstance(part, str) for part in value):
            return InstanceId(value[0], value[1])
        raise ValueError(f"{what} {value!r}: a tuple id must be (space, external_id), two strings")
    if isinstance(value, dict):
        return _ID_ADAPTER.validate_python(value)
    if isinstance(value, _HasId):
        return InstanceId(value.space, value.external_id)
    raise TypeError(
        f"{what} {value!r} ({type(value).__name__}) is not an id: pass an InstanceId, a (space, external_id) "
        "tuple, an instance, or an external id string with space=..."
    )


def to_instance_ids(
    values: object, space: str | None = None, *, what: str = "id"
) -> tuple[list[InstanceId], bool]:
    """Normalise one id or a sequence of ids; returns the ids and whether a single id was given.

    A tuple of two strings is one ``(space, external_id)`` id, not two external ids."""
    if isinstance(values, (str, InstanceId, _HasId)) or (
        isinstance(values, tuple) and len(values) == 2 and all(isinstance(v, str) for v in values)
    ):
        return [to_instance_id(values, space, what=what)], True
    if isinstance(values, Sequence):
        return [to_instance_id(v, space, what=f"{what}[{i}]") for i, v in enumerate(values)], False
    return [to_instance_id(values, space, what=what)], True


InstanceType = Literal["node", "edge"]
_ID_ADAPTER: TypeAdapter[InstanceId] = TypeAdapter(InstanceId)
