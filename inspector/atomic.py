"""Writing a file all at once: under a temporary name beside it, renamed into place only when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_UMASK = os.umask(0o022)  # read once, at import, while nothing else runs
os.umask(_UMASK)


@contextmanager
def atomic_path(out: Path, *, fsync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `out`; on success it replaces `out` with ordinary permissions, else it is removed.

    A reader never sees a half-written `out`, and a crash leaves at most a hidden `.part` file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a document is for sharing
        if fsync:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_bytes_atomic(out: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write bytes to `out` through `atomic_path`."""
    with atomic_path(out, fsync=fsync) as tmp:
        tmp.write_bytes(data)
