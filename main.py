"""创文督查: `python main.py` opens the app; `python main.py COMMAND …` runs the command line.

The program is `inspector/__main__.py`; installed, it is the `cwdc` script and `python -m inspector`.
"""

from __future__ import annotations

import sys

from inspector import program
from inspector.__main__ import run


def _started_as() -> str:
    """Frozen, PyInstaller starts this file: the program is the installed `cwdc` (on Windows the command line is
    `cwdc-cli.exe`, beside the windowed `cwdc.exe`)."""
    if not getattr(sys, "frozen", False):
        return program.CHECKOUT
    return program.WINDOWS_CONSOLE if sys.platform == "win32" else program.INSTALLED


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:], started_as=_started_as()))
