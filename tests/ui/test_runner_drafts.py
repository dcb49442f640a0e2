"""A note being typed is kept as a draft (throttled) and comes back when the inspection is reopened, even after
the app was killed; it becomes the answer's note when the inspector moves on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from inspector import workspace
from inspector.field import inspections, session
from inspector.register import sites
from tests.conftest import ROOT
from tests.ui.test_runner import _runner
from tests.ui.test_runner_forgiving import type_chinese
from ui.app import AppController


@pytest.fixture
def inspection(ctx):
    """An open unannounced inspection of the demo market."""
    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    return inspections.start_inspection(
        ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced", place=site.address
    )


def _note(db, inspection_id, code):
    return next(f.note for f in inspections.current_findings(db, inspection_id) if f.item_code == code)


def test_a_note_being_typed_is_drafted_after_a_pause_and_restored_by_a_new_runner(ctx, qtbot, inspection):
    from ui.runner.runner import ChecklistRunner

    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_1)
    runner.select_code(code)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    type_chinese(runner.detail.note, "门前")
    type_chinese(runner.detail.note, "有积水")
    assert session.note_drafts(ctx.db, inspection.id) == {}  # throttled: not written on every keystroke
    qtbot.waitUntil(lambda: session.note_drafts(ctx.db, inspection.id) == {code: "门前有积水"}, timeout=5_000)
    assert _note(ctx.db, inspection.id, code) == ""  # a draft, not yet the answer's note
    assert runner.detail.note.hasFocus()

    again = ChecklistRunner(ctx, inspection.id)  # what the restarted app opens (not shown: the first keeps focus)
    qtbot.addWidget(again)
    assert again.current_code() == code
    assert again.detail.note.toPlainText() == "门前有积水"
    assert "第 1 项正在输入的备注已恢复" in again.messages.text()
    qtbot.keyClick(again.table, Qt.Key.Key_Down)  # the inspector moves on: the draft becomes the note
    assert _note(ctx.db, inspection.id, code) == "门前有积水"
    assert session.note_drafts(ctx.db, inspection.id) == {}
    history = inspections.finding_history(ctx.db, inspection.id, code)
    assert [(f.outcome, f.note) for f in history] == [("pass", ""), ("pass", "门前有积水")]


def test_a_note_saved_or_typed_back_leaves_no_draft(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    runner.select_code(code)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    type_chinese(runner.detail.note, "占道")
    runner.drafts.timer.timeout.emit()  # the pause after typing
    assert session.note_drafts(ctx.db, inspection.id) == {code: "占道"}
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Return)  # saved as the note: the draft goes
    assert session.note_drafts(ctx.db, inspection.id) == {} and _note(ctx.db, inspection.id, code) == "占道"

    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    type_chinese(runner.detail.note, "经营")
    runner.drafts.timer.timeout.emit()
    assert session.note_drafts(ctx.db, inspection.id) == {code: "占道经营"}
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Backspace)
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Backspace)  # typed back to the saved note
    runner.drafts.timer.timeout.emit()
    assert session.note_drafts(ctx.db, inspection.id) == {}
    assert len(inspections.finding_history(ctx.db, inspection.id, code)) == 2


CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from inspector.field import session
    from ui.app import AppController
    controller = AppController(app, QSettings({ini!r}, QSettings.Format.IniFormat))
    controller.start()
    page = controller.window.open_page("tasks")
    app.processEvents()
    runner = page.runner
    code = runner.current_code()
    runner.answer("fail")
    runner.select_code(code)
    runner.focus_note()
    event = QInputMethodEvent("", [])
    event.setCommitString({note!r})
    QApplication.sendEvent(runner.detail.note, event)
    deadline = time.monotonic() + 60  # a loaded machine starts the app slowly
    while not session.note_drafts(controller.ctx.db, runner.inspection_id) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    print(code, flush=True)
    time.sleep(120)
    """
)


def test_a_note_typed_when_the_app_is_killed_comes_back(qapp, tmp_path, monkeypatch):
    path = tmp_path / "laptop"
    with workspace.init_demo_workspace(path) as ws:
        site = sites.list_sites(ws.db, site_type="market")[0]
        inspection = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="unannounced")
    ini = str(tmp_path / "settings.ini")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_WORKSPACE=str(path))
    script = CHILD.format(root=str(ROOT), ini=ini, note="垃圾桶满溢，周边散落垃圾")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    code = child.stdout.readline().strip()
    assert code, "the app stopped before typing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    with workspace.open_workspace(path) as ws:
        assert session.note_drafts(ws.db, inspection.id) == {code: "垃圾桶满溢，周边散落垃圾"}
        assert _note(ws.db, inspection.id, code) == ""
    monkeypatch.setenv("INSPECTOR_WORKSPACE", str(path))
    controller = AppController(QApplication.instance(), QSettings(ini, QSettings.Format.IniFormat))
    try:
        controller.start()
        page = controller.window.pages["tasks"]
        qapp.processEvents()
        runner = page.runner
        assert runner is not None and runner.current_code() == code
        assert runner.detail.note.toPlainText() == "垃圾桶满溢，周边散落垃圾"
        runner.answer("fail")  # the inspector goes on: the draft is saved as the answer's note
        assert _note(controller.ctx.db, inspection.id, code) == "垃圾桶满溢，周边散落垃圾"
        assert session.note_drafts(controller.ctx.db, inspection.id) == {}
    finally:
        controller.window.close()
        controller.ctx.workspace.close()
