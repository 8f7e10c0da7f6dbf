"""Request and response bodies. Unknown fields are refused, and every name that reaches a template or
a path is constrained here, before the generator sees it."""

from __future__ import annotations

import keyword
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = [
    "ErrorBody",
    "GenerateRequest",
    "GenerateResponse",
    "HealthResponse",
    "IssueBody",
    "ModelSummary",
    "ValidateResponse",
    "VersionResponse",
]

# The DMS identifier patterns (spaces; model ids as `pygen generate --model` takes them).
SPACE_PATTERN = r"^[a-zA-Z][a-zA-Z0-9_-]{0,42}$"
MODEL_ID_PATTERN = r"^[a-zA-Z][a-zA-Z0-9_-]{0,42}:[a-zA-Z][a-zA-Z0-9_]{0,254}(/[a-zA-Z0-9_.-]{1,43})?$"

Space = Annotated[str, StringConstraints(pattern=SPACE_PATTERN)]
ViewSelector = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", protected_namespaces=())


class GenerateRequest(_Strict):
    """A model (inline, or fetched from CDF by id) and how to generate it. ``/validate`` takes the same."""

    model: dict[str, Any] | None = Field(
        None,
        description="A data model in the corpus format (DMS read format, views inlined, optional "
        '`containers`) or an API response `{"items": [...]}`. Exactly one of `model` and `model_id`.',
    )
    model_id: str | None = Field(
        None,
        pattern=MODEL_ID_PATTERN,
        description="`SPACE:XID/VERSION` fetched from CDF with the caller's token in `X-CDF-Token` "
        "(only when the server runs with `--cdf-url`).",
        examples=["cdf_cdm:CogniteCore/v1"],
    )
    language: Literal["python", "typescript"] = "python"
    package: str | None = Field(
        None,
        pattern=r"^[a-z_][a-z0-9_]{0,99}$",
        description="Python package name (default: snake_case of the model's externalId).",
    )
    client_name: str | None = Field(
        None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$",
        description="Client class name (default: <Model>Client).",
    )
    format: Literal["zip", "json"] = Field(
        "zip", description="`zip`: the package as a zip (streamed); `json`: `{files, warnings}`."
    )
    project: bool = Field(True, description="Include pyproject.toml and README.md (as `--project`).")
    strict: bool = Field(False, description="Treat every validation warning as an error.")
    exclude_views: list[ViewSelector] = Field(default_factory=list, max_length=1000)
    exclude_spaces: list[Space] = Field(default_factory=list, max_length=1000)
    default_instance_space: Space | None = None

    @field_validator("package", "client_name")
    @classmethod
    def _not_a_keyword(cls, value: str | None) -> str | None:
        if value is not None and keyword.iskeyword(value):
            raise ValueError(f"{value!r} is a Python keyword")
        return value


class IssueBody(BaseModel):
    """One validation finding: where, what, and what generation does about it."""

    code: str
    location: str
    message: str
    action: str


class ModelSummary(BaseModel):
    views: int
    properties: int
    connections: int = Field(description="Edges, reverse relations and direct relations to a view.")


class ValidateResponse(BaseModel):
    valid: bool
    warnings: list[IssueBody]
    errors: list[IssueBody]
    summary: ModelSummary | None = Field(description="Absent when the model cannot be read at all.")


class GenerateResponse(BaseModel):
    files: dict[str, str] = Field(description="Relative path -> file text, as `pygen generate` writes them.")
    warnings: list[IssueBody]


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    workers: int = Field(description="Worker processes alive.")


class VersionResponse(BaseModel):
    generator: str
    runtime_api: str = Field(description="The pygen-runtime API generated Python SDKs are written against.")
    runtime_requirement: str
    python: str
    languages: list[str] = Field(description="Languages this server generates.")


class ErrorBody(BaseModel):
    detail: str | list[dict[str, Any]]
