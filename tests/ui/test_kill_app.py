"""Killing the app mid-inspection loses nothing: the restarted app reopens the inspection where it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspector import workspace
from inspector.field import inspections
from inspector.register import sites
from tests.conftest import ROOT
from ui.app import AppController

CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from ui.app import AppController
    controller = AppController(app, QSettings({ini!r}, QSettings.Format.IniFormat))
    controller.start()
    page = controller.window.open_page("tasks")
    app.processEvents()
    runner = page.runner
    for n in range({answers}):
        code = runner.current_code()
        runner.answer("pass" if n % 3 else "na")
        app.processEvents()
        print(code, flush=True)
    time.sleep(60)
    """
)


def test_killed_app_loses_no_answer_and_reopens_the_inspection(qapp, tmp_path, monkeypatch):
    path = tmp_path / "laptop"
    with workspace.init_demo_workspace(path) as ws:
        site = sites.list_sites(ws.db, site_type="market")[0]
        inspection = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="unannounced")
        total = len(inspections.inspection_checklist(ws.db, inspection).codes)
    ini = str(tmp_path / "settings.ini")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_WORKSPACE=str(path))
    script = CHILD.format(root=str(ROOT), ini=ini, answers=total // 2)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    acknowledged = [child.stdout.readline().strip() for _ in range(total // 2)]
    assert all(acknowledged), "the app stopped before answering"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    with workspace.open_workspace(path) as ws:
        recorded = {f.item_code for f in inspections.current_findings(ws.db, inspection.id)}
        assert set(acknowledged) <= recorded
        first_unanswered = next(
            c for c in inspections.inspection_checklist(ws.db, inspection).codes if c not in recorded
        )
    monkeypatch.setenv("INSPECTOR_WORKSPACE", str(path))
    controller = AppController(QApplication.instance(), QSettings(ini, QSettings.Format.IniFormat))
    try:
        controller.start()
        assert controller.window.current_key() == "tasks"
        page = controller.window.pages["tasks"]
        qapp.processEvents()
        assert page.runner is not None and page.runner.inspection_id == inspection.id
        assert page.runner.current_code() == first_unanswered
    finally:
        controller.window.close()
        controller.ctx.workspace.close()
