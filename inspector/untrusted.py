"""Reading a file from outside (a USB stick, a download): once, from one descriptor, a regular file within a cap.

A named pipe must not block the app, a device must not be read forever, a folder is not a file, and a file that
grows while it is read is still held to the cap. Each caller turns `Unreadable.reason` into its own message.
Text from such a file (or its name) goes through `printable` before anyone sees it or it is stored.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
REASONS = ("missing", "directory", "not_regular", "too_large", "unreadable")

# C0 controls, DEL, C1 controls, bidirectional overrides and isolates, line/paragraph separators, lone surrogates:
# characters that move a terminal's cursor, start an escape sequence, reorder what is shown, or cannot be encoded.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object, *, limit: int | None = None) -> str:
    """Untrusted text made safe to print, log or store: control and bidi characters become "?", cut at `limit`."""
    value = text if isinstance(text, str) else str(text)
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)] + "…"
    return _UNPRINTABLE.sub("?", value)


class Unreadable(Exception):
    """A file that is not read: `reason` (one of REASONS), its `size` when known, the OS's words in `detail`."""

    def __init__(self, reason: str, *, size: int | None = None, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.size = size
        self.detail = detail

    def why(self, cap: int) -> str:
        """A short Chinese phrase saying why the file was not read, for a caller's own sentence."""
        if self.reason == "too_large":
            limit = f"{cap // 2**20} MB" if cap >= 2**20 else f"{cap // 1024} KB"
            return f"文件超过 {limit} 的上限"
        fixed = {
            "missing": "文件不存在",
            "directory": "这是文件夹",
            "not_regular": "不是普通文件（可能是设备或命名管道）",
        }
        return fixed.get(self.reason) or printable(self.detail or self.reason, limit=200)


def open_regular(path: Path | str, cap: int) -> tuple[int, os.stat_result]:
    """A read-only descriptor on a regular file of at most `cap` bytes (by its size), and its fstat; `Unreadable` else.

    The path is looked at before it is opened, so a device or a pipe is never opened at all (opening one can
    block, or have an effect); the descriptor is checked again after opening, in case the path was swapped.
    """
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise Unreadable("missing") from None
    except OSError as error:
        raise Unreadable("unreadable", detail=error.strerror or str(error)) from None
    if stat.S_ISDIR(before.st_mode):
        raise Unreadable("directory")
    if not stat.S_ISREG(before.st_mode):
        raise Unreadable("not_regular")
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
    except OSError as error:
        os.close(fd)
        raise Unreadable("unreadable", detail=error.strerror or str(error)) from None
    except Unreadable:
        os.close(fd)
        raise
    return fd, info


def read_bounded(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, read from one descriptor; `Unreadable` otherwise."""
    fd, _ = open_regular(path, cap)
    try:
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
