"""The generator's version, written into the header of every generated file."""

__version__ = "0.1.0"
