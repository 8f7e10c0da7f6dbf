"""What both conformance runners (instance and connection cases) share: the scripted transport that answers
from a case's responses and records its requests, the client config, and the README's subset match."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx

from pygen_client import ClientConfig, Token

PREFIX = "/api/v1/projects/conformance"


class Responder:
    """Answers from the case's responses, in order, and records each request."""

    def __init__(self, case: dict[str, Any]) -> None:
        self.responses = list(case["responses"])
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.content
        if request.headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        self.requests.append(
            {
                "method": request.method,
                "path": request.url.path.removeprefix(PREFIX),
                "body": json.loads(raw) if raw else None,
            }
        )
        if len(self.requests) > len(self.responses):
            raise AssertionError(f"request {len(self.requests)} has no response in the case")
        spec = self.responses[len(self.requests) - 1]
        return httpx.Response(spec["status"], json=spec.get("body"))


def conformance_config() -> ClientConfig:
    return ClientConfig(
        base_url="http://127.0.0.1:1", project="conformance", credentials=Token("t"), max_retries=0
    )


def contains(actual: Any, expected: Any, where: str = "body") -> None:
    """The subset match of the README: objects by key, arrays element by element, the rest equal."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} is missing in {actual!r}"
            contains(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected an array, got {actual!r}"
        assert len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            contains(a, e, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
