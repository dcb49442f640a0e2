"""文书 page: a circular previewed off the UI thread in QtPdf, exported with its number, printed to a PDF file;
notices go to one unit; the problem list previews as a table and exports as Excel."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from inspector import clock
from inspector.oversight import numbering, reports, review
from inspector.periods import parse_period
from inspector.tracking.problems import list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect

ISSUED = date(2026, 11, 30)


@pytest.fixture
def month(ws):
    """November at the four markets: most problems confirmed, one pending, one approved for exposure."""
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1}, mode="announced")
    inspect(ws, "LZ-006", date(2026, 11, 24), {WEEK_ITEM: 1, "NL-ENV-008": 1})
    found = list_problems(ws.db, today=ISSUED)
    pending = next(p for p in found if p.item_code == "NL-ENV-008")
    review.confirm(ws.db, [p.finding_id for p in found if p is not pending])
    exposed = next(p for p in found if p.item_code == BOARD_ITEM)
    review.approve_exposure(ws.db, exposed.finding_id, masks={exposed.photos[0]: [(40, 40, 80, 80)]})
    return ws


@pytest.fixture
def page(qapp, qtbot, month, tmp_path):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight.documents_page import DocumentsPage
    from ui.tasks import TaskRunner

    with clock.travel(clock.at(ISSUED, time(10))):  # the pages read the one clock
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(month, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        made = DocumentsPage(ctx)
        qtbot.addWidget(made)
        made.resize(1130, 760)
        made.show()
        yield made
        runner.wait()
        made.close()


def finish(page, qtbot) -> None:
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert not page.message.is_error(), page.message.text()


def test_circular_preview_export_and_print(page, month, qtbot, tmp_path):
    form = page.form
    assert form.kind() == "circular" and form.period.period().text == "2026-11"
    assert form.addressees.text() == "各区创文办，市直各有关单位"
    assert form.copy_to.text() == "市委办公室，市政府办公室，市纪委监委"  # the letterhead's copy-to list
    form.addressees.setText("各区创文办")
    form.addressees.textEdited.emit("各区创文办")
    assert page.generate() is not None and page.busy() and not page.generate_button.isEnabled()
    finish(page, qtbot)
    assert page.document.status() == QPdfDocument.Status.Ready and page.document.pageCount() >= 1
    assert "云创文办〔2026〕1号" in page.number.text() and "尚未占用" in page.number.text()
    assert numbering.list_numbers(month.db) == []  # a preview reserves no number
    assert "1 个问题未审核" in page.notes.text()

    target = tmp_path / "out" / "通报.pdf"
    page.export_to(target, "pdf")
    finish(page, qtbot)
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")
    assert [n.number for n in numbering.list_numbers(month.db)] == ["云创文办〔2026〕1号"]
    assert "云创文办〔2026〕1号" in page.message.text() and page.number.text() == "已发文：云创文办〔2026〕1号"
    page.export_to(tmp_path / "out" / "通报.docx", "docx")
    finish(page, qtbot)
    assert (tmp_path / "out" / "通报.docx").is_file() and len(numbering.list_numbers(month.db)) == 1  # same number

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    page.start_print(printer)
    finish(page, qtbot)
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == page.document.pageCount() >= 1
    assert page.message.text() == f"已将 {printed.pageCount()} 页发送到打印机。"
    printed.close()


def test_notice_to_one_unit_and_the_problem_list(page, month, qtbot, tmp_path):
    page.form.set_kind("notice")
    assert page.wait_loaded()
    units = [page.form.unit.itemData(i) for i in range(page.form.unit.count())]
    assert units == ["城市管理局", "市文明办"] and not page.form.addressees.isEnabled()
    page.form.unit.setCurrentIndex(1)
    assert page.form.addressees.text() == "市文明办"
    page.generate()
    finish(page, qtbot)
    assert page.document.pageCount() >= 1 and "云创文办〔2026〕1号" in page.number.text()

    page.form.set_kind("problems")
    assert not page.print_button.isEnabled() and page.form.format.currentData() == "xlsx"
    page.generate()
    finish(page, qtbot)
    assert page.list_model.rowCount() == 4 and page.preview.currentWidget() is page.list_view  # not the pending one
    page.export_to(tmp_path / "清单.xlsx", "xlsx")
    finish(page, qtbot)
    assert (tmp_path / "清单.xlsx").is_file()


def test_exposure_sheet_as_a_web_page(page, qtbot, tmp_path):
    page.form.set_kind("exposure")
    assert [page.form.format.itemData(i) for i in range(page.form.format.count())] == ["pdf", "docx", "html"]
    page.export_to(tmp_path / "web" / "曝光台.html", "html")
    finish(page, qtbot)
    assert (tmp_path / "web" / "曝光台.html").is_file() and list((tmp_path / "web").glob("*.jpg"))
    assert "第1期" in page.message.text()


@pytest.fixture
def no_biang(tmp_path, monkeypatch):
    """This machine's fonts without those that have 𰻝 (Extension G): a character no font has."""
    from tests.font_kit import fonts_without

    yield from fonts_without("𰻝", tmp_path, monkeypatch)


def test_the_preview_names_characters_no_font_has_before_export(no_biang, page, month, qtbot):
    from inspector import fonts
    from inspector.oversight import rectification

    unit = "𰻝𰻝面馆"
    assert fonts.uncovered(unit) == {"𰻝"}
    problem = next(p for p in list_problems(month.db, today=ISSUED) if p.review == "confirmed")
    rectification.set_unit(month.db, problem.reference, unit, reason="属地管理")
    page.refresh()
    page.form.set_kind("notice")
    assert page.wait_loaded()
    page.form.unit.setCurrentIndex([page.form.unit.itemData(i) for i in range(page.form.unit.count())].index(unit))
    page.generate()
    finish(page, qtbot)
    assert "𰻝（U+30EDD）" in page.notes.text() and "〓" in page.notes.text()
    assert numbering.list_numbers(month.db) == []  # shown with the preview, before anything is exported
    page.form.set_kind("problems")
    page.generate()
    finish(page, qtbot)
    assert "𰻝（U+30EDD）" in page.notes.text()


def test_the_pending_note_speaks_english_in_the_english_interface(page, qtbot):
    import re

    from ui import i18n

    i18n.install("en")
    try:
        assert page.generate() is not None
        finish(page, qtbot)
        notes = page.notes.text()
        assert "1 problem(s) of the period are not reviewed yet" in notes
        assert re.search(r"[\u4e00-\u9fff]", notes) is None  # the core's sentence is Chinese: it is not shown here
    finally:
        i18n.install("zh_CN")


def test_the_form_is_usable_while_a_notice_reads_its_units_and_a_superseded_answer_is_dropped(page, monkeypatch):
    real, reached, release, finished = reports.notice_problems, threading.Event(), threading.Event(), []

    def notice_problems(db, period, **kwargs):  # November's units wait in the worker until released
        if period.text == "2026-11":
            reached.set()
            release.wait(30)
        found = real(db, period, **kwargs)
        finished.append((period.text, list(found)))
        return found

    monkeypatch.setattr(reports, "notice_problems", notice_problems)
    form = page.form
    form.set_kind("notice")
    assert page.loading() and form.unit.currentText() == "正在汇总本时段的问题…" and form.unit.currentData() is None
    assert not page.generate_button.isEnabled() and not page.print_button.isEnabled()  # a notice needs its unit
    controls = (form.period.kind, form.period.period_combo, form.copy_to, form.issued_on, form.format)
    assert all(widget.isEnabled() for widget in (*controls, *form.kind_buttons.values()))
    assert reached.wait(10)
    form.period.set_period(parse_period("2026-10"))  # supersedes November while its worker still runs
    assert page.wait_loaded() and not page.loading()
    assert [form.unit.itemText(i) for i in range(form.unit.count())] == ["本时段没有待整改问题的责任单位"]
    release.set()
    assert page.ctx.runner.wait()
    QCoreApplication.processEvents()  # November's answer arrives now
    assert finished == [("2026-10", []), ("2026-11", ["城市管理局", "市文明办"])]  # it was computed...
    assert [form.unit.itemText(i) for i in range(form.unit.count())] == ["本时段没有待整改问题的责任单位"]  # not shown
    assert not page.generate_button.isEnabled()
    form.period.set_period(parse_period("2026-11"))
    assert page.wait_loaded()
    assert [form.unit.itemData(i) for i in range(form.unit.count())] == ["城市管理局", "市文明办"]
    assert page.generate_button.isEnabled() and form.addressees.text() == "城市管理局"
