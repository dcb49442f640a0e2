"""The application shell: first start, the main window, the language switch, remembered state."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspector import workspace
from ui import i18n
from ui.app import AppController
from ui.first_start import FirstStartDialog


def rail_labels(window) -> list[str]:
    return [window.rail.item(i).text() for i in range(window.rail.count())]


def test_first_start_offers_the_demo_workspace(qtbot, tmp_path):
    dialog = FirstStartDialog(demo_path=tmp_path / "demo")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.workspace_ready) as ready:
        dialog._start()
    assert ready.args == [str(tmp_path / "demo")]
    with workspace.open_workspace(tmp_path / "demo") as ws:
        assert workspace.workspace_info(ws)["sites"] == 66 and ws.role == "field"


def test_first_start_creates_the_inspectors_own_workspace(qtbot, tmp_path):
    i18n.install("zh_CN")
    dialog = FirstStartDialog(demo_path=tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.own.setChecked(True)
    dialog.folder.setText(str(tmp_path / "mine"))
    dialog._start()
    assert "姓名" in dialog.error.text() and not workspace.is_workspace(tmp_path / "mine")
    dialog.name.setText("赵磊")
    dialog.inspector_id.setText("I-009")
    dialog.district.setText("鹭洲区")
    with qtbot.waitSignal(dialog.workspace_ready):
        dialog._start()
    with workspace.open_workspace(tmp_path / "mine") as ws:
        assert ws.inspector == {"id": "I-009", "name": "赵磊", "district": "鹭洲区", "unit": ""}


def test_controller_reopens_the_last_workspace_and_switches_language(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("INSPECTOR_WORKSPACE", raising=False)
    monkeypatch.setattr(workspace, "default_path", lambda: tmp_path / "nowhere")
    workspace.init_demo_workspace(tmp_path / "ws").close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("workspace/last", str(tmp_path / "ws"))
    controller = AppController(QApplication.instance(), settings)
    try:
        controller.start()
        window = controller.window
        assert window is not None and window.isVisible()
        assert rail_labels(window) == ["任务", "点位", "检查记录", "负面清单", "数据交换", "设置"]
        assert "演示工作区" in window.status.text() and "张明" in window.status.text()
        window.open_page("history")
        controller.switch_language("en")
        english = controller.window
        assert english is not window and english.current_key() == "history"
        assert rail_labels(english) == ["Tasks", "Sites", "Inspections", "Negative list", "Exchange", "Settings"]
        assert settings.value("language") == "en"
        english.resize(english.width(), 640)  # the offscreen screen is 800 px wide
        english.close()
        assert settings.value("window/page") == "history"
        again = AppController(QApplication.instance(), settings)
        again.start()
        assert again.window.current_key() == "history" and again.window.height() == 640
        assert rail_labels(again.window)[0] == "Tasks"
        again.window.close()
        again.ctx.workspace.close()
    finally:
        i18n.install("zh_CN")
        if controller.ctx is not None:
            controller.ctx.workspace.close()


def test_a_clock_behind_the_last_record_is_shown_in_the_status_bar(qtbot, tmp_path):
    from datetime import timedelta

    from inspector import clock
    from inspector.field import inspections
    from inspector.register import sites
    from ui.context import AppContext, Changes
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    ws = workspace.init_demo_workspace(tmp_path / "ws")
    site = sites.list_sites(ws.db)[0]
    inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-001", mode="announced")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(ws, Changes(), TaskRunner(), settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.clock_warning.isHidden()
    with clock.travel(clock.now() - timedelta(days=2)):  # the battery died; the clock came back two days late
        ctx.changes.announce("inspections")
        assert not window.clock_warning.isHidden()
        assert window.clock_warning.text() == "电脑时钟早于上一次记录：请校准日期和时间"
        assert "早于本机上一次记录的时间" in window.clock_warning.toolTip()
    ctx.changes.announce("inspections")
    assert window.clock_warning.isHidden()
    ws.close()


def test_a_job_still_queued_when_the_workspace_closes_never_opens_it(qapp, tmp_path):
    import threading

    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner
    from ui.widgets.jobs import run_job

    ws = workspace.init_demo_workspace(tmp_path / "ws")
    runner = TaskRunner(max_threads=1)
    ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    gate = threading.Event()
    runner.start(lambda _token: gate.wait(10))  # the only thread is busy: the page's load waits in the queue
    opened: list[object] = []
    ended: list[str] = []
    run_job(
        ctx,
        lambda job_ws, _token: opened.append(job_ws.path),
        finished=lambda _result: ended.append("finished"),
        failed=lambda _exc: ended.append("failed"),
        cancelled=lambda: ended.append("cancelled"),
    )
    ctx.closed = True  # the user switched workspaces (or is restoring this one)
    ws.close()
    gate.set()
    assert runner.wait(10_000)
    qapp.processEvents()
    assert opened == [] and ended == ["cancelled"]


def test_the_app_names_itself_with_the_icon_and_the_desktop_entry(qapp):
    import configparser

    from tests.conftest import ROOT
    from ui.app import DESKTOP_FILE, app_icon, identify

    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName(), qapp.desktopFileName())
    try:
        identify(qapp)
        assert qapp.applicationDisplayName() == "创文督查"
        assert (qapp.organizationName(), qapp.applicationName()) == ("inspector", "inspector")  # settings, data
        icon = qapp.windowIcon()
        assert not icon.isNull() and not icon.pixmap(48, 48).isNull()
        assert app_icon().pixmap(256, 256).toImage().pixelColor(128, 20).name() == "#c62828"  # 创文 red, not blank
        # Wayland finds the desktop entry (name, icon) by this name: the .deb installs it as cwdc.desktop
        assert (ROOT / "packaging" / "deb" / f"{DESKTOP_FILE}.desktop").is_file()
        assert qapp.desktopFileName() == DESKTOP_FILE
        entry = configparser.ConfigParser(interpolation=None)
        entry.optionxform = str
        entry.read(ROOT / "packaging" / "deb" / f"{DESKTOP_FILE}.desktop", encoding="utf-8")
        # X11 matches the window by WM_CLASS, whose class part Qt takes from the application name
        assert entry["Desktop Entry"]["StartupWMClass"] == qapp.applicationName()
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
        qapp.setApplicationDisplayName(names[2])
        qapp.setDesktopFileName(names[3])
