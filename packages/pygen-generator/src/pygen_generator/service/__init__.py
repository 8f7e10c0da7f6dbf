"""``pygen serve``: SDK generation over HTTP (FastAPI), safe to expose.

Optional: needs the ``service`` extra (``pip install "pygen-generator[service]"``). Nothing else in
the generator imports this package, so the plain generator never loads FastAPI.

* ``_app``: the FastAPI application (``create_app``) and its endpoints;
* ``_schemas``: the pydantic request and response bodies (the OpenAPI document is built from them);
* ``_jobs``: what a worker process does with one request (load, validate, render) — the generator's API;
* ``_pool``: the worker processes: a generation past the time limit is killed with its process;
* ``_security``: API keys (constant-time compare) and the per-key rate limit;
* ``_middleware``: request ids, API keys and rate limit, the body size limit, one log line per request;
* ``_logs``: logs as JSON lines;
* ``_zip``: the streamed, reproducible zip of the generated files.
"""

from __future__ import annotations

from pygen_generator.service._app import create_app
from pygen_generator.service._settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]
