"""Crash reports: a defect shows the user one sentence naming a report file; the traceback goes into the file."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from inspector import clock

EXIT_CODE = 70  # EX_SOFTWARE: a defect in the program, not a problem the user caused


def report_folder() -> Path:
    """Where crash reports are written: the user's log folder."""
    import platformdirs

    return Path(platformdirs.user_log_dir("inspector", appauthor=False))


def write_report(exc: BaseException, argv: Sequence[str] | None = None) -> Path | None:
    """Write the traceback and the environment to a new report file; None when no folder can be written."""
    from inspector.version import __version__

    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(
        [
            f"创文督查 {__version__} · Python {platform.python_version()} · {platform.platform()}\n",
            f"time (UTC): {clock.now().isoformat()}\n",
            f"command: {' '.join(argv) if argv is not None else ' '.join(sys.argv[1:])}\n\n",
            *traceback.format_exception(exc),
        ]
    )
    for folder in (report_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        for n in range(100):  # never overwrite an earlier report of the same second
            path = folder / f"inspector-crash-{stamp}-{os.getpid()}{f'-{n}' if n else ''}.txt"
            try:
                with open(path, "x", encoding="utf-8") as out:
                    out.write(text)
                return path
            except FileExistsError:
                continue
            except OSError:
                break
    return None


def report(exc: BaseException, argv: Sequence[str] | None = None) -> str:
    """Record a defect and return the sentence the user reads."""
    path = write_report(exc, argv)
    where = f"详细信息已写入“{path}”，" if path else ""
    return (
        f"程序内部错误（{type(exc).__name__}），操作没有完成；已经保存的数据不受影响。{where}"
        "请把这个文件和操作步骤发给技术支持。"
    )
