"""What a worker process does with one request: load the model, check the limits, validate, render.

This is the generator's own pipeline (``generate_sdk`` = load -> ``validate`` -> ``build_ir`` ->
``generate_files``) with the model taken from the request instead of a file, so the service answers
the same bytes as ``pygen generate``. Jobs and outcomes are plain dataclasses: they cross a pipe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from pygen_generator.errors import CDFError, GeneratorError, InputError

if TYPE_CHECKING:
    from pygen_generator.ir import SdkIR
    from pygen_generator.loaders import LoadedModel
    from pygen_generator.validation import GenerateOptions

__all__ = ["CdfAccess", "Failure", "Generated", "Job", "Outcome", "Validated", "run_job"]

_log = logging.getLogger("pygen.service")


@dataclass(frozen=True)
class CdfAccess:
    """Where and as whom to fetch ``model_id``; the token is the caller's and lives only for the job."""

    url: str
    project: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class Job:
    kind: Literal["generate", "validate"]
    model: dict[str, Any] | None
    model_id: str | None
    cdf: CdfAccess | None
    language: str
    project: bool
    options: dict[str, Any]  # GenerateOptions' fields
    max_views: int
    max_properties: int


@dataclass(frozen=True)
class Failure:
    """A request the generator refused: ``status`` and the request ``field`` it is about."""

    status: int
    field: str
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Generated:
    files: dict[str, str]
    warnings: list[dict[str, str]]
    package: str


@dataclass(frozen=True)
class Validated:
    valid: bool
    warnings: list[dict[str, str]]
    errors: list[dict[str, str]]
    summary: dict[str, int] | None


Outcome = Generated | Validated | Failure


class _LimitExceededError(Exception):
    pass


class _UnsafePathError(Exception):
    pass


def _load(job: Job) -> list[LoadedModel]:
    from pygen_generator.loaders import load_cdf, parse_models

    if job.model_id is not None:
        from pygen_client import ClientConfig, Token

        if job.cdf is None:  # the app checks this first; a job never fetches without access
            raise InputError("fetching models from CDF is disabled on this server")
        config = ClientConfig(base_url=job.cdf.url, project=job.cdf.project, credentials=Token(job.cdf.token))
        return load_cdf([job.model_id], config)
    return parse_models(job.model or {}, "model")


def _check_limits(models: list[LoadedModel], job: Job) -> None:
    views = {view.as_id(): view for model in models for view in [*model.views, *model.extra_views]}
    properties = sum(len(view.properties) for view in views.values())
    if len(views) > job.max_views:
        raise _LimitExceededError(
            f"the model has {len(views)} views; this server generates at most {job.max_views}"
        )
    if properties > job.max_properties:
        raise _LimitExceededError(
            f"the model has {properties} properties; this server generates at most {job.max_properties}"
        )


def _options(job: Job, *, strict: bool) -> GenerateOptions:
    from pygen_generator.validation import GenerateOptions

    values = dict(job.options)
    values["strict"] = strict
    return GenerateOptions(**values)


def _issues(ir: SdkIR) -> list[dict[str, str]]:
    return [
        {"code": i.code, "location": i.location, "message": i.message, "action": i.action} for i in ir.issues
    ]


def _summary(ir: SdkIR) -> dict[str, int]:
    properties = [prop for view in ir.views for prop in view.properties]
    connections = [p for p in properties if p.edge or p.reverse or p.direct_target]
    return {"views": len(ir.views), "properties": len(properties), "connections": len(connections)}


def _build(job: Job, *, strict: bool) -> SdkIR:
    from pygen_generator.ir import build_ir
    from pygen_generator.validation import validate

    models = _load(job)
    _check_limits(models, job)
    return build_ir(validate(models, _options(job, strict=strict)))


def _check_output(files: dict[str, str]) -> None:
    """Belt and braces around the generator's own naming: nothing outside the output folder.

    (The package name needs no check here: ``validation`` makes or checks it importable.)
    """
    for path in files:
        parts = PurePosixPath(path).parts
        if path.startswith("/") or "\\" in path or not parts or any(p in ("", ".", "..") for p in parts):
            raise _UnsafePathError(f"the model leads to an unsafe file path {path!r}")
        if any(not ch.isprintable() for ch in path):
            raise _UnsafePathError(f"the model leads to a file path with control characters: {path!r}")


def _generate(job: Job) -> Generated:
    from pygen_generator._api import generate_files

    ir = _build(job, strict=bool(job.options.get("strict")))
    files = generate_files(ir, job.language, project=job.project)
    _check_output(files)
    return Generated(files, _issues(ir), ir.python.package)


def _validate(job: Job) -> Validated:
    try:
        ir = _build(job, strict=False)  # under strict the warnings are listed as errors, not just the first
    except CDFError:
        raise
    except GeneratorError as exc:  # a model the generator cannot read at all is the answer, not a 422
        error = {"code": "unreadable", "location": _field(job), "message": exc.message, "action": exc.hint}
        return Validated(False, [], [error], None)
    issues = _issues(ir)
    if job.options.get("strict"):
        return Validated(not issues, [], issues, _summary(ir))
    return Validated(True, issues, [], _summary(ir))


def _field(job: Job) -> str:
    return "model_id" if job.model_id is not None else "model"


def run_job(job: Job) -> Outcome:
    """Never raises: a refused input is a ``Failure`` (4xx); a generator bug a 500 ``Failure``."""
    try:
        return _generate(job) if job.kind == "generate" else _validate(job)
    except _LimitExceededError as exc:
        return Failure(422, _field(job), str(exc), "split the model, or ask for a higher limit")
    except _UnsafePathError as exc:
        _log.error("unsafe generated path refused: %s", exc)
        return Failure(422, _field(job), str(exc), "rename the model's views")
    except CDFError as exc:
        # CDF unreachable is the server's problem; refused credentials or an unknown model the caller's.
        status = 502 if exc.message.startswith("cannot reach CDF") else 422
        return Failure(status, "model_id", exc.message, "check X-CDF-Token, the CDF project and the model id")
    except GeneratorError as exc:
        unknown_language = exc.message.startswith("unknown language")
        return Failure(422, "language" if unknown_language else _field(job), exc.message, exc.hint)
    except Exception:
        _log.exception("generation failed")
        return Failure(500, "", "the generator failed on this model", "report it with the model attached")
