"""The TypeScript backend: the IR → a TypeScript package on `@pygen/runtime` (`{path: content}`)."""

from pygen_generator.backends.typescript._render import render_sdk

__all__ = ["render_sdk"]
