"""Unit tests of the example SDK (no emulator): lazy imports, exports, version check, wire format."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

import example_sdk
from example_sdk import AsyncExampleClient, EquipmentFields, EquipmentWrite, ExampleClient, PumpFields
from pygen_client import AsyncPygenClient, ClientConfig, PygenClient, Token

CONFIG = ClientConfig(base_url="http://127.0.0.1:9", project="p", credentials=Token("t"), max_retries=0)


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_importing_the_sdk_loads_no_view_module_and_no_pandas() -> None:
    out = _run(
        "import sys, example_sdk; "
        "print(sorted(m for m in sys.modules if m.startswith('example_sdk')), 'pandas' in sys.modules)"
    )
    assert out == "['example_sdk', 'example_sdk._client'] False"
    out = _run(
        "import sys, example_sdk; example_sdk.Operator; print(sorted(m for m in sys.modules if m.startswith('example_sdk.')))"
    )
    assert out == "['example_sdk._client', 'example_sdk.operator']"


def test_exports_are_the_clients_and_the_lazy_map() -> None:
    assert example_sdk.__all__ == ["AsyncExampleClient", "ExampleClient", *example_sdk._LAZY]
    for name in example_sdk.__all__:
        assert getattr(example_sdk, name) is not None
    assert dir(example_sdk) == sorted(example_sdk.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = example_sdk.Nope


def test_sdk_checks_the_runtime_version_at_import() -> None:
    code = (
        "import pygen_runtime._version as v; v.RUNTIME_API_VERSION = '2.0'\n"
        "try:\n    import example_sdk\nexcept ImportError as e:\n    print(type(e).__name__, e)"
    )
    out = _run(code)
    assert out.startswith("RuntimeVersionError example_sdk (pygen_example:ExampleModel/1) was generated for")


def test_fields_of_an_implementing_view_refer_to_that_view() -> None:
    assert EquipmentFields.name.ref == ("pygen_example", "Equipment/1", "name")
    assert PumpFields.name.ref == ("pygen_example", "Pump/1", "name")
    assert PumpFields.flow_rate.ref == ("pygen_example", "Pump/1", "flowRate")


class Recorder:
    def __init__(self) -> None:
        self.bodies: list[tuple[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.content
        if request.headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        body = json.loads(raw)
        self.bodies.append((request.url.path, body))
        if request.url.path.endswith("/models/instances"):
            items = [
                {
                    "instanceType": i["instanceType"],
                    "space": i["space"],
                    "externalId": i["externalId"],
                    "version": 1,
                    "wasModified": True,
                    "createdTime": 1,
                    "lastUpdatedTime": 1,
                }
                for i in body["items"]
            ]
            return httpx.Response(200, json={"items": items})
        return httpx.Response(200, json={"items": []})


def _equipment() -> EquipmentWrite:
    return EquipmentWrite(
        space="s",
        external_id="e",
        serial_number="SN",
        weight_kg=2.5,
        installed_at=datetime(2024, 1, 1, tzinfo=timezone.utc),
        facility=("s", "f"),
        description=None,
    )


EXPECTED_ITEM = {
    "instanceType": "node",
    "space": "s",
    "externalId": "e",
    "sources": [
        {
            "source": {"type": "view", "space": "pygen_example", "externalId": "Equipment", "version": "1"},
            "properties": {
                "description": None,
                "serialNumber": "SN",
                "weightKg": 2.5,
                "installedAt": "2024-01-01T00:00:00.000+00:00",
                "facility": {"space": "s", "externalId": "f"},
            },
        }
    ],
}


def test_sync_client_sends_the_dms_write_format() -> None:
    rec = Recorder()
    with ExampleClient(
        PygenClient(CONFIG, http_client=httpx.Client(transport=httpx.MockTransport(rec)))
    ) as client:
        result = client.upsert([_equipment()])
        assert result.items[0].status == "created"
        client.equipment.list(EquipmentFields.weight_kg.range(gt=1.0), limit=3)
    (path, body), (_, listed) = rec.bodies
    assert path.endswith("/models/instances")
    assert body["items"] == [EXPECTED_ITEM]
    assert listed["filter"] == {
        "range": {"property": ["pygen_example", "Equipment/1", "weightKg"], "gt": 1.0}
    }
    assert listed["limit"] == 3


async def test_async_client_sends_the_same_requests() -> None:
    rec = Recorder()
    transport = httpx.MockTransport(rec)
    async with AsyncExampleClient(
        AsyncPygenClient(CONFIG, http_client=httpx.AsyncClient(transport=transport))
    ) as client:
        await client.upsert([_equipment()])
        await client.pump.list(PumpFields.flow_rate.exists(), limit=3)
    (_, body), (_, listed) = rec.bodies
    assert body["items"] == [EXPECTED_ITEM]
    assert listed["sources"] == [
        {"source": {"type": "view", "space": "pygen_example", "externalId": "Pump", "version": "1"}}
    ]


def test_clients_own_the_transport_they_create() -> None:
    client = ExampleClient(CONFIG)
    assert client.pygen_client.config is CONFIG
    client.close()
    assert client.equipment is client.equipment  # one API object per client
