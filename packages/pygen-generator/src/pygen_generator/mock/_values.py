"""One mock value per DMS property type, drawn from a seeded ``random.Random``.

Values are in the DMS wire form (what ``POST /models/instances`` takes and a read gives back), chosen so
that they survive a round trip unchanged: float32 values are multiples of 1/4 (exact in 32 bits),
timestamps have whole milliseconds and a UTC offset, texts are a few words plus a tag that is unique per
view and instance (so an equals filter finds exactly one, and a search finds the words).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = ["WORDS", "mock_value"]

# Short, distinct, lower-case words: what a search for one of them finds is predictable.
WORDS = (
    "alpha", "bravo", "cobalt", "delta", "ember", "falcon", "granite", "harbor",
    "indigo", "juniper", "krypton", "lumen", "meadow", "nickel", "orbit", "prism",
)  # fmt: skip
_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
_FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000
_FIRST_DATE = date(2000, 1, 1)


def _timestamp(rng: random.Random) -> str:
    value = _EPOCH + timedelta(milliseconds=rng.randrange(_FIVE_YEARS_MS))
    return value.isoformat(timespec="milliseconds")


def _scalar(rng: random.Random, kind: str, tag: str, enum_values: tuple[str, ...]) -> Any:
    if kind == "text":
        return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {tag}"
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "int32":
        return rng.randint(-1_000, 1_000_000)
    if kind == "int64":
        return rng.randint(-(2**40), 2**40)
    if kind == "float32":
        return rng.randint(-40_000, 40_000) / 4
    if kind == "float64":
        return rng.randint(-(10**9), 10**9) / 1024
    if kind == "timestamp":
        return _timestamp(rng)
    if kind == "date":
        return (_FIRST_DATE + timedelta(days=rng.randrange(9000))).isoformat()
    if kind == "json":
        return {"tag": tag, "word": rng.choice(WORDS), "values": [rng.randint(0, 99) for _ in range(2)]}
    if kind in ("timeseries", "file", "sequence"):
        return f"{kind}:{tag}"
    if kind == "enum":
        return rng.choice(enum_values)
    raise ValueError(f"no mock value for property type {kind!r}")


def mock_value(
    rng: random.Random,
    kind: str,
    *,
    tag: str,
    is_list: bool = False,
    list_size: tuple[int, int] = (1, 3),
    enum_values: tuple[str, ...] = (),
) -> Any:
    """A value of DMS type ``kind`` (not ``direct``: relations are picked by the caller); a list of
    ``list_size[0]``..``list_size[1]`` values when ``is_list``. ``tag`` makes texts unique."""
    if not is_list:
        return _scalar(rng, kind, tag, enum_values)
    size = rng.randint(*list_size)
    return [_scalar(rng, kind, f"{tag}.{n}", enum_values) for n in range(size)]
