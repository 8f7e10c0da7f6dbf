"""Typed parsing of list responses: what the parser is configured to do beyond validating."""

from __future__ import annotations

import json

from runtime_fakes import Thing, node_json

from pygen_runtime._parse import parse_items


def test_values_are_not_put_through_the_string_cache() -> None:
    # pydantic-core's default caches value strings too; instance values are mostly unique, so that cache
    # mostly misses (a list of 100k nodes parsed ~18% slower with it). Equal values are equal, not shared.
    body = json.dumps({"items": [node_json(f"t{i}", name="same name") for i in range(2)]}).encode()
    first, second = parse_items(Thing, body).items
    assert first.name == second.name == "same name"
    assert first.name is not second.name
    assert first.space == second.space == "s"
