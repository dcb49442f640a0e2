"""The clerk's form: document type, period, unit (notices), addressees and copy-to, date of issue, export format.

The units a notice can go to are those with open problems in the period: finding them means gathering the period's
problems, so it runs off the UI thread; meanwhile the unit box says so and the form stays usable (only a notice
waits for its unit).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
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
from shiboken6 import isValid

from inspector import clock
from inspector.oversight import issuing
from inspector.oversight.queries import document_defaults
from inspector.periods import Period
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.oversight import document_work, labels
from ui.oversight.document_work import DocumentRequest
from ui.oversight.period_picker import PeriodPicker
from ui.tasks import Cancel, Task
from ui.widgets.jobs import error_text, run_job

KINDS = ("circular", "exposure", "notice", "problems")


class DocumentForm(QWidget):
    """Emits `changed()` whenever anything on the form changes (the notice units arriving too), `submitted()` on
    Enter in a text field, `load_failed(sentence)` when the units could not be read; `request()` reads it."""

    changed = Signal()
    submitted = Signal()
    load_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.units_task: Task | None = None
        self._units_generation = 0
        self._units_for: Period | None = None  # the period the unit box lists the units of (None: not loaded)
        self._wanted_unit: str | None = None  # the unit last chosen: chosen again when the units arrive
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
        self.unit.currentIndexChanged.connect(self._unit_chosen)

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
        """Whether the form names a document that can be made (a notice needs a unit, so its units loaded)."""
        return self.kind() != "notice" or self.unit.currentData() is not None

    def loading(self) -> bool:
        """Whether the units a notice can go to are being read."""
        return self.units_task is not None

    def reload(self) -> None:
        """Read the units with open problems again (after review or rectification elsewhere), off the UI thread."""
        self._reload_units(force=True)

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

    def _reload_units(self, *, force: bool = False) -> None:
        """The units with open problems in the period (a notice goes to one of them), read by a worker.

        Only a notice needs them; other kinds leave the box empty and forget what was read, so choosing a notice
        later reads the units as they are then. A newer request cancels an older one still running.
        """
        self._units_generation += 1
        if self.units_task is not None:
            self.units_task.cancel()
            self.units_task = None
        period = self.period.period()
        if self.kind() != "notice":
            self._units_for = None
            self._fill_units(None)
            return
        if self._units_for == period and not force:
            return
        if self._units_for != period:
            self._units_for = None
            self._fill_units(None)  # the box says the units are being read; a notice cannot be made meanwhile
        generation, today = self._units_generation, clock.today()

        def job(ws: Workspace, token: Cancel) -> list[str]:
            return document_work.notice_units(ws, token, period, today)

        self.units_task = run_job(
            self.ctx,
            job,
            finished=lambda units: self._units_ready(generation, period, units),
            failed=lambda exc: self._units_failed(generation, exc),
        )

    def _units_ready(self, generation: int, period: Period, units: list[str]) -> None:
        if generation != self._units_generation or not isValid(self):
            return  # a newer request is under way: this answer is for another period or kind
        self.units_task = None
        before = [self.unit.itemData(i) for i in range(self.unit.count())] if self._units_for == period else None
        self._units_for = period
        self._fill_units(units)
        if [self.unit.itemData(i) for i in range(self.unit.count())] != before:
            self.changed.emit()

    def _units_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._units_generation or not isValid(self):
            return
        self.units_task = None
        self._units_for = None
        self._fill_units([])
        self.load_failed.emit(error_text(exc))
        self.changed.emit()

    def _fill_units(self, units: list[str] | None) -> None:
        """Fill the unit box: the units (chosen again as before), a note that none has open problems, or (None)
        a note that they are being read."""
        self.unit.blockSignals(True)
        self.unit.clear()
        if units is None and self.kind() == "notice":
            self.unit.addItem(QCoreApplication.translate("DocumentsPage", "Gathering the period's problems…"), None)
        elif units is not None:
            for unit in units:
                self.unit.addItem(unit, unit)
            if not units:
                self.unit.addItem(self.tr("No unit has open problems in this period"), None)
            self.unit.setCurrentIndex(max(self.unit.findData(self._wanted_unit), 0))
        self.unit.blockSignals(False)
        self._show_addressee()

    def _unit_chosen(self, _index: int) -> None:
        if self.unit.currentData() is not None:
            self._wanted_unit = self.unit.currentData()

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
