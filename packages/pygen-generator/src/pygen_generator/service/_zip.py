"""The generated files as a zip, produced file by file while the response is being sent.

Entries are sorted with a fixed timestamp and mode, so the same files always give the same zip.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping

__all__ = ["iter_zip"]

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


class _Chunks(io.RawIOBase):
    """A write-only, unseekable sink: zipfile then writes data descriptors and never seeks back."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


def iter_zip(files: Mapping[str, str]) -> Iterator[bytes]:
    """The zip's bytes in chunks; each file's text is stored as UTF-8, as ``pygen generate`` writes it."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path].encode("utf-8"))
            chunk = sink.drain()
            if chunk:
                yield chunk
    yield sink.drain()
