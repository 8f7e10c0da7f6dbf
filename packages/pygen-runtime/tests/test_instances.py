from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError
from runtime_fakes import Link, LinkWrite, Thing, ThingWrite, node_json

from pygen_runtime import Float32, Float64, InstanceId
from pygen_runtime._parse import parse_items

UTC = timezone.utc


def _parse(*items: dict[str, object], cursor: str | None = None) -> list[Thing]:
    body = json.dumps({"items": list(items), "nextCursor": cursor, "typing": {"x": 1}}).encode()
    return parse_items(Thing, body).items


def test_read_parses_nested_properties_into_snake_case_fields() -> None:
    (thing,) = _parse(
        node_json(
            "a",
            name="n",
            size=3,
            ratio=0.5,
            flag=True,
            seenAt="2024-01-02T03:04:05.678+01:00",
            day="2024-02-03",
            color="red",
            tags=["x"],
            parent={"space": "s", "externalId": "p"},
        )
    )
    assert thing.external_id == "a"
    assert thing.name == "n"
    assert thing.size == 3
    assert thing.flag is True
    assert thing.seen_at is not None
    assert thing.seen_at.utcoffset() is not None
    assert thing.seen_at.astimezone(UTC) == datetime(2024, 1, 2, 2, 4, 5, 678000, tzinfo=UTC)
    assert thing.day == date(2024, 2, 3)
    assert thing.parent == InstanceId("s", "p")
    assert thing.created_time == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert thing.id == InstanceId("s", "a")


def test_unknown_properties_are_ignored_and_unknown_enum_values_kept() -> None:
    (thing,) = _parse(node_json("a", color="purple", brandNew=1))
    assert thing.color == "purple"
    assert not hasattr(thing, "brandNew")


def test_missing_properties_are_none() -> None:
    (thing,) = _parse(node_json("a"))
    assert thing.name is None
    assert thing.tags is None


def test_edges_carry_type_and_endpoints() -> None:
    raw = {
        "instanceType": "edge",
        "space": "s",
        "externalId": "e",
        "version": 2,
        "createdTime": 1_700_000_000_000,
        "lastUpdatedTime": 1_700_000_000_000,
        "type": {"space": "s", "externalId": "t"},
        "startNode": {"space": "s", "externalId": "a"},
        "endNode": {"space": "s", "externalId": "b"},
        "properties": {"sp": {"Link/2": {"weight": 1.5}}},
    }
    (edge,) = parse_items(Link, json.dumps({"items": [raw]}).encode()).items
    assert (edge.type, edge.start_node, edge.end_node) == (
        InstanceId("s", "t"),
        InstanceId("s", "a"),
        InstanceId("s", "b"),
    )
    assert edge.weight == 1.5


def test_write_sends_only_what_was_set_and_null_for_explicit_none() -> None:
    write = ThingWrite(space="s", external_id="a", name="n", ratio=None)
    dumped = write.dump()
    assert dumped == {
        "instanceType": "node",
        "space": "s",
        "externalId": "a",
        "sources": [
            {
                "source": {"type": "view", "space": "sp", "externalId": "Thing", "version": "1"},
                "properties": {"name": "n", "ratio": None},
            }
        ],
    }
    write.size = 4
    assert write.dump()["sources"][0]["properties"] == {"name": "n", "ratio": None, "size": 4}


def test_write_serialises_values_to_the_wire_format() -> None:
    write = ThingWrite(
        space="s",
        external_id="a",
        seen_at=datetime(2024, 1, 2, 3, 4, 5, 678999, tzinfo=UTC),
        day=date(2024, 1, 2),
        parent=("s", "p"),
        existing_version=3,
        type=InstanceId("s", "kind"),
    )
    dumped = write.dump()
    props = dumped["sources"][0]["properties"]
    assert props == {
        "seenAt": "2024-01-02T03:04:05.678+00:00",
        "day": "2024-01-02",
        "parent": {"space": "s", "externalId": "p"},
    }
    assert dumped["existingVersion"] == 3
    assert dumped["type"] == {"space": "s", "externalId": "kind"}


def test_timestamps_keep_their_offset_unless_it_is_not_whole_minutes() -> None:
    plus_5_30 = timezone(timedelta(hours=5, minutes=30))
    lmt = timezone(timedelta(minutes=19, seconds=32))  # e.g. Europe/Amsterdam before 1937
    kept = ThingWrite(space="s", external_id="a", seen_at=datetime(2024, 1, 1, 12, tzinfo=plus_5_30))
    assert kept.dump()["sources"][0]["properties"]["seenAt"] == "2024-01-01T12:00:00.000+05:30"
    odd = ThingWrite(space="s", external_id="a", seen_at=datetime(1890, 1, 1, 12, tzinfo=lmt))
    # "+00:19:32" is not an ISO 8601 offset (DMS rejects it): the same instant is sent in UTC.
    assert odd.dump()["sources"][0]["properties"]["seenAt"] == "1890-01-01T11:40:28.000+00:00"


def test_edge_write_has_type_and_endpoints() -> None:
    edge = LinkWrite(
        space="s", external_id="e", type=("s", "t"), start_node=("s", "a"), end_node=("s", "b"), weight=2.0
    )
    dumped = edge.dump()
    assert dumped["instanceType"] == "edge"
    assert dumped["startNode"] == {"space": "s", "externalId": "a"}
    assert dumped["endNode"] == {"space": "s", "externalId": "b"}
    assert dumped["type"] == {"space": "s", "externalId": "t"}
    with pytest.raises(ValidationError, match=r"start_node|startNode"):
        LinkWrite(space="s", external_id="e", type=("s", "t"), end_node=("s", "b"))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"size": 2**31}, "size"),
        ({"size": "3"}, "size"),
        ({"color": "purple"}, "color"),
        ({"seen_at": datetime(2024, 1, 1)}, "seen_at"),
        ({"parent": "bare"}, "parent"),
        ({"nme": "typo"}, "nme"),
        ({"external_id": ""}, "external_id"),
        ({"external_id": "x" * 257}, "external_id"),
    ],
)
def test_write_validates_client_side_with_the_field_name(kwargs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {"space": "s", "external_id": "a"}
    with pytest.raises(ValidationError) as info:
        ThingWrite(**{**base, **kwargs})
    assert any(field in ".".join(map(str, e["loc"])) for e in info.value.errors()), info.value


def test_external_ids_of_up_to_256_characters_are_accepted() -> None:
    # DMS instance external ids are 1-256 characters (dms-api.md §0.2).
    write = ThingWrite(space="s", external_id="x" * 256)
    assert write.dump()["externalId"] == "x" * 256


@pytest.mark.parametrize("float_type", [Float32, Float64])
def test_float_types_take_numbers_but_reject_bools_and_strings(float_type: object) -> None:
    adapter: TypeAdapter[float] = TypeAdapter(float_type)
    assert adapter.validate_python(2) == 2.0
    assert adapter.validate_python(0.5) == 0.5
    for bad in (True, "1.5", float("nan")):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


def test_assignment_is_validated_too() -> None:
    write = ThingWrite(space="s", external_id="a")
    with pytest.raises(ValidationError, match="size"):
        write.size = 2**40


def test_as_write_round_trips_and_drops_values_the_write_class_rejects() -> None:
    (thing,) = _parse(
        node_json("a", name="n", color="purple", size=2, parent={"space": "s", "externalId": "p"})
    )
    write = thing.as_write()
    assert write.dump()["sources"][0]["properties"] == {
        "name": "n",
        "size": 2,
        "parent": {"space": "s", "externalId": "p"},
    }
