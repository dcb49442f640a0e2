"""Idle housekeeping: what the app recorded reaches workspace.db itself, not only its write-ahead log."""

from __future__ import annotations

import shutil

from inspector import workspace
from inspector.field import inspections
from inspector.register import sites
from ui.housekeeping import IdleCheckpoint


def _copy_without_wal(ws, target):
    target.mkdir()
    shutil.copy(ws.path / workspace.DB_NAME, target / workspace.DB_NAME)  # what a careless backup would copy
    with workspace.open_workspace(target) as copy:
        return copy.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0]


def test_after_an_idle_pause_a_copy_of_workspace_db_alone_has_the_latest_work(ctx, qtbot, tmp_path):
    idle = IdleCheckpoint(ctx, idle_ms=50)
    site = sites.list_sites(ctx.db)[0]
    inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="announced")
    assert _copy_without_wal(ctx.workspace, tmp_path / "before") == 0  # only in the WAL so far
    with qtbot.waitSignal(idle.timer.timeout, timeout=5_000):
        ctx.changes.announce("inspections")
    assert _copy_without_wal(ctx.workspace, tmp_path / "after") == 1
