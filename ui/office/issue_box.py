"""Issuing a signed task pack from a draw (mode, period, expiry, passphrase), and the packs issued so far."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector import clock
from inspector.exchange import keys, taskpack
from inspector.exchange.keys import PassphraseError
from inspector.register import draw
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.office.draw_models import kind_text, task_count
from ui.pages import labels
from ui.tasks import Cancel, Task
from ui.widgets import accessible
from ui.widgets.fields import FOLDER, MessageLine, PathField, passphrase_edit, path_kind
from ui.widgets.jobs import error_text, run_job
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

FOLDER_SETTING = "office/taskpack_dir"


def current_week() -> str:
    """This ISO week as a period, e.g. 2026-W48."""
    year, week, _ = clock.today().isocalendar()
    return f"{year}-W{week:02d}"


def _tooltip(pack: dict[str, Any]) -> str:
    return QCoreApplication.translate("IssuedModel", "{file}, issued {time}").format(
        file=pack["file_name"], time=labels.local_time(pack["created_at"])
    )


class IssuedModel(ListTableModel):
    """Task packs this office issued (dicts from taskpack.list_issued), newest first."""

    CONTEXT = "IssuedModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("IssuedModel", "Version"), lambda p: str(p["version"]), True, tooltip=_tooltip),
        ListColumn(QT_TRANSLATE_NOOP("IssuedModel", "Period"), lambda p: p["period"], tooltip=_tooltip),
        ListColumn(QT_TRANSLATE_NOOP("IssuedModel", "Mode"), lambda p: labels.label(labels.MODES, p["mode"])),
        ListColumn(QT_TRANSLATE_NOOP("IssuedModel", "Tasks"), lambda p: str(p["tasks"]), True),
        ListColumn(QT_TRANSLATE_NOOP("IssuedModel", "Expires"), lambda p: labels.local_time(p["expires_at"])[:10]),
    )


class IssueBox(QGroupBox):
    """Signs a task pack from the chosen draw off the UI thread; emits `issued(manifest)`."""

    issued = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.draw: draw.Draw | None = None
        self.task: Task | None = None
        self.setTitle(self.tr("Issue a task pack"))
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.announced = QRadioButton(labels.label(labels.MODES, "announced"))
        self.unannounced = QRadioButton(labels.label(labels.MODES, "unannounced"))
        self.unannounced.setChecked(True)
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.announced)
        self.modes.addButton(self.unannounced)
        modes = QHBoxLayout()
        modes.addWidget(self.announced)
        modes.addWidget(self.unannounced)
        modes.addStretch(1)
        self.period = QLineEdit(current_week())
        self.period.setToolTip(self.tr("2026-W48 (week), 2026-11 (month), 2026-Q4 (quarter) or a date range"))
        self.expires = QDateEdit(QDate.fromString((clock.today() + timedelta(days=7)).isoformat(), "yyyy-MM-dd"))
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.folder = PathField(FOLDER, self.tr("Save task packs in"))
        self.folder.set_path(str(ctx.settings.value(FOLDER_SETTING, str(Path.home()))))
        self.passphrase = passphrase_edit(self.tr("The office key's passphrase"))
        self.passphrase.returnPressed.connect(self.issue)
        form = QFormLayout()
        form.addRow(self.tr("Mode"), modes)
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("Valid until"), self.expires)
        form.addRow(self.tr("Folder"), self.folder)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.issue_button = QPushButton(self.tr("Sign and save task pack"))
        self.issue_button.setStyleSheet("font-weight: bold; padding: 4px 16px;")
        self.issue_button.clicked.connect(self.issue)
        self.message = MessageLine()
        self.model = IssuedModel(self)
        self.table = make_table(self.model)
        set_widths(self.table, (2.5, 5, 3, 3, 6))
        self.issued_title = QLabel()
        self.issued_title.setStyleSheet("font-weight: bold;")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.issue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.issued_title)
        layout.addWidget(self.table, 1)
        self.set_draw(None)
        self.refresh()

    def refresh(self) -> None:
        """Reload the issued packs."""
        packs = taskpack.list_issued(self.ctx.db)
        self.model.set_rows(packs)
        self.issued_title.setText(self.tr("Issued task packs: {count}").format(count=len(packs)))
        accessible.name(self.table, self.issued_title.text())

    def set_draw(self, made: draw.Draw | None) -> None:
        """The draw the next task pack is made from."""
        self.draw = made
        self.issue_button.setEnabled(made is not None)
        if made is None:
            self.source.setText(self.tr("Make a draw, or choose a recorded one, to issue a task pack from it."))
            return
        self.source.setText(
            self.tr("From the draw of {time} ({kind}, seed {seed}): {tasks} task(s).").format(
                time=labels.local_time(made.created_at),
                kind=kind_text(made.kind),
                seed=labels.short_hash(made.seed, 20),
                tasks=task_count(made),
            )
        )

    def issue(self) -> Task | None:
        """Sign and write the task pack off the UI thread (None, with the reason shown, when the form is incomplete)."""
        folder, passphrase = self.folder.path(), self.passphrase.text()
        if self.draw is None:
            return None
        if keys.key_info(self.ctx.db) is None:
            self.message.error(self.tr("The office has no signing key yet: set its passphrase on the Inspectors page."))
            return None
        if path_kind(folder) != "dir":  # typed by hand: a verdict, never an exception
            self.message.error(self.tr("Choose a folder that exists for the task pack."))
            return None
        self.ctx.settings.setValue(FOLDER_SETTING, folder)
        draw_id = self.draw.id
        mode = "announced" if self.announced.isChecked() else "unannounced"
        period, expires = self.period.text().strip(), self.expires.date().toPython()

        def job(ws: Workspace, _token: Cancel) -> dict[str, Any]:
            return taskpack.create_taskpack(
                ws, passphrase, draw_id=draw_id, mode=mode, period=period, expires=expires, out=folder
            )

        self.issue_button.setEnabled(False)
        self.message.note(self.tr("Signing the task pack…"))
        self.task = run_job(self.ctx, job, finished=self._issued, failed=self._failed)
        return self.task

    def _issued(self, manifest: dict[str, Any]) -> None:
        self.issue_button.setEnabled(True)
        self.message.ok(
            self.tr("Task pack v{version} with {tasks} task(s) saved: {path}").format(
                version=manifest["version"], tasks=manifest["counts"]["tasks"], path=manifest["file"]
            )
        )
        self.refresh()
        self.ctx.changes.apply(taskpack.create_taskpack.changes)
        self.issued.emit(manifest)

    def _failed(self, exc: BaseException) -> None:
        self.issue_button.setEnabled(self.draw is not None)
        self.message.error(error_text(exc))
        if isinstance(exc, PassphraseError):
            self.passphrase.clear()
            self.passphrase.setFocus()
