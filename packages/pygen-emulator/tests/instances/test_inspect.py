"""POST /models/instances/inspect and /models/containers/inspect (dms-openapi.json), and the view
option the official JS SDK sends in the body."""

from __future__ import annotations

from typing import Any

SPACE = "movies"
BOTH = {"involvedViews": {}, "involvedContainers": {}}


def _view(xid: str) -> dict[str, str]:
    return {"type": "view", "space": SPACE, "externalId": xid, "version": "v1"}


def _container(xid: str) -> dict[str, str]:
    return {"type": "container", "space": SPACE, "externalId": xid}


def test_instances_inspect_lists_containers_and_views(cinema: Any) -> None:
    items = [
        {"instanceType": "node", "space": SPACE, "externalId": "arnold"},
        {"instanceType": "node", "space": SPACE, "externalId": "cameron"},
        {"instanceType": "node", "space": SPACE, "externalId": "terminator"},
        {"instanceType": "node", "space": SPACE, "externalId": "no-such-node"},
        {"instanceType": "edge", "space": SPACE, "externalId": "terminator"},  # not an edge: left out
    ]
    result = cinema.post("/instances/inspect", {"inspectionOperations": BOTH, "items": items})["items"]
    by_id = {item["externalId"]: item["inspectionResults"] for item in result}
    assert [item["externalId"] for item in result] == ["arnold", "cameron", "terminator"]
    assert by_id["arnold"] == {
        "involvedViews": [_view("Actor"), _view("Person")],
        "involvedContainers": [_container("ActorC"), _container("PersonC")],
    }
    assert by_id["cameron"]["involvedViews"] == [_view("Person")]
    assert by_id["terminator"] == {
        "involvedViews": [_view("Movie")],
        "involvedContainers": [_container("MovieC")],
    }


def test_instances_inspect_answers_only_the_operations_asked(cinema: Any) -> None:
    body = {
        "inspectionOperations": {"involvedContainers": {}},
        "items": [{"instanceType": "node", "space": SPACE, "externalId": "terminator"}],
    }
    assert cinema.post("/instances/inspect", body)["items"][0]["inspectionResults"] == {
        "involvedContainers": [_container("MovieC")]
    }
    assert "inspectionOperations" in cinema.error("/instances/inspect", {"items": body["items"]})
    assert "Unexpected field" in cinema.error(
        "/instances/inspect", {**body, "inspectionOperations": {"somethingElse": {}}}
    )


def test_containers_inspect_counts_and_lists_the_views_mapping_them(cinema: Any) -> None:
    body = {
        "inspectionOperations": {"involvedViews": {"allVersions": True}, "totalInvolvedViewCount": {}},
        "items": [
            {"space": SPACE, "externalId": "PersonC"},
            {"space": SPACE, "externalId": "MovieC"},
            {"space": SPACE, "externalId": "NoSuchC"},
        ],
    }
    result = cinema.post("/containers/inspect", body)["items"]
    assert result == [
        {
            "space": SPACE,
            "externalId": "PersonC",
            "inspectionResults": {"involvedViewCount": 2, "involvedViews": [_view("Actor"), _view("Person")]},
        },
        {
            "space": SPACE,
            "externalId": "MovieC",
            "inspectionResults": {"involvedViewCount": 1, "involvedViews": [_view("Movie")]},
        },
    ]
    cinema.error("/containers/inspect", {**body, "items": body["items"] * 4})  # at most 10 items


def test_views_byids_takes_include_inherited_properties_from_the_body(cinema: Any) -> None:
    actor = {"space": SPACE, "externalId": "Actor", "version": "v1"}
    own = cinema.post("/views/byids", {"items": [actor], "includeInheritedProperties": False})["items"][0]
    assert set(own["properties"]) == {"won"}
    full = cinema.post("/views/byids", {"items": [actor], "includeInheritedProperties": True})["items"][0]
    assert {"name", "won"} <= set(full["properties"])
    query = cinema.client.post(
        "/views/byids", params={"includeInheritedProperties": "false"}, json={"items": [actor]}
    )
    assert set(query.json()["items"][0]["properties"]) == {"won"}
    assert "includeInheritedProperties" in cinema.error(
        "/views/byids", {"items": [actor], "includeInheritedProperties": "no"}
    )
