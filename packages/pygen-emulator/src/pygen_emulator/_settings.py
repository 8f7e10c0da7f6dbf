"""Start-up settings of an emulator instance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pygen_emulator._core_model import CORE_MODEL_SPACES

__all__ = ["DefaultViewFilter", "Settings"]

DefaultViewFilter = Literal["hasData", "none"]

# dms-api.md gives no byte limit for request bodies; the largest legal apply (1000 items with text of up
# to 128 kB) is far above what clients send, so the cap guards memory rather than mirroring CDF.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024


@dataclass
class Settings:
    """What an emulator serves and how.

    ``token``: when set, only this bearer token (and tokens issued by ``/oauth2/token``) is accepted;
    otherwise any bearer token is. ``fault_rate``: fraction of API requests answered with an injected
    429 (with ``Retry-After``) or 503, drawn from a generator seeded with ``fault_seed``.
    ``preload``: model files (corpus format) deployed at start and restored by every reset.
    ``global_spaces``: more spaces reported as system spaces (``isGlobal: true``; their spaces,
    containers, views and data models are listed only with ``includeGlobal=true`` and cannot be changed
    through the API).
    ``default_view_filter``: what a view without a ``filter`` matches on list/query — ``"hasData"``
    (the instance has data in every container the view maps; dms-api.md §3.4) or ``"none"`` (every
    instance). ``max_body_bytes``: the largest request body accepted, before and after decompression
    (larger ones get a 413).
    """

    project: str = "emulator"
    db_path: str | None = None
    token: str | None = None
    client_id: str = "pygen-emulator"
    client_secret: str = "pygen-emulator-secret"
    token_ttl_seconds: float = 3600.0
    fault_rate: float = 0.0
    fault_seed: int = 0
    fault_statuses: tuple[int, ...] = (429, 503)
    retry_after_seconds: int = 1
    default_view_filter: DefaultViewFilter = "hasData"
    preload: tuple[str, ...] = ()
    global_spaces: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    core_model: bool = True

    def all_global_spaces(self) -> frozenset[str]:
        """``global_spaces`` plus the core model's spaces when it is built in."""
        core = CORE_MODEL_SPACES if self.core_model else ()
        return frozenset((*self.global_spaces, *core))
