"""Strict reading of JSON request bodies: wrong types, bad ranges and unknown fields become 400s.

The one implementation of request-body validation: the schema endpoints (``expect_object``,
``expect_keys``) and the instance endpoints (:class:`Obj`) share it, and with it every message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pygen_emulator._errors import DMSError
from pygen_emulator._ids import SPACE_RE, check_instance_xid, check_space, is_instance_xid, show

__all__ = ["Obj", "bad", "expect_keys", "expect_object", "instance_id", "node_ref", "show"]


def bad(message: str) -> DMSError:
    return DMSError(400, message)


def expect_object(value: Any, where: str) -> dict[str, Any]:
    """``value`` as a dict, or a 400 naming ``where``."""
    return Obj(value, where).data


def expect_keys(
    data: dict[str, Any], where: str, *, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> None:
    """Reject unknown fields (``Unexpected field - <where>.<key>``) and missing or null required ones."""
    obj = Obj(data, where)
    obj.ignore(*required, *optional)
    obj.done()
    for key in required:
        if data.get(key) is None:
            raise bad(f"Missing required field - {obj.path_of(key)}")


class Obj:
    """A JSON object being read; call :meth:`done` to reject fields nobody asked for."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise bad(f"{path or 'Request body'} must be a JSON object, got {show(data)}.")
        self.data: dict[str, Any] = data
        self.path = path
        self._seen: set[str] = set()

    def path_of(self, key: str) -> str:
        """The path of a field of this object, as error messages name it."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, *, required: bool = False) -> Any:
        self._seen.add(key)
        if key not in self.data:
            if required:
                raise bad(f"Missing required field - {self.path_of(key)}")
            return None
        return self.data[key]

    def str_(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.raw(key, required=required)
        if value is None:
            if required:
                raise bad(f"{self.path_of(key)} must not be null.")
            return default
        if not isinstance(value, str):
            raise bad(f"{self.path_of(key)} must be a string, got {show(value)}.")
        return value

    def req_str(self, key: str) -> str:
        value = self.str_(key, required=True)
        assert value is not None
        return value

    def enum(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.str_(key, default=default)
        assert value is not None
        if value not in allowed:
            raise bad(f"{self.path_of(key)} must be one of {', '.join(allowed)}, got {show(value)}.")
        return value

    def bool_(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise bad(f"{self.path_of(key)} must be a boolean, got {show(value)}.")
        return value

    def int_(self, key: str, default: int | None, lo: int, hi: int) -> int | None:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad(f"{self.path_of(key)} must be an integer, got {show(value)}.")
        if not lo <= value <= hi:
            raise bad(f"{self.path_of(key)} must be between {lo} and {hi}, got {value}.")
        return value

    def limit(self, key: str, default: int, hi: int) -> int:
        value = self.int_(key, default, 1, hi)
        assert value is not None
        return value

    def list_(self, key: str, *, required: bool = False, lo: int = 0, hi: int = 1000) -> list[Any] | None:
        value = self.raw(key, required=required)
        if value is None:
            if required:
                raise bad(f"{self.path_of(key)} must not be null.")
            return None
        if not isinstance(value, list):
            raise bad(f"{self.path_of(key)} must be a list, got {show(value)}.")
        if not lo <= len(value) <= hi:
            raise bad(f"{self.path_of(key)} must have between {lo} and {hi} items, got {len(value)}.")
        return value

    def obj(self, key: str, *, required: bool = False) -> Obj | None:
        value = self.raw(key, required=required)
        if value is None:
            if required:
                raise bad(f"{self.path_of(key)} must not be null.")
            return None
        return Obj(value, self.path_of(key))

    def items(self, key: str, *, required: bool = False, lo: int = 0, hi: int = 1000) -> Iterator[Obj]:
        values = self.list_(key, required=required, lo=lo, hi=hi) or []
        for index, value in enumerate(values):
            yield Obj(value, f"{self.path_of(key)}[{index}]")

    def ignore(self, *keys: str) -> None:
        self._seen.update(keys)

    def done(self) -> None:
        extra = [key for key in self.data if key not in self._seen]
        if extra:
            raise bad(f"Unexpected field - {self.path_of(extra[0])}")


def instance_id(obj: Obj, *, with_type: bool = True) -> tuple[str, str, str]:
    """``{"instanceType"?, "space", "externalId"}`` → (kind, space, externalId); validates formats."""
    data = obj.data
    kind = data.get("instanceType", "node") if with_type else "node"
    if kind not in ("node", "edge"):
        kind = obj.enum("instanceType", ("node", "edge"), "node")
    space = data.get("space")
    external_id = data.get("externalId")
    obj.ignore("instanceType", "space", "externalId")
    # Fast path first (apply reads up to 1000 ids per request); the checks below give the messages.
    if type(space) is not str or not SPACE_RE.fullmatch(space):
        check_space(obj.req_str("space"), obj.path_of("space"))
    if type(external_id) is not str or not is_instance_xid(external_id):
        check_instance_xid(obj.req_str("externalId"), obj.path_of("externalId"))
    assert isinstance(space, str)
    assert isinstance(external_id, str)
    return kind, space, external_id


def node_ref(value: Any, path: str) -> tuple[str, str]:
    """A ``{"space", "externalId"}`` reference."""
    obj = Obj(value, path)
    space = obj.req_str("space")
    external_id = obj.req_str("externalId")
    obj.done()
    check_space(space, f"{path}.space")
    check_instance_xid(external_id, f"{path}.externalId")
    return space, external_id
