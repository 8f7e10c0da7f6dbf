"""The ASGI application: routing, auth, project check, faults, request ids and CDF-shaped errors.

``create_app(settings)`` returns a Starlette app; its ``state.emulator`` (an :class:`Emulator`) holds the
current :class:`AppContext` and can ``reset()`` it. A request for another project than the one served
is answered ``403`` (as CDF answers a project the token has no access to).
"""

from __future__ import annotations

import itertools
import logging
import os
import sqlite3
from collections.abc import Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pygen_emulator import instances
from pygen_emulator._auth import TokenIssuer
from pygen_emulator._body import expect_keys, expect_object
from pygen_emulator._context import AppContext, InstanceHooks, SchemaStore
from pygen_emulator._core_model import core_model
from pygen_emulator._db import Database
from pygen_emulator._errors import DMSError
from pygen_emulator._faults import FAULT_HEADER, FaultInjector
from pygen_emulator._http import json_response, read_json
from pygen_emulator._loader import read_model
from pygen_emulator._routing import build_routes
from pygen_emulator._settings import Settings
from pygen_emulator.schema import SCHEMA_ENDPOINTS, init_schema_storage
from pygen_emulator.schema._deploy import deploy_model_into

__all__ = ["Emulator", "create_app"]

_log = logging.getLogger("pygen_emulator")
_API_PREFIX = "/api/v1/projects/"
_CONTROL_PREFIX = "/_emulator/"
_MODELS = "/api/v1/projects/{project}/models"
_FAULT_HEADER = FAULT_HEADER.encode("latin-1")


class Emulator:
    """The mutable state behind one app: current context, token issuer, fault injector."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tokens = TokenIssuer(settings)
        self.faults = FaultInjector(settings)
        self.ctx = self._fresh_context(settings.db_path)
        self._template: sqlite3.Connection | None = None
        if settings.core_model or settings.preload:
            models = self._start_models(settings.preload)
            self._template = self._template_with(models)
            if settings.db_path:  # a file keeps its data: deploy into it (unchanged items stay as they are)
                self._deploy(self.ctx, models)
            else:
                with self.ctx.db.read() as conn:
                    self._template.backup(conn)

    def get_context(self) -> AppContext:
        return self.ctx

    def reset(self) -> None:
        """Forget every space, schema item and instance; back to the start-up models; faults as at start."""
        old = self.ctx.db
        if old.path:
            old.drop_everything()
        old.close()
        self.ctx = self._fresh_context(self.settings.db_path)
        if self._template is not None:
            with self.ctx.db.read() as conn:
                self._template.backup(conn)
        self.faults.configure(
            self.settings.fault_rate,
            self.settings.fault_seed,
            statuses=self.settings.fault_statuses,
            retry_after=self.settings.retry_after_seconds,
        )

    def _start_models(self, paths: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
        """(name, model) of the core model (unless opted out) and the preload files, in deploy order."""
        models: list[tuple[str, dict[str, Any]]] = [(str(path), read_model(path)) for path in paths]
        if self.settings.core_model:
            models.insert(0, ("the built-in core model", core_model()))
        return models

    def _template_with(self, models: list[tuple[str, dict[str, Any]]]) -> sqlite3.Connection:
        """A database holding only the start-up models: what ``reset()`` restores."""
        scratch = self._fresh_context(None)
        self._deploy(scratch, models)
        template = sqlite3.connect(":memory:", check_same_thread=False)
        with scratch.db.read() as conn:
            conn.backup(template)
        scratch.db.close()
        return template

    def _deploy(self, ctx: AppContext, models: list[tuple[str, dict[str, Any]]]) -> None:
        current = ""
        try:
            with ctx.db.transaction() as conn:
                for name, model in models:
                    current = name
                    deploy_model_into(conn, model)
        except DMSError as exc:
            raise ValueError(f"preloading model {current} failed: {exc.message}") from None

    def _fresh_context(self, path: str | None) -> AppContext:
        db = Database(path)
        init_schema_storage(db)
        instances.init_storage(db)
        return AppContext(
            db=db,
            settings=self.settings,
            schema=SchemaStore(db, self.settings.all_global_spaces()),
            instances=InstanceHooks(
                space_has_instances=instances.space_has_instances,
                drop_container_data=instances.drop_container_data,
            ),
        )


def create_app(settings: Settings | None = None) -> Starlette:
    """A new emulator app (its own database)."""
    emulator = Emulator(settings or Settings())
    routes: list[BaseRoute] = [
        Route("/oauth2/token", emulator.tokens.token_endpoint, methods=["POST"]),
        Route("/api/v1/token/inspect", _token_inspect(emulator), methods=["GET"]),
        Route("/_emulator/health", _health, methods=["GET"]),
        Route("/_emulator/reset", _reset(emulator), methods=["POST"]),
        Route("/_emulator/faults", _faults(emulator), methods=["POST"]),
    ]
    routes += build_routes(emulator.get_context, SCHEMA_ENDPOINTS, _MODELS)
    routes += build_routes(emulator.get_context, instances.INSTANCE_ENDPOINTS, _MODELS + "/instances")
    app = Starlette(
        routes=routes,
        exception_handlers={DMSError: _dms_error_handler, HTTPException: _http_error_handler},
        middleware=[Middleware(_EmulatorMiddleware, emulator=emulator)],
    )
    app.state.emulator = emulator
    return app


async def _dms_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DMSError)
    return json_response(exc.to_body(), exc.status, headers=exc.headers)


async def _http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"Unknown path {request.method} {request.url.path}: see the DMS API for the endpoints."
    elif exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {request.url.path}."
    else:
        message = str(exc.detail)
    return json_response({"error": {"code": exc.status_code, "message": message}}, exc.status_code)


async def _health(request: Request) -> Response:
    return json_response({"status": "ok"})


def _reset(emulator: Emulator) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        emulator.reset()
        return json_response({})

    return endpoint


def _faults(emulator: Emulator) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        body = expect_object(await read_json(request, emulator.settings.max_body_bytes), "")
        expect_keys(body, "", optional=("rate", "seed", "statuses", "retryAfter"))
        rate, seed = body.get("rate", 0.0), body.get("seed")
        statuses, retry_after = body.get("statuses"), body.get("retryAfter")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise DMSError(400, f"rate must be a number between 0 and 1, got {rate!r}.")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise DMSError(400, f"seed must be an integer, got {seed!r}.")
        if statuses is not None and (
            not isinstance(statuses, list) or not all(type(s) is int for s in statuses)
        ):
            raise DMSError(400, f"statuses must be an array of status codes, got {statuses!r}.")
        if retry_after is not None and (type(retry_after) is not int or retry_after < 0):
            raise DMSError(400, f"retryAfter must be a whole number of seconds >= 0, got {retry_after!r}.")
        try:
            emulator.faults.configure(
                float(rate),
                seed,
                statuses=tuple(statuses) if statuses is not None else None,
                retry_after=retry_after,
            )
        except ValueError as exc:
            raise DMSError(400, str(exc)) from None
        faults = emulator.faults
        return json_response(
            {
                "rate": faults.rate,
                "seed": faults.seed,
                "statuses": list(faults.statuses),
                "retryAfter": faults.retry_after,
            }
        )

    return endpoint


def _token_inspect(emulator: Emulator) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        emulator.tokens.check(request.headers.get("authorization"))
        project = emulator.settings.project
        return json_response(
            {
                "subject": "pygen-emulator",
                "projects": [{"projectUrlName": project, "groups": []}],
                "capabilities": [
                    {
                        "dataModelsAcl": {"actions": ["READ", "WRITE"], "scope": {"all": {}}},
                        "projectScope": {"allProjects": {}},
                    },
                    {
                        "dataModelInstancesAcl": {"actions": ["READ", "WRITE"], "scope": {"all": {}}},
                        "projectScope": {"allProjects": {}},
                    },
                ],
            }
        )

    return endpoint


class _EmulatorMiddleware:
    """Pure ASGI middleware: request id, auth, project, faults, and a catch-all for bugs."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator
        self._ids = itertools.count(1)
        self._prefix = os.urandom(4).hex()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"{self._prefix}-{next(self._ids):08x}".encode()
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id)]}
            await send(message)

        try:
            path: str = scope["path"]
            error = None
            if path.startswith(_API_PREFIX):
                error = self._gate(scope, path)
            elif path.startswith(_CONTROL_PREFIX) and self.emulator.settings.token is not None:
                error = self._check_token(scope)  # reset and faults change the server: not for anyone
            if error is not None:
                await _send_error(send_with_id, error)
                return
            await self.app(scope, receive, send_with_id)
        except Exception:
            _log.exception("internal error while serving %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_error(
                    send_with_id, DMSError(500, "Internal emulator error (a bug): see the server log.")
                )

    def _check_token(self, scope: Scope) -> DMSError | None:
        authorization = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"authorization"), None
        )
        try:
            self.emulator.tokens.check(authorization)
        except DMSError as exc:
            return exc
        return None

    def _gate(self, scope: Scope, path: str) -> DMSError | None:
        error = self._check_token(scope)
        if error is not None:
            return error
        project = path[len(_API_PREFIX) :].split("/", 1)[0]
        served = self.emulator.settings.project
        if project != served:
            return DMSError(403, f"Unknown project {project!r}: this emulator serves project {served!r}.")
        fault = None  # the last fault header wins; no dict of every header is built per request
        for key, value in scope["headers"]:
            if key.lower() == _FAULT_HEADER:
                fault = value.decode("latin-1")
        return self.emulator.faults.pick(fault)


async def _send_error(send: Send, error: DMSError) -> None:
    body = orjson.dumps(error.to_body())
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
