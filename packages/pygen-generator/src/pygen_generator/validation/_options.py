"""Options that change what is generated (from flags, ``[tool.pygen]`` or ``generate_sdk`` arguments)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GenerateOptions"]


@dataclass(frozen=True)
class GenerateOptions:
    """``exclude_views``: externalIds or ``space:externalId[/version]``; ``exclude_spaces``: view spaces."""

    package: str | None = None
    client_name: str | None = None
    npm_package: str | None = None  # the TypeScript package's npm name (default: the package, kebab-case)
    exclude_views: tuple[str, ...] = ()
    exclude_spaces: tuple[str, ...] = ()
    default_instance_space: str | None = None
    strict: bool = False
