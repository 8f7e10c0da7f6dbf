"""The collector does not run while a page is parsed (it would rescan the growing result), and the caller's
setting is kept."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import pytest
from runtime_fakes import Thing, node_json

from pygen_runtime._parse import parse_items

PAGE = json.dumps(
    {"items": [node_json(f"t{i}", name=f"n{i}", tags=["a", "b"]) for i in range(1000)]}
).encode()


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """Generations of the collections that ran."""
    ran: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            ran.append(info["generation"])

    gc.callbacks.append(record)
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield ran
    finally:
        gc.callbacks.remove(record)
        (gc.enable if was_enabled else gc.disable)()


def test_no_collection_while_a_page_is_parsed(collections: list[int]) -> None:
    parsed = parse_items(Thing, PAGE)
    assert len(parsed.items) == 1000
    # Unpaused, a page this size runs the collector dozens of times; paused, once (the young generation,
    # at the first allocation after the parse).
    assert collections in ([], [0])
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collections: list[int]) -> None:
    gc.disable()
    parse_items(Thing, PAGE)
    assert not gc.isenabled()


def test_the_collector_is_back_on_after_a_parse_error(collections: list[int]) -> None:
    with pytest.raises(ValueError, match="items"):
        parse_items(Thing, b'{"items": [{"space": 1}]}')
    assert gc.isenabled()
