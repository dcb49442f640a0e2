"""创文督查 domain core: plain Python, never imports PySide6.

Importing any part of the core runs this first, so it is where the floors are wired together: the stored problem
state registers with the store here (`tracking.problem_state` → `store.settle_with`), before any database is opened.
"""

from inspector.tracking import problem_state as _problem_state  # noqa: F401  (registers with the store)
from inspector.version import __version__

__all__ = ["__version__"]
