"""Task packs (office → field): a recorded draw turned into signed tasks the laptop imports and works through.

The office signs with its key under the task-pack domain; a laptop accepts a pack only when the signature
verifies against the office key it pinned, the version is newer than any it has seen, and it has not expired.
Issuing and receiving need cryptography, so they load on first use: the app lists tasks at start-up without it.
"""

from __future__ import annotations

import importlib
from typing import Any

from inspector.exchange.taskpack.pack import EXTENSION, SCHEMA, STATUS_LABELS, parse_expiry
from inspector.exchange.taskpack.tasks import Task, get_task, list_packs, list_tasks, start_task

_LAZY = {"create_taskpack": "issue", "list_issued": "issue", "import_taskpack": "receive", "changes_of": "receive"}

__all__ = [
    "EXTENSION",
    "SCHEMA",
    "STATUS_LABELS",
    "Task",
    "changes_of",
    "create_taskpack",
    "get_task",
    "import_taskpack",
    "list_issued",
    "list_packs",
    "list_tasks",
    "parse_expiry",
    "start_task",
]


def __getattr__(name: str) -> Any:
    """Load the signing side (issue, receive) when it is first asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"inspector.exchange.taskpack.{_LAZY[name]}"), name)
    if name in ("issue", "receive"):
        return importlib.import_module(f"inspector.exchange.taskpack.{name}")
    raise AttributeError(f"module 'inspector.exchange.taskpack' has no attribute {name!r}")
