"""The FastAPI application: ``/generate``, ``/validate``, ``/health``, ``/version`` (and ``/docs``).

Client input never produces a 5xx: bodies are pydantic models (422 naming the field), the generator's
refusals are 422 naming the field, the limits are 413/422/429. A 5xx means a bug or CDF unreachable.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of endpoints defined inside
# create_app at runtime, where string annotations could not see create_app's locals.
import platform
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPBearer

from pygen_generator._version import __version__
from pygen_generator.service._jobs import CdfAccess, Failure, Generated, Job, Outcome, Validated
from pygen_generator.service._middleware import RequestContext
from pygen_generator.service._pool import GenerationTimeoutError, PoolBusyError, WorkerPool
from pygen_generator.service._schemas import (
    ErrorBody,
    GenerateRequest,
    GenerateResponse,
    HealthResponse,
    ValidateResponse,
    VersionResponse,
)
from pygen_generator.service._security import KeyRing, RateLimiter
from pygen_generator.service._settings import ServiceSettings
from pygen_generator.service._zip import iter_zip

__all__ = ["create_app"]

_PROJECT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_.-]")
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No or an unknown API key."},
    413: {"model": ErrorBody, "description": "The body is larger than the server's limit."},
    422: {"model": ErrorBody, "description": "The body, the model or a limit on it (names the field)."},
    429: {"model": ErrorBody, "description": "Rate limit, or every worker busy (see Retry-After)."},
}


def _refused(status: int, loc: tuple[str, ...], message: str, hint: str = "") -> HTTPException:
    item: dict[str, Any] = {"loc": list(loc), "msg": message, "type": "refused"}
    if hint:
        item["hint"] = hint
    return HTTPException(status, detail=[item])


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 without the ``input`` it echoes (a whole model, or a caller's secret)."""
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """A ready application; the worker pool starts and stops with it (its lifespan)."""
    settings = settings or ServiceSettings()
    pool = WorkerPool(settings.workers, timeout=settings.generation_timeout, max_queue=settings.max_queue)
    limiter = RateLimiter(settings.rate_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    app = FastAPI(
        title="pygen generation service",
        version=__version__,
        description="Typed SDKs (Python, TypeScript) for Cognite Data Fusion data models, generated on demand.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, behind the API key like every endpoint but /health
    )
    app.state.settings = settings
    app.state.pool = pool
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Keys and the rate limit are checked by RequestContext before the body is read; the scheme here
    # puts them in the OpenAPI document.
    bearer = HTTPBearer(auto_error=False, description="An API key given to `pygen serve --api-key`.")
    app.add_middleware(
        RequestContext,
        max_body_bytes=settings.max_body_bytes,
        keys=KeyRing(settings.api_keys),
        limiter=limiter,
    )

    authorized = [Depends(bearer)]

    def job(
        kind: Literal["generate", "validate"], body: GenerateRequest, token: str | None, project: str | None
    ) -> Job:
        from pygen_generator.backends import LANGUAGES

        if (body.model is None) == (body.model_id is None):
            raise _refused(422, ("body", "model"), "give exactly one of 'model' and 'model_id'")
        if kind == "generate" and body.language not in LANGUAGES:
            raise _refused(
                422,
                ("body", "language"),
                f"this server does not generate {body.language} yet",
                f"supported: {', '.join(LANGUAGES)}",
            )
        cdf: CdfAccess | None = None
        if body.model_id is not None:
            if settings.cdf_url is None:
                raise _refused(
                    422,
                    ("body", "model_id"),
                    "fetching models from CDF is disabled on this server",
                    "send the model itself in 'model' (the server runs without --cdf-url)",
                )
            if not token:
                raise _refused(422, ("header", "x-cdf-token"), "a CDF token is required to fetch 'model_id'")
            cdf_project = project or settings.cdf_project
            if not cdf_project:
                raise _refused(422, ("header", "x-cdf-project"), "name the CDF project in X-CDF-Project")
            if not _PROJECT.match(cdf_project):  # it becomes part of the URL path
                raise _refused(422, ("header", "x-cdf-project"), f"{cdf_project!r} is not a CDF project name")
            cdf = CdfAccess(settings.cdf_url, cdf_project, token)
        options = {
            "package": body.package,
            "client_name": body.client_name,
            "exclude_views": tuple(body.exclude_views),
            "exclude_spaces": tuple(body.exclude_spaces),
            "default_instance_space": body.default_instance_space,
            "strict": body.strict,
        }
        return Job(
            kind, body.model, body.model_id, cdf, body.language, body.project, options,
            settings.max_views, settings.max_properties,
        )  # fmt: skip

    async def run(request: Request, job: Job) -> Outcome:
        request.state.log_fields = {"kind": job.kind, "language": job.language}
        field = "model_id" if job.model_id is not None else "model"
        try:
            outcome = await pool.run(job)
        except PoolBusyError:
            raise HTTPException(
                429, "every worker is busy; try again shortly", {"Retry-After": "1"}
            ) from None
        except GenerationTimeoutError:
            raise _refused(
                422,
                ("body", field),
                f"generating this model took longer than this server's limit of {settings.generation_timeout:g} s",
                "exclude views (exclude_views / exclude_spaces), or ask for a higher limit",
            ) from None
        if isinstance(outcome, Failure):
            if outcome.status >= 500:
                raise HTTPException(outcome.status, outcome.message)
            raise _refused(outcome.status, ("body", outcome.field), outcome.message, outcome.hint)
        return outcome

    @app.post(
        "/generate",
        dependencies=authorized,
        response_model=GenerateResponse,
        responses={200: {"content": {"application/zip": {}}, "description": "The zip, or JSON."}, **_ERRORS},
    )
    async def generate(
        body: GenerateRequest,
        request: Request,
        x_cdf_token: Annotated[str | None, Header(description="Your CDF token, for `model_id`.")] = None,
        x_cdf_project: Annotated[str | None, Header(description="The CDF project of `model_id`.")] = None,
    ) -> Response:
        """Generate an SDK: a zip of the package (streamed), or ``{files, warnings}`` with ``format: json``."""
        outcome = await run(request, job("generate", body, x_cdf_token, x_cdf_project))
        assert isinstance(outcome, Generated)
        if body.format == "json":
            payload = GenerateResponse.model_validate({"files": outcome.files, "warnings": outcome.warnings})
            return JSONResponse(payload.model_dump())
        name = _UNSAFE_FILENAME.sub("_", f"{outcome.package}-{body.language}") + ".zip"
        return StreamingResponse(
            iter_zip(outcome.files),
            media_type="application/zip",
            headers={
                "content-disposition": f'attachment; filename="{name}"',
                "x-pygen-warnings": str(len(outcome.warnings)),
            },
        )

    @app.post("/validate", dependencies=authorized, responses=_ERRORS)
    async def validate(
        body: GenerateRequest,
        request: Request,
        x_cdf_token: Annotated[str | None, Header(description="Your CDF token, for `model_id`.")] = None,
        x_cdf_project: Annotated[str | None, Header(description="The CDF project of `model_id`.")] = None,
    ) -> ValidateResponse:
        """Check a model: warnings (location, message, action), errors and what would be generated."""
        outcome = await run(request, job("validate", body, x_cdf_token, x_cdf_project))
        assert isinstance(outcome, Validated)
        return ValidateResponse.model_validate(
            {
                "valid": outcome.valid,
                "warnings": outcome.warnings,
                "errors": outcome.errors,
                "summary": outcome.summary,
            }
        )

    @app.get("/health", responses={503: {"model": HealthResponse}})
    async def health() -> JSONResponse:
        """Liveness and readiness (no API key needed): 200 while a worker is alive, else 503."""
        alive = pool.alive()
        body = HealthResponse(status="ok" if alive else "unavailable", workers=alive)
        return JSONResponse(body.model_dump(), 200 if alive else 503)

    @app.get("/version", dependencies=authorized, responses=_ERRORS)
    async def version() -> VersionResponse:
        """The generator's version, the runtime the SDKs need and the languages served."""
        from pygen_generator.backends import LANGUAGES
        from pygen_generator.ir import RUNTIME_API_VERSION, RUNTIME_REQUIREMENT

        return VersionResponse(
            generator=__version__,
            runtime_api=RUNTIME_API_VERSION,
            runtime_requirement=RUNTIME_REQUIREMENT,
            python=platform.python_version(),
            languages=list(LANGUAGES),
        )

    @app.get("/openapi.json", dependencies=authorized, include_in_schema=False)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", dependencies=authorized, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} - docs")

    return app
