"""Writing a file all at once: under a temporary name beside it, renamed into place only when complete.

The one place files are written atomically and durably: temporary files get ordinary permissions (the process
umask applies, as for any file the user makes), are fsynced before the rename, and the rename is made durable
by syncing the folder. What only the workspace's owner may read (the database with its wrapped key, the evidence)
is made with `PRIVATE_FILE` / `PRIVATE_DIR` permissions, set exactly whatever the umask.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_POSIX = os.name == "posix"


def make_private_dir(path: Path, *, exist_ok: bool = False) -> bool:
    """Create a folder only its owner may enter (0700 on POSIX, whatever the umask); False when it was there."""
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if exist_ok and path.is_dir():
            return False
        raise
    if _POSIX:
        os.chmod(path, PRIVATE_DIR)
    return True


def create_private_file(path: Path) -> bool:
    """Create an empty file only its owner may read (0600 on POSIX, whatever the umask); False when it was there."""
    try:
        fd = os.open(path, _FLAGS, PRIVATE_FILE)
    except FileExistsError:
        return False
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return True


def fsync_dir(directory: Path, *, quiet: bool = False) -> None:
    """Make a rename in `directory` durable (POSIX only; a no-op elsewhere).

    `quiet`: a folder that cannot be synced (some network and FAT mounts) is no error; the rename stands.
    """
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        if not quiet:
            raise


def fsync_file(path: Path) -> None:
    """Make a written file's bytes durable before it is renamed into place."""
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def make_dirs(directory: Path) -> list[Path]:
    """Create `directory` and any missing parents (like mkdir -p); the folders this call created, outermost first."""
    missing = []
    for path in (directory, *directory.parents):
        if path.is_dir():
            break
        missing.append(path)
    made = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        made.append(path)
    return made


def sync_written(files: list[Path], directories: list[Path]) -> None:
    """Make new files and new folder entries durable: fsync each file, then each folder once.

    Only what was written is flushed (never the whole filesystem with `sync`/`syncfs`, which would also flush
    every other program's pending data). `directories` are the folders that received a new entry (a renamed
    file or a created folder); a folder named twice is synced once.
    """
    for path in dict.fromkeys(files):
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for directory in dict.fromkeys(directories):
        fsync_dir(directory)


def temp_beside(out: Path, *, prefix: str | None = None, private: bool = False) -> tuple[int, Path]:
    """Create a new hidden temporary file next to `out`: (open descriptor, path), named `<prefix><random>.part`.

    Created with mode 0666 less the umask, like any file the user makes (never mkstemp's private 0600), or, when
    `private`, exactly PRIVATE_FILE.
    """
    start = prefix if prefix is not None else f".{out.name}."
    for _ in range(100):
        path = out.parent / f"{start}{secrets.token_hex(6)}.part"
        try:
            fd = os.open(path, _FLAGS, PRIVATE_FILE if private else 0o666)
        except FileExistsError:
            continue
        if private and _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
        return fd, path
    raise FileExistsError(f"no free temporary name beside {out}")


@contextmanager
def atomic_path(out: Path, *, fsync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `out`; on success it replaces `out`, else it is removed.

    A reader never sees a half-written `out`, and a crash leaves at most a hidden `.part` file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(out)
    os.close(fd)
    try:
        yield tmp
        if fsync:
            fsync_file(tmp)
        os.replace(tmp, out)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if fsync:
        fsync_dir(out.parent, quiet=True)


def write_bytes_atomic(out: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write bytes to `out` through `atomic_path`."""
    with atomic_path(out, fsync=fsync) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(out: Path, text: str) -> None:
    """Write UTF-8 text to `out` through `atomic_path`."""
    write_bytes_atomic(out, text.encode("utf-8"))


def copy_atomic(source: Path, out: Path) -> None:
    """Copy a file to `out` through `atomic_path`."""
    with atomic_path(out) as tmp:
        shutil.copyfile(source, tmp)
