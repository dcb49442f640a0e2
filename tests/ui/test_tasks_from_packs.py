"""Task packs on the laptop: imported on the exchange page (refusals said clearly), worked from the Tasks page."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt

from inspector import workspace
from inspector.exchange import taskpack
from inspector.field import inspections
from inspector.ids import utc_now
from inspector.register import draw
from tests.exchange.test_bundle_kit import OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401


@pytest.fixture
def laptop_ctx(kit, tmp_path, qapp):
    """An AppContext over a copy of laptop A (I-001: key set, office key pinned)."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    ws = workspace.open_workspace(tmp_path / "laptop")
    i18n.install("zh_CN")
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "laptop.ini"), QSettings.Format.IniFormat)
    yield AppContext(ws, Changes(), runner, settings)
    runner.wait()
    ws.close()


def issue(office, folder, name, *, expires="2099-12-31"):
    made = draw.draw_sites(office.db, count=1, per="district", seed="w48")
    team = draw.draw_inspectors(office.db, site_draw_id=made.id, per_site=2, seed="w48")
    return taskpack.create_taskpack(
        office, OFFICE_PASS, draw_id=team.id, mode="unannounced", period="2026-W48", expires=expires, out=folder / name
    )


def import_through(box, qtbot, path) -> str:
    box.import_pack(str(path))
    qtbot.waitUntil(lambda: box.import_button.isEnabled(), timeout=10_000)
    return box.message.text()


def test_a_task_pack_is_imported_and_its_tasks_are_started_from_the_tasks_page(laptop_ctx, office, qtbot, tmp_path):
    from ui.exchange.exchange_page import ExchangePage
    from ui.runner.tasks_page import TasksPage

    ctx = laptop_ctx
    tasks_page = TasksPage(ctx)
    qtbot.addWidget(tasks_page)
    tasks_page.show()
    assert tasks_page.list.task_box.isHidden()  # no pack yet: the page looks as before

    pack = issue(office, tmp_path, "v1.itask")
    exchange = ExchangePage(ctx)
    qtbot.addWidget(exchange)
    text = import_through(exchange.packs, qtbot, pack["file"])
    mine = taskpack.list_tasks(ctx.db)
    assert text == f"任务包 v1 已导入：共 {pack['counts']['tasks']} 项任务，其中 {len(mine)} 项是您的。" and mine
    assert exchange.packs.model.rowCount() == 1
    assert exchange.packs.model.data(exchange.packs.model.index(0, 5)) == "w48"  # the draw's seed, shown
    assert "已经导入过" in import_through(exchange.packs, qtbot, pack["file"])

    model = tasks_page.list.task_model
    assert not tasks_page.list.task_box.isHidden() and model.rowCount() == len(mine)
    assert tasks_page.list.tasks_section.text() == f"办公室下发的任务：共 {len(mine)} 项，待完成 {len(mine)} 项"
    assert model.data(model.index(0, model.STATUS)) == "待检查" and model.data(model.index(0, model.MODE)) == "暗访"
    first = model.task(0)
    tasks_page.list.task_table.setFocus()
    tasks_page.list.task_table.selectRow(0)
    qtbot.keyClick(tasks_page.list.task_table, Qt.Key.Key_Return)
    runner = tasks_page.runner
    assert runner is not None and tasks_page.stack.currentWidget() is runner
    started = inspections.get_inspection(ctx.db, runner.inspection_id)
    assert ctx.db.execute("SELECT task_id FROM inspections WHERE id = ?", [started.id]).fetchone()[0] == first.id
    assert started.mode == "unannounced" and started.site_id == first.site_id

    tasks_page.show_list()
    assert model.task(0).id == first.id and model.data(model.index(0, model.STATUS)) == "检查中"
    assert tasks_page.start_task(first.id).inspection_id == started.id  # resumes, never a second inspection


def test_stale_expired_and_untrusted_packs_are_refused_clearly(laptop_ctx, ctx, office, qtbot, tmp_path, monkeypatch):
    from ui.exchange.taskpack_box import TaskPackBox

    old = issue(office, tmp_path, "v1.itask")
    new = issue(office, tmp_path, "v2.itask")
    box = TaskPackBox(laptop_ctx)
    qtbot.addWidget(box)
    assert "v2 已导入" in import_through(box, qtbot, new["file"])
    text = import_through(box, qtbot, old["file"])
    assert text.startswith("已拒收：任务包版本过旧：") and "不比已导入的版本 2 新" in text and box.message.is_error()

    soon = issue(office, tmp_path, "v3.itask", expires=(utc_now() + timedelta(hours=1)).isoformat())
    later = utc_now() + timedelta(days=2)
    monkeypatch.setattr(taskpack.receive, "utc_now", lambda: later)
    assert import_through(box, qtbot, soon["file"]).startswith("已拒收：任务包已过期：")
    monkeypatch.undo()

    stranger = TaskPackBox(ctx)  # the demo laptop never pinned an office key
    qtbot.addWidget(stranger)
    assert import_through(stranger, qtbot, new["file"]).startswith("已拒收：不是本机信任的办公室签发的：")
    assert box.model.rowCount() == 1 and stranger.model.rowCount() == 0
