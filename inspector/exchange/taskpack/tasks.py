"""The laptop's task list: tasks from imported packs with their status, and starting an inspection from one."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from inspector import voids
from inspector.changes import writes
from inspector.errors import NotFoundError, StateError
from inspector.exchange.taskpack.pack import STATUS_LABELS
from inspector.field import inspections
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting


@dataclass(frozen=True)
class Task:
    """One site to visit from a task pack, with its status on this laptop."""

    id: str
    pack_version: int
    site_id: str
    site_code: str
    site_name: str
    district: str
    inspector_id: str | None
    mode: str
    period: str
    due_date: str
    expires_at: str
    status: str
    inspection_id: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form with the status in Chinese."""
        return {**asdict(self), "status_label": STATUS_LABELS[self.status]}


# a voided inspection (作废) does not do its task: the task is to do again
_TASK_SQL = f"""
SELECT t.id, t.pack_version, t.site_id, s.code, s.name, s.district, t.inspector_id, t.mode, t.period, t.due_date,
       p.expires_at,
       (SELECT i.id FROM inspections i WHERE i.task_id = t.id AND {voids.not_voided("i")}
        ORDER BY i.status = 'finished' DESC, i.started_at DESC LIMIT 1),
       (SELECT MAX(i.status = 'finished') FROM inspections i WHERE i.task_id = t.id AND {voids.not_voided("i")})
FROM tasks t JOIN task_packs p ON p.version = t.pack_version JOIN sites s ON s.id = t.site_id
"""


def list_tasks(db: sqlite_utils.Database, *, everyone: bool = False) -> list[Task]:
    """Tasks for this laptop's inspector (or unassigned), due first; `everyone` lists every inspector's."""
    me = (get_setting(db, "inspector") or {}).get("id")
    where, params = ("", []) if everyone or not me else (" WHERE t.inspector_id IS NULL OR t.inspector_id = ?", [me])
    now = to_iso(utc_now())
    tasks = []
    for row in db.execute(_TASK_SQL + where + " ORDER BY t.due_date, t.pack_version, t.position", params):
        inspection_id, finished = row[11], row[12]
        if finished:
            status = "done"
        elif inspection_id:
            status = "started"
        else:
            status = "expired" if row[10] <= now else "todo"
        tasks.append(Task(*row[:11], status=status, inspection_id=inspection_id))
    return tasks


def list_packs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Task packs imported on this laptop, newest first: period, mode, expiry, the draw's seed and hash, task count."""
    cols = ("version", "pack_id", "mode", "period", "draw_seed", "candidates_sha256", "expires_at", "created_at")
    rows = db.execute(
        f"SELECT {', '.join('p.' + c for c in cols)}, p.imported_at,"
        " (SELECT COUNT(*) FROM tasks t WHERE t.pack_version = p.version) FROM task_packs p ORDER BY p.version DESC"
    ).fetchall()
    return [{**dict(zip(cols, row[:8], strict=True)), "imported_at": row[8], "tasks": row[9]} for row in rows]


def get_task(db: sqlite_utils.Database, task_id: str) -> Task:
    """One task by id (any inspector)."""
    for task in list_tasks(db, everyone=True):
        if task.id == task_id:
            return task
    raise NotFoundError(f"没有编号为“{task_id}”的任务")


@writes("inspections", "tasks")
def start_task(
    db: sqlite_utils.Database, task_id: str, *, started_at: datetime | None = None, place: str = ""
) -> inspections.Inspection:
    """Open the inspection a task asks for, linked to the task (its site, mode, catalog version and draw)."""
    task = get_task(db, task_id)
    if task.status == "expired":
        raise StateError("这个任务所在的任务包已经过期，不能再开始检查")
    row = db.execute(
        "SELECT catalog_version, draw_id FROM task_packs WHERE version = ?", [task.pack_version]
    ).fetchone()
    me = (get_setting(db, "inspector") or {}).get("id")
    inspector_id = task.inspector_id or me
    if not inspector_id:
        raise StateError("这个任务没有指定督查员，工作区也没有督查员信息")
    return inspections.start_inspection(
        db,
        site_id=task.site_id,
        inspector_id=inspector_id,
        mode=task.mode,
        started_at=started_at,
        place=place,
        catalog_version=row[0],
        draw_id=row[1],
        task_id=task.id,
    )
