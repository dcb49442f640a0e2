"""创文督查, the program: no arguments opens the app; `COMMAND …` runs the command line.

Started as `cwdc` (the installed script), `python -m inspector` or `python main.py` in a checkout. The one module
of the package that reaches into `ui/`: it is the program's shell, not part of the core.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from inspector import program


def _headless() -> bool:
    """No screen to open a window on (a server, CI, an SSH session)."""
    if os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return True
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def main(argv: list[str]) -> int:
    """Dispatch: no arguments opens the app (or runs the demo pipeline when there is no screen)."""
    if not argv:
        if _headless():
            from inspector.cli import main as cli_main

            out = Path(os.environ.get("INSPECTOR_DEMO_OUT", "demo-out"))
            print(f"没有图形界面（无显示器），改为运行端到端演示流程，输出到 {out}/")
            if (out / "workspace" / "workspace.db").exists():
                import shutil

                shutil.rmtree(out)  # a previous demo run: start it afresh
            return cli_main(["demo", "--out", str(out)])
        from ui.app import run

        return run([sys.argv[0]])
    if argv[0] == "screenshots":
        from ui.screenshots import main as screenshots_main

        return screenshots_main(argv[1:])
    from inspector.cli import main as cli_main

    return cli_main(argv)


def _closed_pipe() -> int:
    """The reader of our output went away (`… | head`): say so once, and leave quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing more is written to the closed pipe at exit
    from inspector.faults import message

    with contextlib.suppress(OSError):
        print(f"提示：{message('pipe')}", file=sys.stderr)
    return 141  # 128 + SIGPIPE, what a shell shows for a cut pipe


def run(argv: list[str], *, started_as: str = program.CHECKOUT) -> int:
    """`main` with the last guards: a closed output pipe, and text a console cannot show.

    `started_as` is how the person started the program (`program.INSTALLED`, `MODULE` or `CHECKOUT`): the commands
    our messages suggest are spelled that way.
    """
    program.started_as(started_as)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console shows ? for what it cannot print, not a traceback
    try:
        code = main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:  # what escaped every other guard: still one sentence, never a traceback
        from inspector import crash

        print(f"错误：{crash.report(exc, argv)}", file=sys.stderr)
        return crash.EXIT_CODE
    return code


def entry() -> int:
    """The `cwdc` script: `run` on the process's arguments."""
    return run(sys.argv[1:], started_as=program.INSTALLED)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:], started_as=program.MODULE))
