"""Our own pygen-client against the instance endpoints: its error classes see CDF-shaped errors."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_client import BadRequestError, ConflictError, PygenClient


def test_pygen_client_errors(emulator: Any, movies: Any) -> None:
    node = movies.movie("a")
    with PygenClient(emulator.config) as client:
        client.post("/models/instances", json={"items": [node]})
        with pytest.raises(ConflictError) as conflict:
            client.post("/models/instances", json={"items": [{**node, "existingVersion": 0}]})
        assert conflict.value.status == 409
        with pytest.raises(BadRequestError) as bad:
            client.post("/models/instances", json={"items": [node, node]})
        assert bad.value.duplicated == [{"space": "movies", "externalId": "a"}]
        with pytest.raises(BadRequestError) as missing:
            client.post("/models/instances", json={"items": [movies.edge("e", "x", "y")]})
        assert {"space": "movies", "externalId": "x"} in missing.value.missing
        listed = client.post("/models/instances/list", json={"sources": [{"source": movies.MOVIE}]}).json()
        assert [item["externalId"] for item in listed["items"]] == ["a"]
