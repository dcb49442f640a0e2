from PySide6.QtCore import Qt

from inspector import fonts
from ui import i18n
from ui.main_window import FIELD_PAGES, MainWindow
from ui.pages.history_page import HistoryPage
from ui.pages.settings_page import SettingsPage
from ui.pages.sites_page import SitesPage

SETTINGS_ONLY = tuple(spec for spec in FIELD_PAGES if spec.key == "settings")


def test_choosing_english_asks_the_main_window_to_switch(qtbot, ctx):
    window = MainWindow(ctx, SETTINGS_ONLY)
    qtbot.addWidget(window)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.language.currentData() == "zh_CN"
    with qtbot.waitSignal(window.language_change_requested) as switch:
        page.language.setCurrentIndex(page.language.findData("en"))
    assert switch.args == ["en"]
    assert ctx.settings.value("language") == "en"


def test_pages_follow_the_installed_language(qtbot, ctx):
    try:
        i18n.install("en")
        english = SitesPage(ctx)
        qtbot.addWidget(english)
        assert english.add_button.text() == "Add site…"
        assert english.model.headerData(1, Qt.Orientation.Horizontal) == "Name"
        history = HistoryPage(ctx)
        qtbot.addWidget(history)
        assert history.filters.mode.itemText(1) == "Announced"
    finally:
        i18n.install("zh_CN")
    chinese = SitesPage(ctx)
    qtbot.addWidget(chinese)
    assert chinese.add_button.text() == "新增点位…"
    assert chinese.model.headerData(1, Qt.Orientation.Horizontal) == "点位名称"
    history = HistoryPage(ctx)
    qtbot.addWidget(history)
    assert [history.filters.mode.itemText(i) for i in (1, 2)] == ["明察", "暗访"]
    assert [history.filters.status.itemText(i) for i in (1, 2)] == ["进行中", "已完成"]


def test_the_profile_and_workspace_are_shown(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    texts = " ".join(label.text() for label in page.findChildren(type(page.font_status)))
    assert "I-001" in texts and "张明" in texts and "云栖区" in texts
    assert str(ctx.workspace.path) in texts and "外勤笔记本" in texts
    assert not page.open_workspace(str(ctx.workspace.path.parent))
    assert "不是工作区" in page.workspace_error.text()


def test_the_font_check_lists_every_role(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.fonts.rowCount() == len(fonts.ROLES), timeout=10_000)
    roles = [page.fonts.index(r, 0).data() for r in range(page.fonts.rowCount())]
    assert roles == ["仿宋", "宋体", "黑体", "楷体", "标题（小标宋）"]
    report = fonts.font_report()
    for row, role in enumerate(fonts.ROLES):
        choice = report[role]
        expected = ("", "未找到") if choice is None else (choice.family, "标准字体" if choice.exact else "相近字体")
        assert (page.fonts.index(row, 1).data(), page.fonts.index(row, 2).data()) == expected
        assert page.fonts.index(row, 3).data() == ("" if choice is None else str(choice.path))


def test_with_no_font_the_install_hint_is_shown(qtbot, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USER_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    fonts.clear_cache()
    try:
        page = SettingsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.fonts.rowCount() == len(fonts.ROLES), timeout=10_000)
        assert [page.fonts.index(r, 2).data() for r in range(5)] == ["未找到"] * 5
        assert "5 类字体未找到" in page.font_status.text()
        assert page.hint.isVisible() and page.hint.toPlainText() == fonts.install_hint()
    finally:
        fonts.clear_cache()
