"""Every page fits a laptop screen: 1366×768 and 1280×720 (1920×1080 at 150 %), Chinese and English, light and dark
palette — no widget outside the window, no text cut off; the window opens inside the screen; 确认 moves no button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from inspector import workspace
from ui import i18n, screen_fit
from ui.app import AppController, load_image_plugins, use_app_font
from ui.context import AppContext, Changes
from ui.main_window import ElidedLabel, MainWindow, normal_geometry
from ui.tasks import TaskRunner

LIMIT = (1280, 720)


@pytest.fixture(scope="module")
def scenery(qapp, tmp_path_factory):
    """The demo laptop with an open inspection and the oversight office, built once for the module, in the app's
    font."""
    font, palette = qapp.font(), QPalette(qapp.palette())
    use_app_font(qapp)
    load_image_plugins()
    made = screen_fit.build_scenery(tmp_path_factory.mktemp("fit"))
    yield made
    made.close()
    qapp.setFont(font)
    qapp.setPalette(palette)
    i18n.install("zh_CN")


def lightness(image: QImage) -> float:
    """Mean lightness of a screenshot (0 black … 255 white), on a 32×32 thumbnail."""
    small = image.scaled(32, 32)
    return sum(small.pixelColor(x, y).lightness() for x in range(32) for y in range(32)) / 1024


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_fits_laptop_screens(qapp, scenery, settings, language):
    i18n.install(language)
    runner = TaskRunner()
    light, dark = QPalette(qapp.palette()), screen_fit.dark_palette()
    problems: list[str] = []
    seen: set[str] = set()
    shades: dict[str, float] = {}
    try:
        for name, palette in (("light", light), ("dark", dark)):
            qapp.setPalette(palette)  # before the window is made, as a desktop's palette is
            for ws in (scenery.field, scenery.office):
                window = MainWindow(AppContext(ws, Changes(), runner, settings))
                window.show()
                try:
                    for _key in screen_fit.walk(window, runner, scenery.open_inspection):
                        pass  # every page exists: the window's minimum is theirs together
                    need = window.minimumSizeHint()
                    assert need.width() <= LIMIT[0] and need.height() <= LIMIT[1], f"{ws.role} needs {need.toTuple()}"
                    for size in screen_fit.SIZES:
                        screen_fit.set_size(window, size)
                        for key in screen_fit.walk(window, runner, scenery.open_inspection):
                            seen.add(key)
                            where = f"{language} {ws.role} {key} {size}"
                            assert window.size().toTuple() == size, f"{where}: the window grew"
                            problems += [f"{where} {name}: {line}" for line in screen_fit.fit_problems(window)]
                            shade = lightness(window.grab().toImage())
                            if name == "light":
                                shades[where] = shade
                            else:
                                assert shade < shades[where] - 40, f"{where}: the dark palette is not followed"
                finally:
                    window.close()
    finally:
        qapp.setPalette(light)
        runner.wait()
    assert seen == set(screen_fit.FIELD_KEYS) | set(screen_fit.OFFICE_KEYS)
    assert not problems, "\n".join(problems)


def test_the_check_finds_clipped_text_and_widgets_outside_the_window(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 240)
    cut = QLabel("一段放不下的很长很长很长的文字", window)
    cut.setObjectName("cut")
    cut.setGeometry(10, 10, 60, 20)
    wrapped = QLabel("很长的文字" * 10, window)
    wrapped.setObjectName("wrapped")
    wrapped.setWordWrap(True)
    wrapped.setGeometry(10, 40, 100, 20)
    outside = QPushButton("确定", window)
    outside.setObjectName("outside")
    outside.setGeometry(250, 200, 100, 30)
    squeezed = QCheckBox("同区回避同单位回避", window)
    squeezed.setObjectName("squeezed")
    squeezed.setGeometry(150, 10, 40, 24)
    combo = QComboBox(window)
    combo.setObjectName("combo")
    combo.addItem("本季度发现的全部问题")
    combo.setGeometry(200, 40, 90, 26)
    fine = QLabel("好", window)
    fine.setObjectName("fine")
    fine.setGeometry(10, 70, 60, 24)
    elided = ElidedLabel(window)
    elided.setObjectName("elided")
    elided.setText("很长" * 30)
    elided.setGeometry(10, 100, 60, 24)
    scroll = QScrollArea(window)
    scroll.setGeometry(10, 130, 200, 60)
    content = QWidget()
    column = QVBoxLayout(content)
    for n in range(8):
        column.addWidget(QLabel(f"第 {n} 行"))
    away = QLabel("滚出视野的一行")
    away.setObjectName("away")
    away.setFixedWidth(20)  # clipped, but scrolled out of view: it does not count
    column.addWidget(away)
    scroll.setWidget(content)
    window.show()
    qtbot.waitExposed(window)

    problems = screen_fit.fit_problems(window)
    names = ("cut", "wrapped", "outside", "squeezed", "combo", "fine", "elided", "away")
    flagged = {name for name in names if f"'{name}'" in " ".join(problems)}
    assert flagged == {"cut", "wrapped", "outside", "squeezed", "combo"}, problems


def test_the_window_opens_inside_the_screen(ctx, qtbot):
    available = QGuiApplication.primaryScreen().availableGeometry()  # offscreen: 800×800, too small for 1280×800
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    assert first.isMaximized() and available.contains(first.frameGeometry())

    first.showNormal()
    first.setGeometry(QRect(40, 60, 600, 500))
    first.close()  # remembers its place
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    assert not second.isMaximized() and second.geometry() == QRect(40, 60, 600, 500)

    second.setGeometry(QRect(0, 0, 1400, 900))  # saved on a bigger screen
    second.close()
    third = MainWindow(ctx)
    qtbot.addWidget(third)
    third.show()
    qtbot.waitExposed(third)
    assert third.isMaximized() and available.contains(third.frameGeometry())


def test_the_saved_place_is_kept_only_when_it_fits():
    laptop, desktop = QRect(0, 0, 1366, 728), QRect(0, 0, 1920, 1040)
    assert normal_geometry(laptop) is None  # 1280×800 with its title bar does not fit: maximise
    assert normal_geometry(desktop) == QRect(320, 120, 1280, 800)
    assert normal_geometry(laptop, QRect(20, 40, 1000, 600)) == QRect(20, 40, 1000, 600)
    assert normal_geometry(QRect(0, 0, 1280, 680), QRect(0, 30, 1280, 720)) is None  # 150 %: taller than the screen
    assert normal_geometry(desktop, QRect(1700, 40, 1000, 600)) == QRect(320, 120, 1280, 800)  # off the right edge


def test_switching_workspace_keeps_the_window_maximised(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.delenv("INSPECTOR_WORKSPACE", raising=False)
    monkeypatch.setattr(workspace, "default_path", lambda: tmp_path / "nowhere")
    for name in ("one", "two", "three"):
        workspace.init_demo_workspace(tmp_path / name).close()
    settings.setValue("workspace/last", str(tmp_path / "one"))
    controller = AppController(QApplication.instance(), settings)
    try:
        controller.start()
        controller.window.showMaximized()
        controller.open_workspace(str(tmp_path / "two"))
        assert controller.window.isMaximized() and controller.ctx.workspace.path == tmp_path / "two"
        controller.window.showFullScreen()
        controller.open_workspace(str(tmp_path / "three"))
        assert controller.window.isFullScreen()
    finally:
        controller.runner.wait()
        if controller.window is not None:
            controller.window.close()
        if controller.ctx is not None:
            controller.ctx.workspace.close()


def test_confirm_leaves_the_buttons_where_they_were(qapp, scenery, settings, qtbot):
    i18n.install("zh_CN")
    runner = TaskRunner()
    window = MainWindow(AppContext(scenery.office, Changes(), runner, settings))
    qtbot.addWidget(window)
    window.show()
    screen_fit.set_size(window, LIMIT)
    page = screen_fit.show_page(window, "problems", runner)
    lower = page.splitter.widget(1).minimumSizeHint().height()
    page.splitter.setSizes([page.splitter.height() - lower, lower])  # the detail pane as small as it goes
    pending = next(p for p in page.model.records() if p.review == "pending")
    assert page.select(pending.finding_id)
    screen_fit.settle()
    buttons = [b for b in page.actions.findChildren(QWidget) if b.isVisible() and hasattr(b, "text")]

    def places() -> list[tuple[str, tuple[int, int, int, int]]]:
        return [(b.text(), QRect(b.mapTo(window, QPoint(0, 0)), b.size()).getRect()) for b in buttons]

    before = places()
    qtbot.mouseClick(page.actions.confirm_button, Qt.MouseButton.LeftButton)
    screen_fit.settle()
    assert page.message.text() == "已确认 1 个问题。" and page.message.isVisible()
    assert not page.actions.confirm_button.isEnabled() and page.actions.confirm_button.isVisible()
    assert places() == before
    runner.wait()
    window.close()
