"""How this program was started, so that a message suggesting a command spells it the way the person can type it.

`cwdc` for the installed script and the frozen app (`cwdc-cli` for the frozen app on Windows, whose `cwdc.exe` has no
console), `python -m inspector` for the module, `python main.py` in a checkout. `inspector.__main__` records which;
anything that only imports the package (tests, the bench) sees the checkout's spelling, the one the README uses.
"""

from __future__ import annotations

CHECKOUT = "python main.py"
MODULE = "python -m inspector"
INSTALLED = "cwdc"
WINDOWS_CONSOLE = "cwdc-cli"  # the frozen app's console program on Windows (packaging/cwdc.spec)

_name = CHECKOUT


def name() -> str:
    """The command that starts this program, e.g. `cwdc` (what a suggested command begins with)."""
    return _name


def started_as(command: str) -> None:
    """Record how the program was started: one of CHECKOUT, MODULE, INSTALLED, WINDOWS_CONSOLE."""
    global _name
    if command not in (CHECKOUT, MODULE, INSTALLED, WINDOWS_CONSOLE):
        raise ValueError(f"unknown program name: {command!r}")
    _name = command


def command(text: str) -> str:
    """`text` (a command line after the program, e.g. "workspace restore --latest") as the person types it."""
    return f"{_name} {text}"
