"""What importing pygen-client loads: only what the caller uses (the import is part of every SDK's start-up).

Each check runs in a fresh interpreter, because this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import pygen_client


def _modules_after(code: str) -> dict[str, bool]:
    """Run ``code`` in a fresh interpreter; it prints a JSON object of checks."""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result: dict[str, bool] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_package_loads_no_client_and_no_httpx() -> None:
    loaded = _modules_after(
        "import json, sys, pygen_client\n"
        "print(json.dumps({name: name in sys.modules for name in "
        "('httpx', 'pydantic', 'pygen_client._client', 'pygen_client.schema')}))"
    )
    assert loaded == {
        "httpx": False,
        "pydantic": False,
        "pygen_client._client": False,
        "pygen_client.schema": False,
    }


def test_a_constructed_client_has_not_imported_the_schema_models() -> None:
    """The schema APIs (pydantic models of views, containers, ...) load when first used."""
    loaded = _modules_after(
        "import json, sys\n"
        "from pygen_client import AsyncPygenClient, ClientConfig, PygenClient, Token\n"
        "config = ClientConfig(base_url='http://localhost:1', project='p', credentials=Token('t'))\n"
        "client, aclient = PygenClient(config), AsyncPygenClient(config)\n"
        "before = 'pygen_client.schema' in sys.modules\n"
        "spaces = client.spaces\n"
        "print(json.dumps({'before': before, 'after': 'pygen_client.schema' in sys.modules,\n"
        "    'cached': client.spaces is spaces and aclient.views is aclient.views}))"
    )
    assert loaded == {"before": False, "after": True, "cached": True}


def test_star_import_from_a_fresh_interpreter_gives_every_exported_name() -> None:
    loaded = _modules_after(
        "import json\nfrom pygen_client import *\nimport pygen_client\n"
        "print(json.dumps({name: globals().get(name) is getattr(pygen_client, name) "
        "for name in pygen_client.__all__}))"
    )
    assert loaded == dict.fromkeys(pygen_client.__all__, True)


def test_unknown_names_raise_attribute_error_and_dir_lists_the_public_names() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        pygen_client.Nope  # noqa: B018
    assert set(pygen_client.__all__) <= set(dir(pygen_client))
