"""Schema and instance endpoints share one identifier check, cursor format, body reader and clock."""

from __future__ import annotations

import time

import httpx
import pytest

from pygen_emulator import _clock


def _message(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    return str(response.json()["error"]["message"])


def test_a_bad_space_gets_one_message_from_schema_and_instances(api: httpx.Client) -> None:
    schema = _message(api.post("/spaces", json={"items": [{"space": "1bad"}]}))
    instance = _message(
        api.post("/instances", json={"items": [{"instanceType": "node", "space": "1bad", "externalId": "x"}]})
    )
    assert schema.replace("items[0].space", "<where>") == instance.replace("items[0].space", "<where>")
    assert "is not a valid space identifier: it must match" in schema


def test_a_bad_cursor_gets_one_message_from_schema_and_instances(api: httpx.Client) -> None:
    schema = _message(api.get("/spaces", params={"cursor": "%%%"}))
    instance = _message(api.post("/instances/list", json={"cursor": "%%%"}))
    assert schema == instance == "cursor is not a valid cursor: pass back a nextCursor value unchanged."


def test_unknown_and_missing_fields_read_alike(api: httpx.Client) -> None:
    schema = _message(api.post("/spaces", json={"items": [{"space": "sp", "bogus": 1}]}))
    instance = _message(
        api.post("/instances/byids", json={"items": [{"space": "sp", "externalId": "x"}], "bogus": 1})
    )
    assert schema == "Unexpected field - items[0].bogus"
    assert instance == "Unexpected field - bogus"
    assert _message(api.post("/spaces", json={"items": [{}]})) == "Missing required field - items[0].space"
    assert _message(api.post("/instances/byids", json={})) == "Missing required field - items"


def test_the_clock_never_goes_backwards(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _clock.now_ms()
    monkeypatch.setattr(time, "time", lambda: (first - 60_000) / 1000)  # the system clock steps back a minute
    assert _clock.now_ms() >= first
