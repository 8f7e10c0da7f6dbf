"""pytest plugin of pygen-emulator (registered through the ``pytest11`` entry point).

Fixtures:

* ``emulator`` (function scope): an :class:`~pygen_emulator.EmulatorHandle` for an emulator reset to its
  start-up state (empty, or only the preloaded models) —
  ``.base_url``, ``.project``, ``.config`` (a ready ``pygen_client.ClientConfig``),
  ``.load_model(path_or_dict)``, ``.reset()``, ``.set_faults(rate, seed)``.
* ``pygen_emulator_server`` (session scope): the one server behind it, started on a free port of
  127.0.0.1 on first use and stopped at the end of the session.
* ``pygen_emulator_settings`` (session scope): the :class:`~pygen_emulator.Settings` it starts with;
  override it in a ``conftest.py`` to serve another project, require a token, inject faults, ...

Setting (``pytest.ini`` / ``[tool.pytest.ini_options]``): ``pygen_emulator_core_model = false`` starts
the emulator without the built-in Cognite Core Data Model.

Importing this module is cheap: the server is only imported when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pygen_emulator._server import EmulatorHandle, EmulatorServer
    from pygen_emulator._settings import Settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "pygen_emulator_core_model",
        type="bool",
        default=True,
        help="pygen-emulator: serve the Cognite Core Data Model (cdf_cdm, cdf_cdm_3d) built in (default true)",
    )


@pytest.fixture(scope="session")
def pygen_emulator_settings(pytestconfig: pytest.Config) -> Settings:
    """Start-up settings of the session's emulator (override to customise)."""
    from pygen_emulator._settings import Settings

    return Settings(core_model=bool(pytestconfig.getini("pygen_emulator_core_model")))


@pytest.fixture(scope="session")
def pygen_emulator_server(pygen_emulator_settings: Settings) -> Iterator[EmulatorServer]:
    """One emulator server per test session (state is reset per test by ``emulator``)."""
    from pygen_emulator._server import EmulatorServer

    server = EmulatorServer(pygen_emulator_settings).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(pygen_emulator_server: EmulatorServer) -> EmulatorHandle:
    """The session's emulator, reset to its start-up state for this test."""
    from pygen_emulator._server import EmulatorHandle

    pygen_emulator_server.reset()
    return EmulatorHandle(pygen_emulator_server)
