"""Structured request logs: one JSON line per request with its id, key id, endpoint, status, duration
and body size."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pygen_generator.service._logs import JsonLogFormatter


def test_one_log_record_per_request(
    client: TestClient, example: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pygen.service.requests")
    response = client.post("/generate", json={"model": example}, headers={"x-request-id": "abc-1"})
    client.post("/generate", content=b"{")
    records = [r for r in caplog.records if r.name == "pygen.service.requests"]
    assert len(records) == 2
    first: dict[str, Any] = records[0].fields  # type: ignore[attr-defined]
    assert first["request_id"] == "abc-1" == response.headers["x-request-id"]
    assert first["key_id"] == "local"
    assert (first["method"], first["endpoint"], first["status"]) == ("POST", "/generate", 200)
    assert first["body_bytes"] == len(response.request.content)
    assert first["duration_ms"] > 0
    assert (first["kind"], first["language"]) == ("generate", "python")
    second: dict[str, Any] = records[1].fields  # type: ignore[attr-defined]
    assert (second["status"], second["body_bytes"]) == (422, 1)


def test_the_formatter_writes_one_json_object_per_line() -> None:
    record = logging.LogRecord("pygen.service.requests", logging.INFO, __file__, 1, "request", None, None)
    record.fields = {"request_id": "r1", "status": 200}
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "request"
    assert parsed["level"] == "info"
    assert (parsed["request_id"], parsed["status"]) == ("r1", 200)
