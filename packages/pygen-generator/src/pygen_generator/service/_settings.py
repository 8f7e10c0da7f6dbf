"""The service's settings: API keys, limits and the optional CDF to fetch models from."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["ServiceSettings"]


@dataclass(frozen=True)
class ServiceSettings:
    """Every limit has a default that fits a small server; ``pygen serve --help`` lists the flags.

    Args:
        api_keys: Bearer keys accepted on every endpoint but ``/health``; none: no authentication
            (``pygen serve`` then listens on 127.0.0.1 only).
        max_body_bytes: Largest request body (413 past it).
        max_views: Most views a model may hold (422 past it).
        max_properties: Most properties, summed over the views (422 past it).
        generation_timeout: Seconds one validation or generation may run in its worker; past it the
            worker process is killed and the request answered 422. Also the longest wait for a free worker.
        workers: Worker processes, that is concurrent generations.
        max_queue: Requests that may wait for a free worker; more are answered 429.
        rate_limit: Requests per API key (or, without keys, in all) per minute; 0 disables the limit.
        cdf_url: The CDF cluster ``model_id`` requests are fetched from; ``None`` disables ``model_id``.
        cdf_project: The CDF project, unless the request names one in ``X-CDF-Project``.
    """

    api_keys: tuple[str, ...] = ()
    max_body_bytes: int = 5 * 1024 * 1024
    max_views: int = 500
    max_properties: int = 10_000
    generation_timeout: float = 30.0
    workers: int = 2
    max_queue: int = 32
    rate_limit: int = 120
    cdf_url: str | None = None
    cdf_project: str | None = None

    def __post_init__(self) -> None:
        positive = {
            "max_body_bytes": self.max_body_bytes,
            "max_views": self.max_views,
            "max_properties": self.max_properties,
            "generation_timeout": self.generation_timeout,
            "workers": self.workers,
        }
        problems = [f"{name} must be positive, got {value}" for name, value in positive.items() if value <= 0]
        problems += [
            f"{name} must be 0 or more, got {value}"
            for name, value in (("max_queue", self.max_queue), ("rate_limit", self.rate_limit))
            if value < 0
        ]
        if any(not key.strip() or len(key) < 16 for key in self.api_keys):
            problems.append("an API key must have at least 16 characters")
        if self.cdf_url is not None:
            parts = urlsplit(self.cdf_url)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or parts.query
                or "/api/" in parts.path
            ):
                problems.append(
                    f"cdf_url must be a cluster URL such as https://api.cognitedata.com, got {self.cdf_url!r}"
                )
        if problems:
            raise ValueError("; ".join(problems))
