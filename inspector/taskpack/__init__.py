"""Task packs (office → field): a recorded draw turned into signed tasks the laptop imports and works through.

The office signs with its key under the task-pack domain; a laptop accepts a pack only when the signature
verifies against the office key it pinned, the version is newer than any it has seen, and it has not expired.
"""

from inspector.taskpack.issue import create_taskpack, list_issued
from inspector.taskpack.pack import EXTENSION, SCHEMA, STATUS_LABELS, parse_expiry
from inspector.taskpack.receive import import_taskpack
from inspector.taskpack.tasks import Task, get_task, list_tasks, start_task

__all__ = [
    "EXTENSION",
    "SCHEMA",
    "STATUS_LABELS",
    "Task",
    "create_taskpack",
    "get_task",
    "import_taskpack",
    "list_issued",
    "list_tasks",
    "parse_expiry",
    "start_task",
]
