"""Bounded reprs: formatting a large result (asyncio.run does, on its main task's result) costs nothing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from runtime_fakes import Thing, ThingWrite, node_json

from pygen_runtime import DeleteResult, InstanceId, InstanceList, InstanceResult, UpsertResult


def thing(xid: str, **props: object) -> Thing:
    return Thing.model_validate(node_json(xid, **props))


def test_repr_of_a_100k_list_is_short_cheap_and_pandas_like(monkeypatch: pytest.MonkeyPatch) -> None:
    items = InstanceList(thing(f"t{i}", name=f"n{i}") for i in range(100_000))
    # Cheap whatever the size: only the items shown are formatted (counted, not timed: CI machines are noisy).
    formatted: list[str] = []
    item_repr = Thing.__repr__

    def counting_repr(self: Thing) -> str:
        formatted.append(self.external_id)
        return item_repr(self)

    monkeypatch.setattr(Thing, "__repr__", counting_repr)
    text = repr(items)
    assert 0 < len(formatted) <= 5
    assert len(text) < 3000
    assert text.startswith("ThingList(100000 items: [Thing(space='s', external_id='t0'")
    assert "external_id='t2'" in text
    assert ", ..., " in text
    assert "external_id='t99999'" in text
    assert "external_id='t3'" not in text
    assert "external_id='t99997'" not in text


def test_short_and_empty_lists_show_everything() -> None:
    assert repr(InstanceList()) == "InstanceList(0 items)"
    text = repr(InstanceList([thing("a"), thing("b")]))
    assert text.startswith("ThingList(2 items: [Thing(")
    assert "..." not in text


def test_instance_repr_cuts_long_values() -> None:
    read = thing("a", name="x" * 10_000, tags=[str(i) for i in range(10_000)])
    text = repr(read)
    assert len(text) < 800
    assert text.startswith("Thing(space='s', external_id='a', version=1")
    assert "tags=['0', '1', '2', '3', '4', ...]" in text
    write = ThingWrite(space="s", external_id="w", name="y" * 10_000)
    assert len(repr(write)) < 500
    assert repr(write).startswith("ThingWrite(space='s', external_id='w'")


def test_write_results_have_bounded_reprs() -> None:
    now = datetime.now(timezone.utc)
    result = UpsertResult(
        tuple(InstanceResult("node", "s", f"x{i}", 1, "created", now, now) for i in range(100_000)),
        (InstanceId("s", "gone"),),
    )
    assert repr(result) == "UpsertResult(100000 items: 100000 created, 0 updated, 0 unchanged; 1 skipped)"
    deleted = repr(DeleteResult(tuple(InstanceId("s", f"x{i}") for i in range(100_000))))
    assert deleted.startswith("DeleteResult(100000 deleted: [")
    assert len(deleted) < 500
