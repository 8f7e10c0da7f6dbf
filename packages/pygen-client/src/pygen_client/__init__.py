"""pygen_client."""

__all__: list[str] = []
