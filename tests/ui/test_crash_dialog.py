"""The app's last guard: an uncaught error is one dialog with a clear sentence; a defect leaves a report file."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector import crash
from ui import crash_dialog, i18n


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(crash, "report_folder", lambda: tmp_path / "reports")
    yield
    for box in crash_dialog._open:
        box.close()
    crash_dialog._open.clear()


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_a_damaged_database_says_what_to_do(qapp, qtbot):
    i18n.install("zh_CN")
    box = crash_dialog.show_error(_raise(sqlite3.DatabaseError("database disk image is malformed")))
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "出错了"
    assert "已损坏" in box.text() and "恢复备份" in box.text() and "Traceback" not in box.text()


def test_a_defect_writes_a_report_and_names_it(qapp, qtbot, tmp_path):
    box = crash_dialog.show_error(_raise(ZeroDivisionError("division by zero")))
    reports = list((tmp_path / "reports").glob("inspector-crash-*.txt"))
    assert len(reports) == 1 and "ZeroDivisionError" in reports[0].read_text("utf-8")
    assert str(reports[0]) in box.text() and "程序内部错误" in box.text()
    # a second error while the first dialog is open adds a report, not a second dialog
    assert crash_dialog.show_error(_raise(KeyError("x"))) is None
    assert len(list((tmp_path / "reports").glob("*.txt"))) == 2
    box.done(0)
    assert crash_dialog._open == []


def test_the_hook_catches_what_a_slot_raises(qapp, qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash_dialog.install()
    error = _raise(sqlite3.OperationalError("database or disk is full"))
    sys.excepthook(type(error), error, error.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()]
    assert len(boxes) == 1 and "磁盘空间已满" in boxes[0].text()
