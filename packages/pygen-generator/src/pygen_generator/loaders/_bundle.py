"""What every loader returns: one data model with its views inlined, plus the containers they map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from pygen_client.schema import Container, DataModel, View
from pygen_generator.errors import InputError

__all__ = ["LoadedModel", "parse_model", "parse_models"]


@dataclass(frozen=True)
class LoadedModel:
    """A data model ready for validation.

    ``data_model.views`` are full views (inherited properties included, as ``inlineViews=true`` returns
    them); ``containers`` are the containers those views map (may be empty: mapped properties carry
    their types); ``extra_views`` are views referenced by the model but not part of it.
    """

    data_model: DataModel
    containers: tuple[Container, ...] = ()
    extra_views: tuple[View, ...] = ()
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def views(self) -> list[View]:
        return self.data_model.inlined_views()


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    return f"{location}: {error['msg']}" if location else str(error["msg"])


def parse_model(data: Any, source: str) -> LoadedModel:
    """Validate one model dict in the corpus format (read format + ``containers`` + ``_extraViews``)."""
    if not isinstance(data, dict):
        raise InputError(
            f"{source}: a data model must be an object, got {type(data).__name__}",
            "expected the DMS read format: space, externalId, version and views",
        )
    missing = [key for key in ("space", "externalId", "version", "views") if key not in data]
    if missing:
        raise InputError(
            f"{source}: the data model has no {', '.join(missing)}",
            "expected the DMS read format (GET models/datamodels/byids?inlineViews=true)",
        )
    try:
        model = DataModel.model_validate(
            {k: v for k, v in data.items() if not k.startswith("_") and k != "containers"}
        )
        containers = tuple(Container.model_validate(c) for c in data.get("containers") or [])
        extra = tuple(View.model_validate(v) for v in data.get("_extraViews") or [])
    except ValidationError as exc:
        raise InputError(
            f"{source}: not a valid data model: {_first_error(exc)}",
            "compare the file with the DMS read format (views inlined, containers optional)",
        ) from None
    references = [view for view in model.views or [] if not isinstance(view, View)]
    if references:
        first = references[0].as_id()
        raise InputError(
            f"{source}: view {first.space}:{first.external_id}/{first.version} is a reference, not an inlined view",
            "read the model with inlineViews=true, or load it live with --model SPACE:XID/VERSION",
        )
    return LoadedModel(model, containers, extra, source, data)


def parse_models(data: Any, source: str) -> list[LoadedModel]:
    """One or more models from an in-memory document: one model, or an API response ``{"items": [...]}``.

    The items of an API response share its top-level ``containers``.
    """
    if isinstance(data, dict) and "items" in data and "views" not in data:
        items = data["items"]
        if not isinstance(items, list) or not items:
            raise InputError(
                f"{source}: 'items' holds no data model", 'expected {"items": [data model, ...]}'
            )
        containers = data.get("containers") or []
        return [
            parse_model(
                {**item, "containers": containers} if isinstance(item, dict) else item, f"{source} item {i}"
            )
            for i, item in enumerate(items)
        ]
    return [parse_model(data, source)]
