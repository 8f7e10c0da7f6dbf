"""Identifiers of schema resources: small, frozen, hashable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ContainerId", "DataModelId", "SpaceId", "ViewId"]


def _require(mapping: dict[str, Any], key: str, kind: str) -> Any:
    try:
        return mapping[key]
    except (KeyError, TypeError):
        raise ValueError(f"{kind} needs '{key}', got {mapping!r}") from None


@dataclass(frozen=True)
class SpaceId:
    space: str

    def dump(self) -> dict[str, Any]:
        return {"space": self.space}

    @classmethod
    def load(cls, data: dict[str, Any]) -> SpaceId:
        return cls(_require(data, "space", "SpaceId"))


@dataclass(frozen=True)
class ContainerId:
    space: str
    external_id: str

    def dump(self, *, include_type: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"space": self.space, "externalId": self.external_id}
        if include_type:
            out["type"] = "container"
        return out

    @classmethod
    def load(cls, data: dict[str, Any]) -> ContainerId:
        return cls(_require(data, "space", "ContainerId"), _require(data, "externalId", "ContainerId"))


@dataclass(frozen=True)
class ViewId:
    """A view id; ``version=None`` means every version on retrieve and "latest" in ``implements``."""

    space: str
    external_id: str
    version: str | None = None

    def dump(self, *, include_type: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"space": self.space, "externalId": self.external_id}
        if self.version is not None:
            out["version"] = self.version
        if include_type:
            out["type"] = "view"
        return out

    @classmethod
    def load(cls, data: dict[str, Any]) -> ViewId:
        return cls(
            _require(data, "space", "ViewId"), _require(data, "externalId", "ViewId"), data.get("version")
        )


@dataclass(frozen=True)
class DataModelId:
    space: str
    external_id: str
    version: str | None = None

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {"space": self.space, "externalId": self.external_id}
        if self.version is not None:
            out["version"] = self.version
        return out

    @classmethod
    def load(cls, data: dict[str, Any]) -> DataModelId:
        return cls(
            _require(data, "space", "DataModelId"),
            _require(data, "externalId", "DataModelId"),
            data.get("version"),
        )
