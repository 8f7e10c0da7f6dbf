"""The instance package's surface used by the app (pinned: the app and the schema side depend on it)."""

from __future__ import annotations

from typing import Any

import pygen_emulator.instances as instances


def test_exported_members() -> None:
    assert instances.__all__ == [
        "INSTANCE_ENDPOINTS",
        "drop_container_data",
        "init_storage",
        "space_has_instances",
    ]
    assert sorted(instances.__all__) == instances.__all__


def test_routes_cover_every_instance_endpoint() -> None:
    paths = sorted(endpoint.path for endpoint in instances.INSTANCE_ENDPOINTS)
    assert paths == [
        "/",
        "/aggregate",
        "/byids",
        "/delete",
        "/inspect",
        "/list",
        "/query",
        "/search",
        "/sync",
    ]


def test_space_with_instances_cannot_be_deleted(movies: Any) -> None:
    movies.apply([movies.movie("a")])
    movies.error("/spaces/delete", {"items": [{"space": "movies"}]})
    movies.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "a"}]}
    )
    movies.post(
        "/instances/delete", {"items": [{"instanceType": "node", "space": "movies", "externalId": "a"}]}
    )
    assert movies.post("/spaces/byids", {"items": [{"space": "movies"}]})["items"]
