"""Fixtures of the instance tests: a raw JSON client and a small movie model deployed on the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from pygen_emulator import EmulatorHandle

SPACE = "movies"
MOVIE = {"type": "view", "space": SPACE, "externalId": "Movie", "version": "v1"}
PERSON = {"type": "view", "space": SPACE, "externalId": "Person", "version": "v1"}
ACTOR = {"type": "view", "space": SPACE, "externalId": "Actor", "version": "v1"}
ROLE = {"type": "view", "space": SPACE, "externalId": "Role", "version": "v1"}
MOVIE_C = {"type": "container", "space": SPACE, "externalId": "MovieC"}
PERSON_C = {"type": "container", "space": SPACE, "externalId": "PersonC"}
ACTOR_C = {"type": "container", "space": SPACE, "externalId": "ActorC"}
ROLE_C = {"type": "container", "space": SPACE, "externalId": "RoleC"}
ACTS_IN = {"space": SPACE, "externalId": "acts-in"}


class Api:
    """POSTs JSON to ``/models/...`` of the emulator and checks the status."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def raw(self, path: str, body: Any) -> httpx.Response:
        return self.client.post(path, json=body)

    def post(self, path: str, body: Any) -> Any:
        response = self.raw(path, body)
        assert response.status_code == 200, response.text
        return response.json()

    def error(self, path: str, body: Any, status: int = 400) -> str:
        response = self.raw(path, body)
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert error["code"] == status
        assert "x-request-id" in response.headers
        message: str = error["message"]
        return message

    # shortcuts
    def apply(self, items: list[dict[str, Any]], **flags: Any) -> Any:
        return self.post("/instances", {"items": items, **flags})

    def list(self, **body: Any) -> Any:
        return self.post("/instances/list", body)

    def ids(self, **body: Any) -> list[str]:
        return [item["externalId"] for item in self.list(**body)["items"]]


@pytest.fixture
def api(emulator: EmulatorHandle) -> Iterator[Api]:
    base = f"{emulator.base_url}/api/v1/projects/{emulator.project}/models"
    with httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {emulator.token}"}, timeout=30
    ) as client:
        yield Api(client)


def _mapped(container: dict[str, Any], prop: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"container": container, "containerPropertyIdentifier": prop}
    if source is not None:
        out["source"] = source
    return out


MODEL: dict[str, Any] = {
    "containers": [
        {
            "space": SPACE,
            "externalId": "MovieC",
            "properties": {
                "title": {"type": {"type": "text"}, "nullable": False},
                "releaseYear": {"type": {"type": "int32"}},
                "rating": {"type": {"type": "float64"}},
                "tags": {"type": {"type": "text", "list": True}},
                "director": {"type": {"type": "direct"}},
                "cast": {"type": {"type": "direct", "list": True}},
                "released": {"type": {"type": "date"}},
                "lastShown": {"type": {"type": "timestamp"}},
                "meta": {"type": {"type": "json"}},
                "isHit": {"type": {"type": "boolean"}},
                "genre": {"type": {"type": "enum", "values": {"drama": {}, "action": {}, "scifi": {}}}},
                "code": {"type": {"type": "text"}, "immutable": True},
                "views": {"type": {"type": "int64"}, "defaultValue": 0},
            },
        },
        {
            "space": SPACE,
            "externalId": "PersonC",
            "properties": {
                "name": {"type": {"type": "text"}, "nullable": False},
                "birthYear": {"type": {"type": "int32"}},
            },
        },
        {
            "space": SPACE,
            "externalId": "ActorC",
            "properties": {"wonOscar": {"type": {"type": "boolean"}}},
        },
        {
            "space": SPACE,
            "externalId": "RoleC",
            "usedFor": "edge",
            "properties": {"character": {"type": {"type": "text"}}},
        },
    ],
    "views": [
        {
            "space": SPACE,
            "externalId": "Person",
            "version": "v1",
            "properties": {"name": _mapped(PERSON_C, "name"), "birthYear": _mapped(PERSON_C, "birthYear")},
        },
        {
            "space": SPACE,
            "externalId": "Movie",
            "version": "v1",
            "properties": {
                **{
                    name: _mapped(MOVIE_C, name)
                    for name in (
                        "title",
                        "releaseYear",
                        "rating",
                        "tags",
                        "released",
                        "lastShown",
                        "meta",
                        "isHit",
                        "genre",
                        "code",
                        "views",
                    )
                },
                "director": _mapped(MOVIE_C, "director", PERSON),
                "cast": _mapped(MOVIE_C, "cast", PERSON),
                "actors": {
                    "connectionType": "multi_edge_connection",
                    "type": ACTS_IN,
                    "source": PERSON,
                    "direction": "inwards",
                },
            },
        },
        {
            "space": SPACE,
            "externalId": "Actor",
            "version": "v1",
            "implements": [PERSON],
            "properties": {"won": _mapped(ACTOR_C, "wonOscar")},
        },
        {
            "space": SPACE,
            "externalId": "Role",
            "version": "v1",
            "properties": {"character": _mapped(ROLE_C, "character")},
        },
    ],
}


def _attach() -> None:
    """Helpers and constants reachable from tests as attributes of the ``api`` fixture."""
    for name, value in {
        "SPACE": SPACE,
        "MOVIE": MOVIE,
        "PERSON": PERSON,
        "ACTOR": ACTOR,
        "ROLE": ROLE,
        "MOVIE_C": MOVIE_C,
        "PERSON_C": PERSON_C,
        "ACTS_IN": ACTS_IN,
        "MODEL": MODEL,
    }.items():
        setattr(Api, name, value)
    Api.movie = staticmethod(movie)  # type: ignore[attr-defined]
    Api.person = staticmethod(person)  # type: ignore[attr-defined]
    Api.edge = staticmethod(edge)  # type: ignore[attr-defined]


@pytest.fixture
def movies(api: Api) -> Api:
    """The movie model deployed (no instances)."""
    api.post("/spaces", {"items": [{"space": SPACE}, {"space": "other"}]})
    api.post("/containers", {"items": MODEL["containers"]})
    api.post("/views", {"items": MODEL["views"]})
    return api


def movie(xid: str, space: str = SPACE, **props: Any) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": space,
        "externalId": xid,
        "sources": [{"source": MOVIE, "properties": {"title": xid.title(), **props}}],
    }


def person(xid: str, name: str, birth_year: int | None = None, *, won: bool | None = None) -> dict[str, Any]:
    sources: list[dict[str, Any]] = [
        {"source": PERSON, "properties": {"name": name, "birthYear": birth_year}}
    ]
    if won is not None:
        sources.append({"source": ACTOR, "properties": {"won": won}})
    return {"instanceType": "node", "space": SPACE, "externalId": xid, "sources": sources}


def edge(xid: str, start: str, end: str, character: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "instanceType": "edge",
        "space": SPACE,
        "externalId": xid,
        "type": ACTS_IN,
        "startNode": {"space": SPACE, "externalId": start},
        "endNode": {"space": SPACE, "externalId": end},
    }
    if character is not None:
        out["sources"] = [{"source": ROLE, "properties": {"character": character}}]
    return out


@pytest.fixture
def cinema(movies: Api) -> Api:
    """The movie model with three people, four movies and acts-in edges."""
    movies.apply(
        [
            person("arnold", "Arnold Schwarzenegger", 1947, won=False),
            person("sigourney", "Sigourney Weaver", 1949, won=False),
            person("cameron", "James Cameron", 1954),
            movie(
                "terminator",
                releaseYear=1984,
                rating=8.1,
                tags=["scifi", "action"],
                genre="scifi",
                director={"space": SPACE, "externalId": "cameron"},
                cast=[{"space": SPACE, "externalId": "arnold"}],
                released="1984-10-26",
                lastShown="2020-03-14T15:09:26.535+00:00",
                isHit=True,
                meta={"budget": 6.4},
            ),
            movie(
                "aliens",
                releaseYear=1986,
                rating=8.4,
                tags=["scifi", "horror"],
                genre="scifi",
                director={"space": SPACE, "externalId": "cameron"},
                cast=[{"space": SPACE, "externalId": "sigourney"}],
                isHit=True,
            ),
            movie(
                "titanic",
                releaseYear=1997,
                rating=7.9,
                tags=["drama"],
                genre="drama",
                director={"space": SPACE, "externalId": "cameron"},
                isHit=True,
            ),
            movie("jingle", releaseYear=1996, tags=["comedy"], isHit=False),
            edge("arnold-terminator", "arnold", "terminator", "T-800"),
            edge("sigourney-aliens", "sigourney", "aliens", "Ripley"),
            edge("arnold-jingle", "arnold", "jingle"),
        ]
    )
    return movies


_attach()
