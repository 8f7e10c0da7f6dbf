"""Load data models live from CDF (or the emulator) by ``SPACE:EXTERNAL_ID[/VERSION]``."""

from __future__ import annotations

import re
import sys
import time
from typing import TYPE_CHECKING

from pygen_generator.errors import CDFError, InputError
from pygen_generator.loaders._bundle import LoadedModel, parse_model

if TYPE_CHECKING:
    from pygen_client import ClientConfig, DataModelId

__all__ = ["load_cdf", "parse_model_id"]

_MODEL_ID = re.compile(r"^(?P<space>[^:/\s]+):(?P<xid>[^:/\s]+)(?:/(?P<version>[^:/\s]+))?$")
_SLOW_SECONDS = 1.0


def parse_model_id(text: str) -> DataModelId:
    from pygen_client import DataModelId

    match = _MODEL_ID.match(text.strip())
    if match is None:
        raise InputError(
            f"{text!r} is not a data model id", "write SPACE:EXTERNAL_ID or SPACE:EXTERNAL_ID/VERSION"
        )
    return DataModelId(match["space"], match["xid"], match["version"])


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_cdf(specs: list[str], config: ClientConfig | None = None) -> list[LoadedModel]:
    """Fetch the models (views inlined) and the containers they map, with one progress line when slow."""
    from pygen_client import (
        APIConnectionError,
        APIError,
        AuthenticationError,
        ClientConfig,
        ConfigurationError,
        PermissionDeniedError,
        PygenClient,
    )

    ids = [parse_model_id(spec) for spec in specs]
    try:
        config = config or ClientConfig.from_env()
    except ConfigurationError as exc:
        raise CDFError(
            f"no CDF credentials: {exc}", "set CDF_URL, CDF_PROJECT and CDF_TOKEN (or IDP_*)"
        ) from None
    started = time.perf_counter()
    models: list[LoadedModel] = []
    try:
        with PygenClient(config) as client:
            for model_id in ids:
                found = client.data_models.retrieve(model_id, inline_views=True)
                if not found:
                    raise CDFError(
                        f"data model {_show(model_id)} not found in project {config.project}",
                        "check the id; `pygen inspect --model SPACE:XID` lists what a model holds",
                    )
                latest = max(found, key=lambda m: (m.created_time or 0, m.version))
                data = latest.dump()
                refs = {
                    (c.space, c.external_id)
                    for v in latest.inlined_views()
                    for c in v.mapped_containers or []
                }
                from pygen_client import ContainerId

                containers = (
                    client.containers.retrieve([ContainerId(s, x) for s, x in sorted(refs)]) if refs else []
                )
                data["containers"] = [c.dump() for c in containers]
                models.append(parse_model(data, f"CDF {_show(latest.as_id())}"))
                if time.perf_counter() - started > _SLOW_SECONDS:
                    _progress(f"pygen: fetched {_show(latest.as_id())} from {config.base_url}")
    except (AuthenticationError, PermissionDeniedError) as exc:
        raise CDFError(
            f"CDF refused the credentials ({exc.status}): {exc}",
            "check CDF_TOKEN / IDP_* and the project's access",
        ) from None
    except APIConnectionError as exc:
        raise CDFError(
            f"cannot reach CDF at {config.base_url}: {exc}", "check CDF_URL and the network"
        ) from None
    except APIError as exc:
        raise CDFError(f"CDF answered with an error: {exc}", "check the model id and your access") from None
    return models


def _show(model_id: DataModelId) -> str:
    suffix = f"/{model_id.version}" if model_id.version else ""
    return f"{model_id.space}:{model_id.external_id}{suffix}"
