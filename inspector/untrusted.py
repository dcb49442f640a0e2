"""Reading a file from outside (a USB stick, a download): once, from one descriptor, a regular file within a cap.

A named pipe must not block the app, a device must not be read forever, a folder is not a file, and a file that
grows while it is read is still held to the cap. Each caller turns `Unreadable.reason` into its own message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
REASONS = ("missing", "directory", "not_regular", "too_large", "unreadable")


class Unreadable(Exception):
    """A file that is not read: `reason` (one of REASONS), its `size` when known, the OS's words in `detail`."""

    def __init__(self, reason: str, *, size: int | None = None, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.size = size
        self.detail = detail


def read_bounded(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, read from one descriptor; `Unreadable` otherwise."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise Unreadable("missing") from None
    except IsADirectoryError:
        raise Unreadable("directory") from None
    except OSError as error:
        raise Unreadable("unreadable", detail=error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("directory")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not_regular")
        if info.st_size > cap:
            raise Unreadable("too_large", size=info.st_size)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(_CHUNK, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:  # the file grew while it was read
                raise Unreadable("too_large")
    except OSError as error:
        raise Unreadable("unreadable", detail=error.strerror or str(error)) from None
    finally:
        os.close(fd)
    return b"".join(chunks)
