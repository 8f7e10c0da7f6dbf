"""Command line of pygen-emulator."""


def main() -> None:
    raise SystemExit("pygen-emulator: not implemented yet")
