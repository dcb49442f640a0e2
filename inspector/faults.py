"""The machine's faults as one clear message: a damaged, locked, read-only or unreachable database, a full disk.

The CLI and the app show these messages instead of a traceback. `explain` turns an `sqlite3.Error` or `OSError`
into a `StorageError` that says what happened and what to do; anything else is not a machine fault.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from inspector import program
from inspector.errors import InspectorError

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_KINDS = {
    3: "permission",  # SQLITE_PERM
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "readonly",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "corrupt",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "unreachable",  # SQLITE_CANTOPEN
    26: "corrupt",  # SQLITE_NOTADB
}
_SQLITE_IOERR_NOMEM = 10 | (12 << 8)
_OS_KINDS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",
    errno.EROFS: "readonly",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EIO: "io",
    errno.ENOENT: "missing",
    errno.ENOTDIR: "missing",
    errno.EPIPE: "pipe",
}


_NEARLY_FULL = 1 << 20  # less free space than this, and a failed write is taken to be a full disk


class StorageError(InspectorError):
    """The disk or the database would not do what was asked; `kind` says which fault, the message what to do."""

    def __init__(self, kind: str, message: str, *, path: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.path = path


def _where(path: Path | str | None) -> str:
    return f"“{path}”" if path else "工作区"


def message(kind: str, path: Path | str | None = None, detail: str = "") -> str:
    """The sentence a user reads for a fault of `kind` at `path`."""
    where = _where(path)
    extra = f"（{detail}）" if detail else ""
    texts = {
        "corrupt": f"{where}已损坏，无法可靠读取{extra}。之前的备份不受影响：请在应用中选择“恢复备份”，"
        f"或运行 {program.command('workspace restore')}；在恢复之前不要再向它写入。",
        "locked": f"{where}正被另一个程序使用（数据库被锁定，等待后仍未释放）。请关闭另一个打开此工作区的"
        "创文督查窗口或命令，稍后重试；已经保存的数据不受影响。",
        "readonly": f"{where}是只读的，无法保存{extra}。请把工作区复制到可以写入的位置（不要直接在写保护的"
        "U 盘或光盘上使用），或去掉只读属性后重试。",
        "permission": f"没有权限访问{where}{extra}。请检查文件和文件夹的权限，或换一个有权限的用户运行。",
        "full": f"磁盘空间已满，无法写入{where}{extra}。之前保存的数据都还在：请清理出空间后重试。",
        "io": f"读写{where}时磁盘出错{extra}。磁盘或 U 盘可能有故障：请尽快复制数据并检查磁盘。",
        "unreachable": f"无法打开{where}{extra}。请确认文件夹存在、可以访问（U 盘或网络盘仍然连接）。",
        "missing": f"找不到{where}{extra}。请确认文件或文件夹存在（U 盘或网络盘仍然连接）。",
        "pipe": "输出被提前关闭（接收输出的程序已经退出），其余内容没有显示。",
        "memory": f"内存不足，无法完成对{where}的操作。请关闭其他程序后重试。",
    }
    return texts[kind]


def _sqlite_kind(exc: sqlite3.Error) -> str | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code == _SQLITE_IOERR_NOMEM:
        return "memory"
    if code is not None and (code & 0xFF) in _SQLITE_KINDS:
        return _SQLITE_KINDS[code & 0xFF]
    text = str(exc).lower()  # errors raised before a result code exists (e.g. while preparing) carry only text
    for needle, kind in (
        ("malformed", "corrupt"),
        ("not a database", "corrupt"),
        ("locked", "locked"),
        ("readonly", "readonly"),
        ("read-only", "readonly"),
        ("disk is full", "full"),
        ("disk i/o", "io"),
        ("unable to open", "unreachable"),
    ):
        if needle in text:
            return kind
    return None


def _refine(kind: str, path: Path | str | None) -> str:
    """SQLite says only "unable to open" or "readonly": look at the place to tell which fault it is."""
    if path is None or kind not in ("unreachable", "readonly", "permission", "io"):
        return kind
    try:
        return _look(kind, Path(path))
    except OSError:  # looking may fail for the very reason the operation did
        return kind


def _look(kind: str, target: Path) -> str:
    folder = target if target.is_dir() else target.parent
    if not os.access(folder, os.R_OK | os.X_OK) or (target.exists() and not os.access(target, os.R_OK)):
        return "permission"
    disk = os.statvfs(folder)
    if disk.f_flag & os.ST_RDONLY:
        return "readonly"
    if kind == "io" and disk.f_bavail * disk.f_frsize < _NEARLY_FULL:
        return "full"  # SQLite often reports a write that ran out of space as a plain I/O error
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return "readonly"
    return kind


def explain(exc: BaseException, *, path: Path | str | None = None) -> StorageError | None:
    """The clear message for a machine fault (`sqlite3.Error`, `OSError`), or None when `exc` is not one."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        kind = _sqlite_kind(exc)
        if kind is None:
            return None
        kind = _refine(kind, path)
        return StorageError(kind, message(kind, path), path=str(path) if path else None)
    if isinstance(exc, OSError):
        kind = _OS_KINDS.get(exc.errno or 0)
        if kind is None:
            return None
        where = path or exc.filename
        kind = _refine(kind, where) if kind in ("permission", "io") else kind
        detail = exc.strerror or ""
        return StorageError(kind, message(kind, where, detail), path=str(where) if where else None)
    return None
