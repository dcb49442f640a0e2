"""The checklist runner when the disk or the database will not take an answer: it says so on screen, keeps the
inspector on the item, and records the answer once the fault is gone."""

from __future__ import annotations

import sqlite3
from contextlib import suppress

import pytest
from PySide6.QtCore import Qt

from inspector import workspace
from inspector.field import inspections
from inspector.register import sites
from tests.ui.test_runner import _runner


@pytest.fixture
def open_inspection(ctx):
    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    return inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced")


def test_a_lock_held_elsewhere_is_shown_and_the_key_press_is_not_lost(ctx, qtbot, open_inspection):
    runner = _runner(ctx, qtbot, open_inspection.id)
    first = runner.current_code()
    other = sqlite3.connect(ctx.workspace.path / workspace.DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock past the busy timeout
    try:
        qtbot.keyClick(runner.table, Qt.Key.Key_1)
        assert runner.messages.level == "error"
        assert "正被另一个程序使用" in runner.messages.text() and "稍后重试" in runner.messages.text()
        assert runner.current_code() == first  # still on the item: nothing was recorded, nothing skipped
        assert inspections.current_findings(ctx.db, open_inspection.id) == []
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.keyClick(runner.table, Qt.Key.Key_1)
    assert [f.item_code for f in inspections.current_findings(ctx.db, open_inspection.id)] == [first]


@pytest.fixture
def ctx_on_small_disk(qapp, settings, mount_tmpfs):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    disk = mount_tmpfs("size=6m")
    space = workspace.init_demo_workspace(disk / "field")
    i18n.install("zh_CN")
    runner = TaskRunner()
    yield AppContext(space, Changes(), runner, settings), disk
    runner.wait()
    space.close()


def test_a_full_disk_is_shown_and_the_answer_is_taken_once_space_is_freed(ctx_on_small_disk, qtbot):
    ctx, disk = ctx_on_small_disk
    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    found = inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced")
    runner = _runner(ctx, qtbot, found.id)
    first = runner.current_code()
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as out:  # fill the disk to the last block
        block = b"\0" * 65536
        with suppress(OSError):
            while True:
                out.write(block)
    answered = 0
    for _ in range(40):  # the WAL has some room left in its last page: keep answering until the disk says no
        qtbot.keyClick(runner.table, Qt.Key.Key_1)
        if runner.messages.level == "error":
            break
        answered += 1
    assert runner.messages.level == "error", "the disk never filled up"
    assert "磁盘空间已满" in runner.messages.text() and "之前保存的数据都还在" in runner.messages.text()
    stuck = runner.current_code()
    filler.unlink()  # room again
    qtbot.keyClick(runner.table, Qt.Key.Key_1)
    recorded = [f.item_code for f in inspections.current_findings(ctx.db, found.id)]
    assert recorded[0] == first and stuck in recorded and len(recorded) == answered + 1
