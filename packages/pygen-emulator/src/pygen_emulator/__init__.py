"""pygen_emulator."""

__all__: list[str] = []
