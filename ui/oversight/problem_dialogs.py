"""Small dialogs for review and rectification steps: a reason, a duplicate's primary, a new unit or deadline,
the unit's rectification report. Each stays open with the core's message when the step is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.changes import OpChanges
from inspector.errors import InspectorError
from inspector.tracking.problems import Problem
from ui.oversight import labels
from ui.widgets import accessible
from ui.widgets.fields import OPEN_FILE, MessageLine, PathField
from ui.widgets.jobs import error_text
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

Action = Callable[[], tuple[str, OpChanges]]  # what was done (a sentence) and what the core write changed


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ActionDialog(QDialog):
    """A form, a message line and OK/Cancel; OK runs `action` and closes only when the core accepted the step.

    Enter does OK, unless the step is `destructive` (a rejection, a withdrawal, an undo): then Enter cancels, the
    safe choice, and the step takes a click on OK (or Enter with OK itself focused).
    """

    done = Signal(str, object)  # what was done, for the page's message line, and the OpChanges the write returned

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None, *, destructive: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.action: Action | None = None
        self.form = QFormLayout()
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button().setText(ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(QCoreApplication.translate("ActionDialog", "Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (cancel if destructive else self.ok_button()).setDefault(True)  # once the buttons are in the dialog

    def showEvent(self, event: QShowEvent) -> None:
        accessible.name_unnamed(self)  # the subclasses' fields, named after their form labels
        super().showEvent(event)

    def ok_button(self) -> QPushButton:
        """The button that carries out the step."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        """Carry out the step; on a refusal keep the dialog open and say why."""
        if self.action is None:
            return
        try:
            text, changes = self.action()
        except (InspectorError, OSError) as exc:
            self.message.error(error_text(exc))
            return
        self.accept()
        self.done.emit(text, changes)


REJECT_REASONS = (
    QT_TRANSLATE_NOOP("ReasonDialog", "Wrong site: the photo shows another place"),
    QT_TRANSLATE_NOOP("ReasonDialog", "The photo does not show the problem"),
    QT_TRANSLATE_NOOP("ReasonDialog", "Not covered by this item of the negative list"),
)


class ReasonDialog(ActionDialog):
    """Asks for a reason (typed, or one of the usual ones); OK stays disabled while a required reason is blank.

    Its steps (reject, withdraw an exposure, undo a review) undo or refuse something, so by default Enter cancels.
    """

    def __init__(
        self,
        title: str,
        ok_text: str,
        problem: Problem,
        *,
        required: bool = True,
        suggestions: tuple[str, ...] = (),
        parent: QWidget | None = None,
        destructive: bool = True,
    ):
        super().__init__(title, ok_text, parent, destructive=destructive)
        self.required = required
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter does not add the typed reason as a choice
        self.reason.addItem("")
        for text in suggestions:
            self.reason.addItem(QCoreApplication.translate("ReasonDialog", text))
        self.reason.lineEdit().setPlaceholderText(
            self.tr("Why (kept with the decision)") if required else self.tr("Why (optional)")
        )
        self.reason.editTextChanged.connect(self._check)
        self.form.addRow(
            self.tr("Problem"), QLabel(f"{problem.reference} · {problem.site_name} · {problem.description}")
        )
        self.form.addRow(self.tr("Reason"), self.reason)
        self._check()

    def text(self) -> str:
        """The reason as typed."""
        return self.reason.currentText().strip()

    def _check(self, *_args: object) -> None:
        self.ok_button().setEnabled(bool(self.text()) or not self.required)


class CandidatesModel(ListTableModel):
    """Problems a duplicate can be merged into."""

    CONTEXT = "MergeDialog"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("MergeDialog", "Ref."), lambda p: p.reference),
        ListColumn(QT_TRANSLATE_NOOP("MergeDialog", "Status"), lambda p: labels.label(labels.STATUSES, p.status)),
        ListColumn(QT_TRANSLATE_NOOP("MergeDialog", "Found"), lambda p: p.found_on.isoformat()),
        ListColumn(QT_TRANSLATE_NOOP("MergeDialog", "Inspector"), lambda p: p.inspector_name),
        ListColumn(QT_TRANSLATE_NOOP("MergeDialog", "Count"), lambda p: str(p.count), True),
    )


class MergeDialog(ActionDialog):
    """Choose the primary problem a duplicate is merged into (same site, same item)."""

    def __init__(self, problem: Problem, candidates: list[Problem], parent: QWidget | None = None):
        super().__init__(self.tr("Merge a duplicate"), self.tr("Merge"), parent)
        self.candidates = CandidatesModel(self)
        self.candidates.set_rows(candidates)
        self.table = make_table(self.candidates)
        set_widths(self.table, (6, 8, 6, 5, 3))
        self.table.setMinimumHeight(160)
        self.table.selectRow(0)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why (optional)"))
        hint = QLabel(
            self.tr(
                "{reference} at {site} ({item}) is a duplicate of the problem chosen below; only that one counts."
            ).format(reference=problem.reference, site=problem.site_name, item=problem.description)
        )
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.form.addRow(self.table)
        self.form.addRow(self.tr("Reason"), self.reason)

    def primary(self) -> Problem | None:
        """The problem chosen as primary."""
        rows = self.table.selectionModel().selectedRows()
        return self.candidates.record(rows[0].row()) if rows else None


class ReassignDialog(ActionDialog):
    """Change a problem's responsible unit and/or deadline, with the reason the office keeps."""

    def __init__(self, problem: Problem, units: list[str], parent: QWidget | None = None):
        super().__init__(self.tr("Change unit or deadline"), self.tr("Change"), parent)
        self.problem = problem
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(units if problem.responsible_unit in units else [problem.responsible_unit, *units])
        self.unit.setCurrentText(problem.responsible_unit)
        self.deadline = QDateEdit(_to_qdate(problem.deadline or problem.found_on))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setMinimumDate(_to_qdate(problem.found_on))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why (kept with the decision)"))
        self.reason.textChanged.connect(lambda text: self.ok_button().setEnabled(bool(text.strip())))
        self.form.addRow(self.tr("Problem"), QLabel(f"{problem.reference} · {problem.site_name}"))
        self.form.addRow(self.tr("Responsible unit"), self.unit)
        self.form.addRow(self.tr("Deadline"), self.deadline)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button().setEnabled(False)

    def new_unit(self) -> str | None:
        """The unit typed, when it differs from the current one."""
        text = self.unit.currentText().strip()
        return text if text != self.problem.responsible_unit else None

    def new_deadline(self) -> date | None:
        """The deadline chosen, when it differs from the current one."""
        day = _to_date(self.deadline.date())
        return day if day != self.problem.deadline else None


class RectifyDialog(ActionDialog):
    """The responsible unit's report that a problem is fixed: text, the day, and an optional photo."""

    def __init__(self, problem: Problem, today: date, parent: QWidget | None = None):
        super().__init__(self.tr("Record rectification"), self.tr("Record"), parent)
        self.report = QPlainTextEdit()
        self.report.setPlaceholderText(self.tr("What the unit reports it did"))
        self.report.setFixedHeight(90)
        self.report.textChanged.connect(self._check)
        self.day = QDateEdit(_to_qdate(today))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDateRange(_to_qdate(problem.found_on), _to_qdate(max(today, problem.found_on)))
        self.photo = PathField(
            OPEN_FILE, self.tr("Photo of the fixed site"), self.tr("Photos (*.jpg *.jpeg *.png *.heic)")
        )
        self.photo.edit.setPlaceholderText(self.tr("Optional: a photo of the fixed site"))
        self.form.addRow(self.tr("Problem"), QLabel(f"{problem.reference} · {problem.site_name}"))
        self.form.addRow(self.tr("Report"), self.report)
        self.form.addRow(self.tr("Rectified on"), self.day)
        self.form.addRow(self.tr("Photo"), self.photo)
        self._check()

    def text(self) -> str:
        """The report as typed."""
        return self.report.toPlainText().strip()

    def submit(self) -> None:
        """Record the report, once the photo path (typed by hand, perhaps) names a file or is blank."""
        problem = self.photo.problem(required=False)
        if problem is not None:
            self.message.error(problem)
            return
        super().submit()

    def reported_on(self) -> date:
        """The day the unit reports it was fixed."""
        return _to_date(self.day.date())

    def _check(self) -> None:
        self.ok_button().setEnabled(bool(self.text()))
