"""Client-side validation of upsert: what JSON cannot carry is refused before any request, naming the item
and the field, with the project's ``ValidationError``."""

from __future__ import annotations

import math
from typing import Any

import pytest
from runtime_fakes import VIEW, FakeDMS, ThingProperties, ThingWrite
from test_write import apply_handler, call, things

import pygen_client
import pygen_runtime as rt
from pygen_runtime import JsonObject, NodeWrite


class BlobWrite(NodeWrite, ThingProperties, view=VIEW):
    blob: JsonObject | None = None


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


BAD_VALUES: list[tuple[dict[str, Any], str]] = [
    ({"name": "ok \ud800 no"}, r"items\[1500\]\.name: lone surrogate '\\ud800' at character 3"),
    ({"tags": ["fine", "\udfff"]}, r"items\[1500\]\.tags\[1\]: lone surrogate"),
    ({"ratio": math.nan}, r"items\[1500\]\.ratio: nan is not a JSON number"),
    ({"blob": {"a": [1, {"b": math.inf}]}}, r"items\[1500\]\.blob\.a\[1\]\.b: inf is not a JSON number"),
    ({"blob": {"k\ud83d": 1}}, r"items\[1500\]\.blob: key lone surrogate"),
]


@pytest.mark.parametrize(("values", "message"), BAD_VALUES)
async def test_unencodable_values_are_refused_before_any_request(
    mode: str, values: dict[str, Any], message: str
) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}))
    fields = {"space": "s", "external_id": "bad", **values}
    # The bad item is in the second chunk: no chunk may be sent before it is found.
    items = [BlobWrite(space="s", external_id=f"t{i}") for i in range(1500)] + [BlobWrite(**fields)]
    with pytest.raises(rt.ValidationError, match=message) as caught:
        await call(mode, fake, lambda c: c.upsert(items))
    assert "cannot be sent" in str(caught.value)
    assert fake.requests == []


async def test_finite_and_unicode_values_pass(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances", apply_handler({}))
    item = BlobWrite(space="s", external_id="a", name="Ärger 😀", ratio=1.5, blob={"ü": [1.0, None, "😀"]})
    result = await call(mode, fake, lambda c: c.upsert([item]))
    assert [r.external_id for r in result] == ["a"]
    assert fake.bodies("/models/instances")[0]["items"][0]["sources"][0]["properties"]["name"] == "Ärger 😀"


def test_validation_error_is_in_the_error_tree_and_a_value_error() -> None:
    assert issubclass(rt.ValidationError, pygen_client.PygenError)
    assert issubclass(rt.ValidationError, ValueError)


async def test_client_side_upsert_failures_raise_validation_error(mode: str) -> None:
    fake = FakeDMS()
    with pytest.raises(rt.ValidationError, match=r"items\[1\] and items\[0\]"):
        await call(mode, fake, lambda c: c.upsert(things(1) + things(1)))
    item = ThingWrite(space="s", external_id="a", tags=["ok"])
    assert item.tags is not None
    item.tags.append(5)  # type: ignore[arg-type]  # in-place: not seen by validate_assignment
    with pytest.raises(rt.ValidationError, match=r"items\[0\]\.tags\.1: Input should be a valid string"):
        await call(mode, fake, lambda c: c.upsert([item]))
    assert fake.requests == []
