from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from runtime_fakes import LinkFields, Thing, ThingFields, node_json

from pygen_runtime import (
    And,
    Equals,
    HasData,
    InstanceId,
    InstanceReferences,
    MatchAll,
    Nested,
    Not,
    Or,
    Overlaps,
    RawFilter,
    and_,
    not_,
    or_,
    raw_filter,
)

T = ThingFields
REF = ["sp", "Thing/1"]
UTC = timezone.utc


def test_text_builders() -> None:
    assert T.name.equals("a").dump() == {"equals": {"property": [*REF, "name"], "value": "a"}}
    assert T.name.in_(["a", "b"]).dump() == {"in": {"property": [*REF, "name"], "values": ["a", "b"]}}
    assert T.name.prefix("x").dump() == {"prefix": {"property": [*REF, "name"], "value": "x"}}
    assert T.name.exists().dump() == {"exists": {"property": [*REF, "name"]}}


def test_number_date_timestamp_builders_convert_values() -> None:
    assert T.size.range(gte=1, lt=5).dump() == {"range": {"property": [*REF, "size"], "gte": 1, "lt": 5}}
    assert T.ratio.equals(0.5).dump()["equals"]["value"] == 0.5
    assert T.day.range(gt=date(2024, 1, 2)).dump() == {
        "range": {"property": [*REF, "day"], "gt": "2024-01-02"}
    }
    ts = datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=UTC)
    assert T.seen_at.equals(ts).dump()["equals"]["value"] == "2024-01-02T03:04:05.678+00:00"
    assert T.day.in_([date(2024, 1, 1)]).dump()["in"]["values"] == ["2024-01-01"]


def test_naive_timestamp_is_rejected_with_advice() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        T.seen_at.equals(datetime(2024, 1, 1))


def test_boolean_enum_direct_relation_and_lists() -> None:
    assert T.flag.equals(True).dump()["equals"]["value"] is True
    assert T.color.in_(["red", "green"]).dump()["in"]["values"] == ["red", "green"]
    parent = {"space": "s", "externalId": "p"}
    assert T.parent.equals(("s", "p")).dump()["equals"]["value"] == parent
    assert T.parent.in_([InstanceId("s", "p")]).dump()["in"]["values"] == [parent]
    instance = Thing.model_validate(node_json("p"))
    assert T.parent.equals(instance).dump()["equals"]["value"] == parent
    assert T.tags.contains_any(["a"]).dump() == {"containsAny": {"property": [*REF, "tags"], "values": ["a"]}}
    assert T.tags.contains_all(["a", "b"]).dump()["containsAll"]["values"] == ["a", "b"]


def test_node_and_edge_fields() -> None:
    assert T.space.equals("s").dump() == {"equals": {"property": ["node", "space"], "value": "s"}}
    assert T.external_id.prefix("x").dump()["prefix"]["property"] == ["node", "externalId"]
    assert T.version.range(gte=2).dump()["range"] == {"property": ["node", "version"], "gte": 2}
    created = datetime(2024, 1, 1, tzinfo=UTC)
    assert T.created_time.range(gte=created).dump()["range"]["gte"] == 1704067200000
    assert T.last_updated_time.exists().dump() == {"exists": {"property": ["node", "lastUpdatedTime"]}}
    assert T.type.equals(("s", "t")).dump()["equals"]["value"] == {"space": "s", "externalId": "t"}
    assert LinkFields.start_node.equals(("s", "a")).dump()["equals"]["property"] == ["edge", "startNode"]
    assert LinkFields.end_node.in_([("s", "b")]).dump()["in"]["property"] == ["edge", "endNode"]
    assert LinkFields.weight.exists().dump()["exists"]["property"] == ["sp", "Link/2", "weight"]


def test_and_or_not_operators_and_functions_agree() -> None:
    a, b, c = T.name.equals("a"), T.size.equals(1), T.flag.equals(True)
    assert (a & b & c).dump() == and_(a, b, c).dump() == {"and": [a.dump(), b.dump(), c.dump()]}
    assert (a | b | c).dump() == or_(a, b, c).dump() == {"or": [a.dump(), b.dump(), c.dump()]}
    assert (~a).dump() == not_(a).dump() == {"not": a.dump()}
    assert not_(not_(a)) == a
    assert ((a | b) & ~c).dump() == {"and": [{"or": [a.dump(), b.dump()]}, {"not": c.dump()}]}
    assert isinstance(a & b, And)
    assert isinstance(a | b, Or)
    assert isinstance(~a, Not)


def test_raw_filter_and_the_rest_of_the_language() -> None:
    raw = {"equals": {"property": ["node", "space"], "value": "x"}}
    assert and_(raw_filter(raw), T.name.exists()).dump() == {
        "and": [raw, {"exists": {"property": [*REF, "name"]}}]
    }
    assert (T.name.exists() | raw_filter(raw)).dump() == {
        "or": [{"exists": {"property": [*REF, "name"]}}, raw]
    }
    assert RawFilter(raw).dump() == raw
    with pytest.raises(TypeError, match=r"raw_filter\("):
        and_(raw, T.name.exists())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DMS filter dict"):
        raw_filter([raw])  # type: ignore[arg-type]
    assert MatchAll().dump() == {"matchAll": {}}
    assert HasData(({"type": "view", "space": "sp", "externalId": "Thing", "version": "1"},)).dump()[
        "hasData"
    ]
    assert InstanceReferences((("s", "a"),)).dump() == {
        "instanceReferences": [{"space": "s", "externalId": "a"}]
    }
    nested = Nested(("sp", "Thing/1", "parent"), Equals(("node", "externalId"), "p")).dump()
    assert nested["nested"]["scope"] == ["sp", "Thing/1", "parent"]
    assert Overlaps(("a",), ("b",), gt=1).dump() == {
        "overlaps": {"startProperty": ["a"], "endProperty": ["b"], "gt": 1}
    }


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: T.size.range(), "at least one"),
        (lambda: T.size.range(gt=1, gte=2), "gt or gte"),
        (lambda: T.name.in_([]), "at least one value"),
        (lambda: T.tags.contains_any([]), "at least one value"),
        (lambda: T.parent.equals("bare"), "bare external id"),
        (lambda: and_(), "at least one filter"),
    ],
)
def test_bad_filter_input_is_explained(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


@pytest.mark.parametrize(
    "make",
    [
        lambda: T.color.in_("red"),
        lambda: T.name.in_("ab"),
        lambda: T.tags.contains_any("ab"),
        lambda: T.tags.contains_all("ab"),
    ],
)
def test_a_bare_string_is_not_taken_as_a_list_of_characters(make: object) -> None:
    with pytest.raises(TypeError, match=r"takes a list of values, got the string .*wrap it in \[\.\.\.\]"):
        make()  # type: ignore[operator]


def test_sort_specs() -> None:
    assert T.size.desc().dump() == {
        "property": [*REF, "size"],
        "direction": "descending",
        "nullsFirst": False,
    }
    assert T.name.asc(nulls_first=True).dump(with_nulls=False) == {
        "property": [*REF, "name"],
        "direction": "ascending",
    }
