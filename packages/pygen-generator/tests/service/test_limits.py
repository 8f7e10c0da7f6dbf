"""The limits: body size (413), views and properties (422), generation time (422, the worker killed),
concurrent generations (429). Each answers before anything is generated past it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from pygen_generator.service._pool import PoolBusyError, WorkerPool

from .conftest import Serve


def test_body_larger_than_the_limit_is_413(serve: Serve, example: dict[str, Any]) -> None:
    body = json.dumps({"model": example}).encode()
    with serve(max_body_bytes=len(body) - 1) as client:
        response = client.post("/generate", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert "larger than this server's limit" in response.json()["detail"]
        assert response.headers["x-request-id"]


def test_streamed_body_without_length_is_counted(serve: Serve, example: dict[str, Any]) -> None:
    body = json.dumps({"model": example}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    with serve(max_body_bytes=len(body) - 1) as client:
        response = client.post("/generate", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413
    with serve(max_body_bytes=len(body)) as client:
        response = client.post("/generate", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 200


def test_too_many_views_is_422(serve: Serve, example: dict[str, Any]) -> None:
    views = len(example["views"])
    with serve(max_views=views - 1) as client:
        for path in ("/generate", "/validate"):
            response = client.post(path, json={"model": example})
            assert response.status_code == 422, path
            detail = response.json()["detail"][0]
            assert detail["loc"] == ["body", "model"]
            assert f"the model has {views} views" in detail["msg"]
    with serve(max_views=views) as client:
        assert client.post("/generate", json={"model": example}).status_code == 200


def test_too_many_properties_is_422(serve: Serve, example: dict[str, Any]) -> None:
    with serve(max_properties=5) as client:
        response = client.post("/generate", json={"model": example})
        assert response.status_code == 422
        assert "properties; this server generates at most 5" in response.json()["detail"][0]["msg"]


def test_generation_past_the_time_limit_is_killed(
    serve: Serve, silent_cdf: str, example: dict[str, Any]
) -> None:
    body = {"model_id": "sp:Model/1"}
    headers = {"x-cdf-token": "t", "x-cdf-project": "p"}
    with serve(cdf_url=silent_cdf, generation_timeout=1.0) as client:
        pool = client.app.state.pool  # type: ignore[attr-defined]
        before = pool.pids()
        started = time.perf_counter()
        response = client.post("/generate", json=body, headers=headers)
        assert response.status_code == 422
        assert time.perf_counter() - started < 10
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["body", "model_id"]
        assert "longer than this server's limit of 1 s" in detail["msg"]
        assert pool.pids() != before  # the busy worker was replaced
        assert client.get("/health").json() == {"status": "ok", "workers": 1}
        assert client.post("/generate", json={"model": example}).status_code == 200  # the pool recovered


def _wait_until_busy(client: TestClient, workers: int) -> None:
    pool = client.app.state.pool  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while pool.busy() < workers:
        assert time.monotonic() < deadline, "the slow request never reached a worker"
        time.sleep(0.01)


def test_concurrent_generations_past_the_pool_and_queue_are_429(
    serve: Serve, silent_cdf: str, example: dict[str, Any]
) -> None:
    headers = {"x-cdf-token": "t", "x-cdf-project": "p"}
    with serve(cdf_url=silent_cdf, generation_timeout=3.0, max_queue=0) as client:
        slow: list[httpx.Response] = []
        thread = threading.Thread(
            target=lambda: slow.append(client.post("/generate", json={"model_id": "sp:M/1"}, headers=headers))
        )
        thread.start()
        _wait_until_busy(client, 1)
        busy = client.post("/generate", json={"model": example})
        assert busy.status_code == 429
        assert busy.headers["retry-after"] == "1"
        assert "every worker is busy" in busy.json()["detail"]
        thread.join()
        assert slow[0].status_code == 422  # past the time limit
        assert client.post("/generate", json={"model": example}).status_code == 200


def test_a_queued_request_gets_the_worker_that_replaces_a_killed_one(
    serve: Serve, silent_cdf: str, example: dict[str, Any]
) -> None:
    headers = {"x-cdf-token": "t", "x-cdf-project": "p"}
    with serve(cdf_url=silent_cdf, generation_timeout=1.5, max_queue=4) as client:
        slow: list[httpx.Response] = []
        thread = threading.Thread(
            target=lambda: slow.append(client.post("/validate", json={"model_id": "sp:M/1"}, headers=headers))
        )
        thread.start()
        _wait_until_busy(client, 1)
        queued = client.post("/validate", json={"model": example})  # waits less than the limit
        assert queued.status_code == 200
        thread.join()
        assert slow[0].status_code == 422


async def test_waiting_for_a_worker_past_the_time_limit_is_busy() -> None:
    pool = WorkerPool(1, timeout=0.2, max_queue=1)
    await pool.start()
    try:
        held = await pool._acquire()
        with pytest.raises(PoolBusyError):
            await pool._acquire()  # waits 0.2 s
        pool.max_queue = 0
        with pytest.raises(PoolBusyError):
            await pool._acquire()  # the queue is full: no wait
        pool._idle.put_nowait(held)  # type: ignore[union-attr]
        assert pool.busy() == 0
    finally:
        await pool.stop()
