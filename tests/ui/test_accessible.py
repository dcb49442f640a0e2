"""Accessible names: every input, list and table on every page of a field and an office window has a name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector.field import inspections
from inspector.register import sites
from ui.widgets import accessible


def described(widgets) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}" for w in widgets]


def open_window(ctx, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    return window


def assert_every_page_named(window) -> None:
    missing = {}
    for spec in window.specs:
        window.open_page(spec.key)
        QApplication.processEvents()
        unnamed = accessible.unnamed(window)
        if unnamed:
            missing[spec.key] = described(unnamed)
    assert missing == {}


def test_every_control_of_the_field_window_has_a_name(ctx, qtbot):
    window = open_window(ctx, qtbot)
    assert_every_page_named(window)

    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    started = inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="announced")
    runner = window.open_page("tasks").open_runner(started.id)
    QApplication.processEvents()
    assert described(accessible.unnamed(window)) == []
    assert runner.table.accessibleName() and runner.detail.note.accessibleName() == "备注（N）"

    history = window.open_page("history")
    history.refresh()
    assert history.wait_loaded() and history.select(started.id)
    QApplication.processEvents()
    assert described(accessible.unnamed(window)) == []


@pytest.fixture
def office_ctx(qapp, ws, tmp_path):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    runner = TaskRunner()
    yield AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "office.ini"), QSettings.Format.IniFormat))
    runner.wait()


def test_every_control_of_the_office_window_has_a_name(office_ctx, qtbot):
    window = open_window(office_ctx, qtbot)
    assert_every_page_named(window)
    problems = window.open_page("problems")
    assert problems.table.accessibleName() == "问题与整改"
    assert problems.filters.status.accessibleName() == "状态"
    for key in ("problems", "history"):  # the main lists show 10+ rows in a window on a 1366×768 screen
        table = window.open_page(key).table
        QApplication.processEvents()
        assert table.viewport().height() >= 10 * table.verticalHeader().defaultSectionSize(), key


def test_names_come_from_the_labels_on_screen(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    heading, combo, search, bare = QLabel("整改时限："), QComboBox(), QLineEdit(), QLineEdit()
    search.setPlaceholderText("搜索点位")
    for widget in (heading, combo, search, bare):
        layout.addWidget(widget)
    accessible.name_unnamed(root)
    assert (combo.accessibleName(), search.accessibleName(), bare.accessibleName()) == ("整改时限", "搜索点位", "")
    root.show()
    assert accessible.unnamed(root) == [bare]
    assert accessible.clean("导出到(&F)…") == "导出到(F)"


def dialog_gaps(dialog, qtbot) -> list[str]:
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    gaps = described(accessible.unnamed(dialog))
    dialog.close()
    return gaps


def test_every_field_of_the_field_dialogs_has_a_name(ctx, qtbot, tmp_path):
    from ui.exchange.export_dialog import ExportDialog
    from ui.exchange.passphrase import CHANGE, PassphraseDialog
    from ui.exchange.registration import RegistrationDialog
    from ui.first_start import FirstStartDialog
    from ui.pages.site_dialog import AddSiteDialog
    from ui.runner.spot_check import SpotCheckDialog

    dialogs = {
        "spot check": SpotCheckDialog(ctx),
        "add site": AddSiteDialog(ctx),
        "first start": FirstStartDialog(demo_path=tmp_path / "demo"),
        "passphrase": PassphraseDialog(ctx, CHANGE),
        "export": ExportDialog(ctx),
        "registration": RegistrationDialog(ctx),
    }
    assert {key: dialog_gaps(dialog, qtbot) for key, dialog in dialogs.items()} == {key: [] for key in dialogs}


def test_every_field_of_the_office_dialogs_has_a_name(office_ctx, qtbot):
    from datetime import date

    from ui.office.registry_dialogs import RegisterDialog
    from ui.oversight.rechecks_dialog import RecheckDialog

    dialogs = {"register": RegisterDialog(office_ctx), "rechecks": RecheckDialog(office_ctx, date(2026, 11, 20))}
    assert {key: dialog_gaps(dialog, qtbot) for key, dialog in dialogs.items()} == {key: [] for key in dialogs}
