"""The route table of the instance endpoints (paths relative to ``.../models/instances``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from pygen_emulator._routing import Call, Endpoint, Handler
from pygen_emulator.instances._aggregate import aggregate
from pygen_emulator.instances._apply import apply
from pygen_emulator.instances._delete import delete
from pygen_emulator.instances._inspect import inspect
from pygen_emulator.instances._query import query
from pygen_emulator.instances._read import by_ids, list_instances
from pygen_emulator.instances._schema import Schema
from pygen_emulator.instances._search import search
from pygen_emulator.instances._sync import sync

__all__ = ["INSTANCE_ENDPOINTS"]

InstanceHandler = Callable[[sqlite3.Connection, Schema, Any], dict[str, Any]]


def _handler(handle: InstanceHandler) -> Handler:
    """An instance handler works on the connection, a per-request schema view and the body."""

    def handler(call: Call) -> dict[str, Any]:
        return handle(call.conn, Schema(call.ctx), call.body)

    handler.__name__ = handle.__name__
    return handler


INSTANCE_ENDPOINTS = (
    Endpoint("POST", "/", _handler(apply), writes=True),
    Endpoint("POST", "/list", _handler(list_instances)),
    Endpoint("POST", "/byids", _handler(by_ids)),
    Endpoint("POST", "/search", _handler(search)),
    Endpoint("POST", "/aggregate", _handler(aggregate)),
    Endpoint("POST", "/delete", _handler(delete), writes=True),
    Endpoint("POST", "/inspect", _handler(inspect)),
    Endpoint("POST", "/query", _handler(query)),
    Endpoint("POST", "/sync", _handler(sync)),
)
