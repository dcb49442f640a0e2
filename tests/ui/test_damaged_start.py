"""The app never refuses to start over a damaged workspace: it says what is wrong and offers a way on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from inspector import workspace
from inspector.field import evidence
from inspector.store import backup
from inspector.store import integrity as store_integrity
from inspector.store.migrations import latest
from tests.exchange.test_bundle_kit import START, field_workspace, inspect
from ui import i18n
from ui.app import AppController
from ui.damaged import DamagedWorkspaceDialog

PERSON = {"id": "I-001", "name": "张明", "district": "云栖区"}


@pytest.fixture
def controller(qapp, settings, monkeypatch, tmp_path):
    """The app's controller over temporary settings, in Chinese; it never reaches the user's default workspace."""
    monkeypatch.delenv(workspace.ENV_VAR, raising=False)
    monkeypatch.setattr(workspace, "default_path", lambda: tmp_path / "nowhere")
    i18n.install("zh_CN")
    app = AppController(QApplication.instance(), settings)
    yield app
    app._stop_checks()
    app.runner.wait()
    if app.window is not None:
        app.window.close()
    if app.ctx is not None:
        app.ctx.workspace.close()


@pytest.fixture
def laptop(tmp_path) -> Path:
    """A closed field workspace with one inspection and a verified backup of it."""
    with field_workspace(tmp_path / "laptop", PERSON) as ws:
        inspect(ws, site_code="YX-001", when=START, fails=1, photos=1, seed=5)
        backup.make_backup(ws.path / workspace.DB_NAME, "manual")
    return tmp_path / "laptop"


def start_on(controller: AppController, path: Path) -> DamagedWorkspaceDialog:
    """Start the app with `path` as the last workspace; the damaged-workspace dialog must be what appears."""
    controller.settings.setValue("workspace/last", str(path))
    controller.start()
    assert controller.window is None and controller.first_start is None
    dialog = controller.damaged
    assert dialog is not None and dialog.isVisible()
    return dialog


def truncate_to_half(db_path: Path) -> None:
    with open(db_path, "r+b") as f:
        f.truncate(db_path.stat().st_size // 2)


def test_a_truncated_workspace_is_restored_from_its_backup(qtbot, controller, laptop, tmp_path):
    truncate_to_half(laptop / workspace.DB_NAME)
    dialog = start_on(controller, laptop)
    assert "已损坏" in dialog.message.text() and "截断" in dialog.message.text()
    assert dialog.backups.rowCount() == 1 and dialog.selected_backup() is not None
    assert dialog.restore_button.text() == "恢复所选备份" and dialog.quit_button.text() == "退出"
    dialog.grab().save(str(tmp_path / "damaged.png"))
    with qtbot.waitSignal(dialog.workspace_ready, timeout=20_000) as ready:
        dialog.restore_button.click()
    assert ready.args == [str(laptop)]
    window = controller.window
    assert window is not None and window.isVisible() and not dialog.isVisible()
    assert "张明" in window.status.text()
    aside = [p.name for p in backup.backups_dir(laptop / workspace.DB_NAME).iterdir() if p.name.startswith("replaced")]
    assert len(aside) == 1  # the damaged file is kept, not deleted


def test_random_bytes_then_open_another_workspace(qtbot, controller, laptop, tmp_path):
    (laptop / workspace.DB_NAME).write_bytes(os.urandom(64 * 1024))
    other = tmp_path / "other"
    workspace.init_demo_workspace(other).close()
    dialog = start_on(controller, laptop)
    assert "已损坏" in dialog.message.text() and "它不是 SQLite 数据库" in dialog.message.text()
    dialog.open_button.click()
    chooser = dialog.folder_dialog
    assert chooser is not None and chooser.isVisible()
    assert not dialog.open_other(str(tmp_path))  # not a workspace: said so, the dialog stays
    assert "不是工作区" in dialog.status.text() and dialog.isVisible()
    with qtbot.waitSignal(dialog.workspace_ready) as ready:
        chooser.fileSelected.emit(str(other))
    assert ready.args == [str(other)]
    assert controller.window is not None and controller.ctx.workspace.path == other
    assert controller.settings.value("workspace/last") == str(other)


def test_a_workspace_from_a_newer_app_then_quit(qtbot, controller, laptop, monkeypatch):
    conn = sqlite3.connect(laptop / workspace.DB_NAME)
    conn.execute("INSERT INTO _migrations VALUES (?, 'from a newer app', 'x')", [latest() + 1])
    conn.commit()
    conn.close()
    quits = []
    monkeypatch.setattr(controller.app, "quit", lambda: quits.append(1))
    dialog = start_on(controller, laptop)
    assert "更新版本" in dialog.message.text() and "升级" in dialog.message.text()
    with qtbot.waitSignal(dialog.quit_requested):
        dialog.quit_button.click()
    assert quits == [1] and not dialog.isVisible() and controller.window is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_folder_without_permission(qtbot, controller, laptop):
    laptop.chmod(0)
    try:
        dialog = start_on(controller, laptop)
        assert "没有权限" in dialog.message.text()
        assert dialog.backups.rowCount() == 0 and not dialog.restore_button.isEnabled()
    finally:
        laptop.chmod(0o755)


def test_damage_found_by_the_check_after_opening_closes_the_window(qtbot, controller, laptop):
    db_path = laptop / workspace.DB_NAME
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'inspections_date'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as f:  # an index page full of noise: the header and schema still read fine
        f.seek((root - 1) * page)
        f.write(b"\x0d" + os.urandom(page - 1))
    controller.settings.setValue("workspace/last", str(laptop))
    controller.start()
    assert controller.window is not None  # the open itself only looks at what is cheap
    qtbot.waitUntil(lambda: controller.damaged is not None and controller.damaged.isVisible(), timeout=20_000)
    assert controller.window is None and controller.ctx is None
    assert "quick_check" in controller.damaged.message.text() and "已损坏" in controller.damaged.message.text()
    assert store_integrity.damage(db_path) is not None  # writes stay refused until a restore


def test_the_weekly_check_reports_missing_photos_in_the_status_bar(qtbot, controller, laptop):
    with workspace.open_workspace(laptop) as ws:
        sha = ws.db.execute("SELECT sha256 FROM photos").fetchone()[0]
        evidence.photo_path(ws.evidence_dir, sha).unlink()
    controller.settings.setValue("workspace/last", str(laptop))
    controller.start()
    window = controller.window
    qtbot.waitUntil(lambda: window.findChild(QLabel, "checkNote") is not None, timeout=20_000)
    note = window.findChild(QLabel, "checkNote").text()
    assert "每周检查发现问题" in note and "照片文件缺失 1 处" in note
    assert "工作区" in window.status.text()  # the usual status stays beside it
    assert controller.damaged is None and controller.ctx is not None  # photos do not stop the work
    controller.switch_language("zh_CN")  # the rebuilt window keeps the note
    assert controller.window.findChild(QLabel, "checkNote").text() == note


def test_a_sound_workspace_shows_no_message_and_is_backed_up_once_a_day(qtbot, controller, laptop):
    controller.settings.setValue("workspace/last", str(laptop))
    controller.start()
    window = controller.window
    qtbot.waitUntil(lambda: controller.checks is None, timeout=20_000)
    assert window.findChild(QLabel, "checkNote") is None and controller.damaged is None


def _open_settings_and_ask_for_a_restore(controller, laptop):
    controller.settings.setValue("workspace/last", str(laptop))
    controller.start()
    window = controller.window
    assert window is not None
    settings_page = window.open_page("settings")
    assert settings_page.backups.restore_button.isEnabled()
    settings_page.backups.restore_button.click()
    dialog = controller.damaged
    assert dialog is not None and dialog.isVisible() and controller.window is None and controller.ctx is None
    assert dialog.windowTitle() == "恢复备份" and dialog.quit_button.text() == "取消"
    assert not dialog.restore_button.autoDefault()  # Enter never replaces the database
    return dialog


def test_a_backup_is_restored_from_the_settings_page(qtbot, controller, laptop):
    with workspace.open_workspace(laptop) as ws:  # recorded after the backup: the restore takes it back
        inspect(ws, site_code="YX-002", when=START, fails=0, photos=0, seed=6)
        assert workspace.workspace_info(ws)["inspections"] == 2
    dialog = _open_settings_and_ask_for_a_restore(controller, laptop)
    with qtbot.waitSignal(dialog.workspace_ready, timeout=20_000):
        dialog.restore_button.click()
    assert controller.window is not None and controller.window.isVisible()
    assert workspace.workspace_info(controller.ctx.workspace)["inspections"] == 1
    aside = [p for p in backup.backups_dir(laptop / workspace.DB_NAME).iterdir() if p.name.startswith("replaced")]
    assert len(aside) == 1  # what was replaced is kept
    with sqlite3.connect(aside[0]) as kept:
        assert kept.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 2


def test_cancelling_a_restore_opens_the_same_workspace_unchanged(qtbot, controller, laptop):
    dialog = _open_settings_and_ask_for_a_restore(controller, laptop)
    dialog.quit_button.click()
    assert controller.window is not None and controller.window.isVisible()
    assert str(controller.ctx.workspace.path) == str(laptop)
    assert workspace.workspace_info(controller.ctx.workspace)["inspections"] == 1
