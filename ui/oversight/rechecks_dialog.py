"""复查清单: the sites to recheck in the coming week, and recording them as a draw a task pack can be issued from."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.oversight import rectification
from inspector.oversight.rectification import RecheckSite
from inspector.register.draw import Draw
from ui.context import AppContext
from ui.oversight import labels
from ui.widgets import accessible
from ui.widgets.fields import MessageLine
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths


def _problems(site: RecheckSite) -> str:
    return "、".join(f"{p.reference} {p.description}" for p in site.problems)


class RecheckSitesModel(ListTableModel):
    """Sites to recheck, the most urgent first."""

    CONTEXT = "RecheckDialog"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Site code"), lambda s: s.site_code),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Site"), lambda s: s.site_name, tooltip=lambda s: s.address),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "District"), lambda s: s.district),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Street"), lambda s: s.street),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Problems"), lambda s: str(len(s.problems)), True),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Overdue"), lambda s: str(s.overdue or ""), True),
        ListColumn(
            QT_TRANSLATE_NOOP("RecheckDialog", "First deadline"), lambda s: labels.day_text(s.earliest_deadline)
        ),
        ListColumn(QT_TRANSLATE_NOOP("RecheckDialog", "Problems to verify"), _problems, tooltip=_problems),
    )


class RecheckDialog(QDialog):
    """The recheck list as of a day, looking `days` ahead; Record turns it into a recorded site draw."""

    drawn = Signal(object)  # the recorded Draw

    def __init__(self, ctx: AppContext, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.setWindowTitle(self.tr("Recheck list"))
        self.resize(980, 520)
        self.days = QSpinBox()
        self.days.setRange(0, 60)
        self.days.setValue(rectification.RECHECK_DAYS)
        self.days.setSuffix(self.tr(" days ahead"))
        self.days.valueChanged.connect(self.reload)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Problems not closed whose deadline is past or within")))
        top.addWidget(self.days)
        top.addStretch(1)
        top.addWidget(self.summary)
        self.model = RecheckSitesModel(self)
        self.table = make_table(self.model)
        self.table.setObjectName("recheckTable")
        accessible.name(self.table, self.windowTitle())
        set_widths(self.table, (5, 10, 4, 5, 3, 3, 6, 20))
        self.message = MessageLine()
        self.record_button = QPushButton(self.tr("Record as recheck draw"))
        self.record_button.setToolTip(
            self.tr("Every listed site becomes a recorded draw; issue its task pack on the Draws page")
        )
        self.record_button.clicked.connect(self.record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.record_button.setDefault(True)  # Enter (after setting the days) records the list it shows
        self.reload()
        accessible.name_unnamed(self)  # fields named after their labels

    def reload(self, *_args: object) -> None:
        """Read the recheck list again."""
        sites = rectification.recheck_list(self.ctx.db, today=self.today, days=self.days.value())
        self.model.set_rows(sites)
        problems = sum(len(s.problems) for s in sites)
        self.summary.setText(
            self.tr("{sites} site(s), {problems} problem(s), {overdue} overdue").format(
                sites=len(sites), problems=problems, overdue=sum(s.overdue for s in sites)
            )
        )
        self.record_button.setEnabled(bool(sites))
        self.ctx.gate("recheck", self.record_button)  # who is working (office users)

    def record(self) -> Draw | None:
        """Record the list as a site draw (seeded order) for a task pack."""
        try:
            made = rectification.record_recheck_draw(
                self.ctx.db, today=self.today, days=self.days.value(), actor=self.ctx.actor
            )
        except InspectorError as exc:
            self.message.error(str(exc))
            return None
        self.message.ok(
            self.tr(
                "Recorded recheck draw {id}: {count} site(s), seed {seed}. Issue its task pack on the Draws page."
            ).format(id=made.id[:8], count=len(made.result), seed=made.seed)
        )
        self.record_button.setEnabled(False)
        self.ctx.changes.apply(made.changes)
        self.drawn.emit(made)
        return made
