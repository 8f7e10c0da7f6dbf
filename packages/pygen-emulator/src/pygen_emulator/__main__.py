"""``python -m pygen_emulator`` is the ``pygen-emulator`` command."""

from pygen_emulator.cli import main

if __name__ == "__main__":
    main()
