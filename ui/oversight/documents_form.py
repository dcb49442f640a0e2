"""The clerk's form: document type, period, unit (notices), addressees and copy-to, date of issue, export format."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector import clock, issuing, reports
from inspector.oversight_queries import document_defaults
from ui.context import AppContext
from ui.oversight import labels
from ui.oversight.document_work import DocumentRequest
from ui.oversight.period_picker import PeriodPicker

KINDS = ("circular", "exposure", "notice", "problems")


class DocumentForm(QWidget):
    """Emits `changed()` whenever anything on the form changes, `submitted()` on Enter in a text field;
    `request()` reads it."""

    changed = Signal()
    submitted = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        today = clock.today()
        self.kinds = QButtonGroup(self)
        kinds_box = QVBoxLayout()
        kinds_box.setContentsMargins(0, 0, 0, 0)
        kinds_box.setSpacing(4)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for n, kind in enumerate(KINDS):
            button = QRadioButton(labels.label(labels.DOCUMENTS, kind))
            button.setObjectName(f"kind-{kind}")
            self.kinds.addButton(button, n)
            self.kind_buttons[kind] = button
            kinds_box.addWidget(button)
        self.kind_buttons["circular"].setChecked(True)
        self.period = PeriodPicker(today, "month", self)
        self.unit = QComboBox()
        self.unit.setObjectName("noticeUnit")
        self.unit.setMinimumContentsLength(10)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.addressees = QLineEdit()
        self.addressees.setObjectName("addressees")
        self.copy_to = QLineEdit()
        self.copy_to.setObjectName("copyTo")
        self.copy_to.setPlaceholderText(self.tr("None"))
        for edit in (self.addressees, self.copy_to):
            edit.returnPressed.connect(self.submitted)
        self.issued_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setDisplayFormat("yyyy-MM-dd")
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Document"), kinds_box)
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("To"), self.addressees)
        form.addRow(self.tr("Copy to"), self.copy_to)
        form.addRow(self.tr("Date of issue"), self.issued_on)
        form.addRow(self.tr("Export as"), self.format)
        self._circular_addressees = ""
        self.reset_addressees()
        self._kind_changed()
        self.addressees.textEdited.connect(self._addressees_edited)
        self.unit.currentIndexChanged.connect(self._show_addressee)

        self.kinds.idClicked.connect(lambda _id: self._kind_changed())
        self.period.changed.connect(self._period_changed)
        for signal in (
            self.unit.currentIndexChanged,
            self.addressees.textEdited,
            self.copy_to.textEdited,
            self.issued_on.dateChanged,
        ):
            signal.connect(lambda *_args: self.changed.emit())

    def kind(self) -> str:
        """The document type chosen."""
        return KINDS[self.kinds.checkedId()]

    def set_kind(self, kind: str) -> None:
        """Choose a document type."""
        self.kind_buttons[kind].setChecked(True)
        self._kind_changed()

    def reset_addressees(self) -> None:
        """Fill addressees and copy-to from the workspace's letterhead setting."""
        defaults = document_defaults(self.ctx.db)
        self._circular_addressees = defaults.addressees
        self.copy_to.setText(defaults.copy_to)
        self._show_addressee()

    def request(self) -> DocumentRequest:
        """The document asked for."""
        value = self.issued_on.date()
        kind = self.kind()
        return DocumentRequest(
            kind=kind,
            period=self.period.period(),
            unit=self.unit.currentData() if kind == "notice" else None,
            addressees=self._circular_addressees if kind == "circular" else "",
            copy_to=self.copy_to.text().strip(),
            issued_on=date(value.year(), value.month(), value.day()),
            today=clock.today(),
            actor=self.ctx.actor,
        )

    def ready(self) -> bool:
        """Whether the form names a document that can be made (a notice needs a unit)."""
        return self.kind() != "notice" or self.unit.currentData() is not None

    def reload(self) -> None:
        """Read the units with open problems again (after review or rectification elsewhere)."""
        before = [self.unit.itemData(i) for i in range(self.unit.count())]
        self._reload_units()
        if [self.unit.itemData(i) for i in range(self.unit.count())] != before:
            self.changed.emit()

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.addressees.setEnabled(kind == "circular")
        self.copy_to.setEnabled(kind in ("circular", "notice"))
        self.unit.setEnabled(kind == "notice")
        self.issued_on.setEnabled(kind != "problems")
        self.format.clear()
        for fmt in issuing.FORMATS[kind]:
            self.format.addItem(labels.label(labels.FORMATS, fmt), fmt)
        self._reload_units()
        self.changed.emit()

    def _period_changed(self, _period: object) -> None:
        self._reload_units()
        self.changed.emit()

    def _reload_units(self) -> None:
        """The units with open problems in the period (a notice goes to one of them)."""
        keep = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        if self.kind() == "notice":
            units = list(reports.notice_problems(self.ctx.db, self.period.period(), today=clock.today()))
            for unit in units:
                self.unit.addItem(unit, unit)
            if not units:
                self.unit.addItem(self.tr("No unit has open problems in this period"), None)
            self.unit.setCurrentIndex(max(self.unit.findData(keep), 0))
        self.unit.blockSignals(False)
        self._show_addressee()

    def _addressees_edited(self, text: str) -> None:
        if self.kind() == "circular":
            self._circular_addressees = text.strip()

    def _show_addressee(self, *_args: object) -> None:
        """The circular's addressees, a notice's unit, or nothing (exposure sheets and lists have none)."""
        kind = self.kind()
        if kind == "circular":
            self.addressees.setText(self._circular_addressees)
        else:
            self.addressees.setText((self.unit.currentData() or "") if kind == "notice" else "")
