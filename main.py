"""创文督查: `python main.py` opens the app; `python main.py COMMAND …` runs the command line.

The program is `inspector/__main__.py`; installed, it is the `cwdc` script and `python -m inspector`.
"""

from __future__ import annotations

import sys

from inspector import program
from inspector.__main__ import run

if __name__ == "__main__":
    # frozen (PyInstaller starts this file), the program is the installed `cwdc`
    sys.exit(run(sys.argv[1:], started_as=program.INSTALLED if getattr(sys, "frozen", False) else program.CHECKOUT))
