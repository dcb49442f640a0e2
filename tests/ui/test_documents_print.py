"""文书 → 打印… the way a user prints: the button opens the real print dialog, the page range and copies are chosen
on its widgets, the dialog is accepted, and the PDF printer receives exactly the pages asked for."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QRadioButton, QSpinBox

from inspector.oversight import numbering
from tests.ui import test_oversight_documents as documents
from ui.oversight.document_work import print_order

month = documents.month
page = documents.page


def pdf_pages(path) -> int:
    """The page count poppler reads from a PDF file."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def open_print_dialog(page, qtbot) -> QPrintDialog:
    """Click 打印… and return the print dialog that shows."""
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QPrintDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog.isVisible() and dialog.windowTitle() == "打印文书"
    return dialog


def to_pdf_file(dialog: QPrintDialog, path) -> None:
    """Choose the dialog's print-to-PDF printer and type the file name, as a user does."""
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.count() - 1)  # Qt lists "Print to File (PDF)" after the real printers
    dialog.findChild(QLineEdit, "filename").setText(str(path))
    dialog.printer().setResolution(72)  # keeps the rasterised pages small


def test_the_print_button_opens_the_dialog_and_prints_the_chosen_pages_and_copies(page, month, qtbot, tmp_path):
    page.generate()
    documents.finish(page, qtbot)
    assert page.document.pageCount() == 6
    dialog = open_print_dialog(page, qtbot)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection)
    assert (dialog.minPage(), dialog.maxPage()) == (1, 6)  # the preview's length
    target = tmp_path / "printed.pdf"
    to_pdf_file(dialog, target)
    dialog.findChild(QRadioButton, "printRange").setChecked(True)
    dialog.findChild(QSpinBox, "from").setValue(2)
    dialog.findChild(QSpinBox, "to").setValue(4)
    dialog.findChild(QSpinBox, "copies").setValue(2)
    dialog.findChild(QCheckBox, "collate").setChecked(True)
    assert numbering.list_numbers(month.db) == []
    dialog.accept()
    assert page.busy()
    documents.finish(page, qtbot)
    assert pdf_pages(target) == 6  # pages 2–4, twice
    assert page.message.text() == "已将 6 页发送到打印机。"
    assert [n.number for n in numbering.list_numbers(month.db)] == ["云创文办〔2026〕1号"]


def test_printing_all_pages_without_a_preview(page, qtbot, tmp_path):
    page.form.set_kind("notice")
    assert not page.print_button.isEnabled()  # the units a notice can go to are still being read
    assert page.wait_loaded() and page.print_button.isEnabled()
    dialog = open_print_dialog(page, qtbot)
    assert dialog.maxPage() == 999  # no preview: the length is not known yet
    target = tmp_path / "notice.pdf"
    to_pdf_file(dialog, target)
    dialog.accept()
    documents.finish(page, qtbot)
    assert pdf_pages(target) == page.document.pageCount() == 4


def test_a_cancelled_dialog_prints_nothing_and_reserves_no_number(page, month, qtbot, tmp_path):
    dialog = open_print_dialog(page, qtbot)
    to_pdf_file(dialog, tmp_path / "never.pdf")
    dialog.reject()
    assert not page.busy() and not (tmp_path / "never.pdf").exists()
    assert numbering.list_numbers(month.db) == []


def test_a_range_past_the_last_page_gets_a_verdict(page, qtbot, tmp_path):
    page.form.set_kind("exposure")  # one page
    dialog = open_print_dialog(page, qtbot)
    to_pdf_file(dialog, tmp_path / "none.pdf")
    dialog.findChild(QRadioButton, "printRange").setChecked(True)
    dialog.findChild(QSpinBox, "to").setValue(3)
    dialog.findChild(QSpinBox, "from").setValue(3)
    dialog.accept()
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.is_error() and "不在文书的 1–1 页之内" in page.message.text()


def pdf_printer(**settings) -> QPrinter:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    for name, value in settings.items():
        getattr(printer, name)(*value) if isinstance(value, tuple) else getattr(printer, name)(value)
    return printer


def test_print_order_follows_the_range_order_and_copies(qapp):
    assert print_order(pdf_printer(), 3) == [0, 1, 2]
    ranged = pdf_printer(setPrintRange=QPrinter.PrintRange.PageRange, setFromTo=(2, 3))
    assert print_order(ranged, 5) == [1, 2]
    assert print_order(ranged, 1) == []
    assert print_order(pdf_printer(setPageOrder=QPrinter.PageOrder.LastPageFirst), 3) == [2, 1, 0]
    collated = pdf_printer(setCopyCount=2, setCollateCopies=True)
    assert not collated.supportsMultipleCopies()  # the PDF engine: the app makes the copies
    assert print_order(collated, 3) == [0, 1, 2, 0, 1, 2]
    assert print_order(pdf_printer(setCopyCount=2, setCollateCopies=False), 2) == [0, 0, 1, 1]


class TwoSidedPdfPrinter(QPrinter):
    """A PDF printer that says it prints on both sides (Qt's PDF engine keeps DuplexNone)."""

    def duplex(self) -> QPrinter.DuplexMode:
        return QPrinter.DuplexMode.DuplexLongSide


def test_on_two_sides_each_collated_copy_starts_on_a_new_sheet(qapp):
    printer = TwoSidedPdfPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert print_order(printer, 3) == [0, 1, 2, None, 0, 1, 2]  # a blank back after the odd-paged first copy
    assert print_order(printer, 2) == [0, 1, 0, 1]
