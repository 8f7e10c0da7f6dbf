"""Aggregates of integer properties are ints where integral (CDF and the emulator send 4.0); avg stays float."""

from __future__ import annotations

from typing import Any

import pytest
from runtime_fakes import FakeDMS, ThingFields
from test_view_api import call

from pygen_runtime import avg, count, max_, min_, sum_

T = ThingFields


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """Every metric as a JSON float, as CDF sends it: integral for ``size`` (Int32), x.5 for ``ratio``."""
    values = {"sum": 12.0, "min": 1.0, "max": 4.0, "avg": 3.0, "count": 4.0}
    aggregates = []
    for requested in body["aggregates"]:
        ((kind, spec),) = requested.items()
        bump = 0.5 if spec["property"] == "ratio" else 0.0
        aggregates.append({"aggregate": kind, "property": spec["property"], "value": values[kind] + bump})
    return {"items": [{"instanceType": "node", "group": {}, "aggregates": aggregates}]}


async def test_integer_metrics_are_ints_and_avg_and_float_properties_stay_float(mode: str) -> None:
    fake = FakeDMS()
    fake.on("/models/instances/aggregate", answer)
    result = await call(
        mode,
        fake,
        lambda api: api.aggregate([sum_(T.size), min_("size"), max_(T.size), avg(T.size), count(T.size)]),
    )
    typed = {kind: result.value(kind, "size") for kind in ("sum", "min", "max", "avg", "count")}
    assert typed == {"sum": 12, "min": 1, "max": 4, "avg": 3.0, "count": 4}
    assert [type(typed[k]) for k in ("sum", "min", "max", "avg", "count")] == [int, int, int, float, int]
    floats = await call(mode, fake, lambda api: api.aggregate([sum_(T.ratio), max_(T.ratio)]))
    assert floats.value("sum", "ratio") == 12.5
    assert floats.value("max", "ratio") == 4.5


async def test_a_float_property_with_an_integral_value_stays_float(mode: str) -> None:
    fake = FakeDMS()
    fake.on(
        "/models/instances/aggregate",
        lambda body: {
            "items": [{"group": {}, "aggregates": [{"aggregate": "max", "property": "ratio", "value": 2.0}]}]
        },
    )
    result = await call(mode, fake, lambda api: api.aggregate(max_(T.ratio)))
    value = result.value("max", T.ratio)
    assert value == 2.0
    assert isinstance(value, float)
