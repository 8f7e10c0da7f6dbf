"""Value validation and normalisation against container property types."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from pygen_emulator._errors import DMSError
from pygen_emulator.instances._values import normalize, normalize_timestamp

OK: list[tuple[dict[str, Any], Any, Any]] = [
    ({"type": "text"}, "a", "a"),
    ({"type": "int32"}, 5.0, 5),
    ({"type": "int64"}, 2**40, 2**40),
    ({"type": "float32"}, 1, 1),
    ({"type": "boolean"}, False, False),
    ({"type": "date"}, "2024-02-29", "2024-02-29"),
    ({"type": "timestamp"}, "2021-01-01T00:00:00", "2021-01-01T00:00:00.000+00:00"),
    ({"type": "timestamp"}, "2021-01-01T01:30:00.1+0130", "2021-01-01T00:00:00.100+00:00"),
    ({"type": "timestamp"}, "2021-01-01T00:00:00.123456Z", "2021-01-01T00:00:00.123+00:00"),
    ({"type": "json"}, {"a": [1]}, {"a": [1]}),
    ({"type": "direct"}, {"space": "s", "externalId": "x"}, {"space": "s", "externalId": "x"}),
    ({"type": "enum", "values": {"a": {}}}, "a", "a"),
    ({"type": "text", "list": True}, ["a", "b"], ["a", "b"]),
    ({"type": "timeseries"}, "ts", "ts"),
]

BAD: list[tuple[dict[str, Any], Any]] = [
    ({"type": "text"}, 1),
    ({"type": "text"}, "a\x00b"),
    ({"type": "text", "maxTextSize": 3}, "abcd"),
    ({"type": "int32"}, 2**31),
    ({"type": "int32"}, 1.5),
    ({"type": "int64"}, True),
    ({"type": "float32"}, 1e39),
    ({"type": "float64"}, "1"),
    ({"type": "boolean"}, 1),
    ({"type": "date"}, "2023-02-29"),
    ({"type": "date"}, "20230101"),
    ({"type": "timestamp"}, "2021-13-01T00:00:00Z"),
    ({"type": "timestamp"}, "noon"),
    ({"type": "json"}, [1]),
    ({"type": "json"}, {"a": "x" * 41_000}),
    ({"type": "direct"}, {"space": "s"}),
    ({"type": "direct"}, {"space": "1bad", "externalId": "x"}),
    ({"type": "enum", "values": {"a": {}}}, "b"),
    ({"type": "enum", "values": {"a": {}, "u": {}}, "unknownValue": "u"}, "u"),
    ({"type": "text", "list": True}, "a"),
    ({"type": "text", "list": True}, ["a", None]),
    ({"type": "text", "list": True, "maxListSize": 2}, ["a", "b", "c"]),
    ({"type": "direct", "list": True}, [{"space": "s", "externalId": str(i)} for i in range(101)]),
    ({"type": "file"}, ""),
    ({"type": "mystery"}, 1),
]


@pytest.mark.parametrize(("type_def", "value", "expected"), OK)
def test_valid_values_are_normalised(type_def: dict[str, Any], value: Any, expected: Any) -> None:
    assert normalize(type_def, value, "p") == expected


@pytest.mark.parametrize(("type_def", "value"), BAD)
def test_invalid_values_are_400_naming_the_property(type_def: dict[str, Any], value: Any) -> None:
    with pytest.raises(DMSError) as err:
        normalize(type_def, value, "'myProp'")
    assert err.value.status == 400
    assert "'myProp'" in err.value.message


def test_null_passes_through() -> None:
    assert normalize({"type": "text"}, None, "p") is None


def test_timestamp_offsets() -> None:
    assert normalize_timestamp("2021-07-02T17:40:00-05:00", "p") == "2021-07-02T22:40:00.000+00:00"
    assert normalize_timestamp("0001-01-01T00:00:00Z", "p") == "0001-01-01T00:00:00.000+00:00"


def _nested_json(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_a_json_value_nested_too_deep_gets_an_accurate_message(movies: Any) -> None:
    from pygen_emulator.instances._values import MAX_JSON_DEPTH

    movies.apply([movies.movie("ok", meta=_nested_json(MAX_JSON_DEPTH))])
    message = movies.error("/instances", {"items": [movies.movie("deep", meta=_nested_json(300))]})
    assert f"nested at most {MAX_JSON_DEPTH} levels deep" in message
    assert "64 bits" not in message


@pytest.mark.parametrize("literal", ["18446744073709551616", "-9223372036854775809", "1" + "0" * 40])
def test_integers_beyond_64_bits_are_refused_not_turned_into_floats(movies: Any, literal: str) -> None:
    item = (
        orjson.dumps(movies.movie("big", meta={"n": 0})).decode().replace('{"n":0}', '{"n":' + literal + "}")
    )
    response = movies.client.post(
        "/instances", content=f'{{"items": [{item}]}}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "does not fit in 64 bits" in response.json()["error"]["message"]


def test_integers_within_64_bits_and_long_digit_strings_pass(movies: Any) -> None:
    item = (
        orjson.dumps(movies.movie("fine", meta={"n": 0}, title="12345678901234567890123"))
        .decode()
        .replace('{"n":0}', '{"n":18446744073709551615}')
    )
    response = movies.client.post(
        "/instances", content=f'{{"items": [{item}]}}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    stored = movies.post(
        "/instances/byids",
        {"items": [{"space": "movies", "externalId": "fine"}], "sources": [{"source": movies.MOVIE}]},
    )
    props = stored["items"][0]["properties"]["movies"]["Movie/v1"]
    assert props["meta"] == {"n": 18446744073709551615}
