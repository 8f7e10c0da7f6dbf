"""The collector does not run while a page is parsed, the page is not left in the young generations
(young collections would rescan it, full ones a growing list), garbage made before the parse is still
freed, and the caller's setting and frozen objects are kept."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from runtime_fakes import Thing, node_json

from pygen_runtime import _gc
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
    # Unpaused, a page this size runs the collector dozens of times; paused, once: the young generations,
    # before the parse (never the page itself, see the next test).
    assert collections == [1]
    assert gc.isenabled()


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation))


def test_the_parsed_page_goes_to_the_oldest_generation_unscanned(collections: list[int]) -> None:
    parsed = parse_items(Thing, PAGE)
    item = parsed.items[500]
    # Left young, the page is scanned by the next young collection, again when it ages, and the whole
    # growing result of a list() by every full collection.
    assert not _in_generation(item, 0)
    assert not _in_generation(item, 1)
    assert _in_generation(item, 2)
    assert gc.get_freeze_count() == 0  # nothing is left frozen
    assert collections == [1]


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.mark.parametrize("generation", [0, 1])
def test_garbage_made_before_the_parse_is_freed_not_aged(collections: list[int], generation: int) -> None:
    # As httpx's Response (with the response body) after the body was read: cyclic garbage, still young
    # (in the middle generation when a young collection ran while the response was being read).
    gc.collect()
    cycle = _Cycle()
    if generation:
        gc.collect(0)  # moves the (still referenced) cycle to the middle generation
    assert _in_generation(cycle, generation)
    alive = weakref.ref(cycle)
    del cycle
    parse_items(Thing, PAGE)
    assert alive() is None


def test_objects_the_caller_froze_stay_frozen(collections: list[int]) -> None:
    kept: list[object] = [object()]  # GC-tracked
    gc.freeze()
    try:
        parsed = parse_items(Thing, PAGE)
        assert len(parsed.items) == 1000
        # gc.unfreeze() would have put the caller's frozen objects back into the oldest generation.
        assert not any(_in_generation(kept, generation) for generation in (0, 1, 2))
    finally:
        gc.unfreeze()


def test_without_generations_the_collector_is_only_paused(
    collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Free-threaded builds: gc.collect(1) would be a full collection and gc.freeze() a walk of the heap.
    monkeypatch.setattr(_gc, "_generational", False)
    parsed = parse_items(Thing, PAGE)
    assert collections in ([], [0])  # [0]: the first allocation after the parse, on the page itself
    assert not _in_generation(parsed.items[500], 2)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collections: list[int]) -> None:
    gc.disable()
    parse_items(Thing, PAGE)
    assert not gc.isenabled()


def test_the_collector_is_back_on_after_a_parse_error(collections: list[int]) -> None:
    with pytest.raises(ValueError, match="items"):
        parse_items(Thing, b'{"items": [{"space": 1}]}')
    assert gc.isenabled()
