"""Task packs on the laptop: import a signed pack from the office, and the packs imported so far."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.envelope import Refusal
from inspector.exchange import taskpack
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.pages import labels
from ui.tasks import Cancel, Task
from ui.widgets import colors, refusals
from ui.widgets.fields import OPEN_FILE, MessageLine, path_problem
from ui.widgets.jobs import error_text, run_job
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

REFUSALS = {
    "stale": QT_TRANSLATE_NOOP("TaskPackBox", "Refused: an older task pack"),
    "expired": QT_TRANSLATE_NOOP("TaskPackBox", "Refused: the task pack has expired"),
    "untrusted": QT_TRANSLATE_NOOP("TaskPackBox", "Refused: not from the office this laptop trusts"),
    "signature": QT_TRANSLATE_NOOP("TaskPackBox", "Refused: the signature does not match"),
}


class PacksModel(ListTableModel):
    """Imported task packs (dicts from taskpack.list_packs)."""

    CONTEXT = "PacksModel"
    COLUMNS = (
        ListColumn(
            QT_TRANSLATE_NOOP("PacksModel", "Version"), lambda p: str(p["version"]), True, lambda p: p["version"]
        ),
        ListColumn(QT_TRANSLATE_NOOP("PacksModel", "Period"), lambda p: p["period"]),
        ListColumn(QT_TRANSLATE_NOOP("PacksModel", "Mode"), lambda p: labels.label(labels.MODES, p["mode"])),
        ListColumn(QT_TRANSLATE_NOOP("PacksModel", "Tasks"), lambda p: str(p["tasks"]), True, lambda p: p["tasks"]),
        ListColumn(QT_TRANSLATE_NOOP("PacksModel", "Expires"), lambda p: labels.local_time(p["expires_at"])),
        ListColumn(
            QT_TRANSLATE_NOOP("PacksModel", "Draw seed"),
            lambda p: p["draw_seed"],
            tooltip=lambda p: QCoreApplication.translate("PacksModel", "Candidate list hash: {hash}").format(
                hash=p["candidates_sha256"]
            ),
        ),
    )


class TaskPackBox(QGroupBox):
    """Import a task pack (refusals say why) and list the imported ones."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.file_dialog: QFileDialog | None = None
        self.task: Task | None = None
        self.setTitle(self.tr("Task packs from the office"))
        self.import_button = QPushButton(self.tr("Import task pack…"))
        self.import_button.clicked.connect(self.choose_file)
        hint = QLabel(self.tr("Imported tasks appear on the Tasks page."))
        hint.setStyleSheet(f"color: {colors.text('muted').name()};")
        hint.setWordWrap(True)
        self.message = MessageLine()
        self.model = PacksModel(self)
        self.table = make_table(self.model)
        set_widths(self.table, (3, 6, 3, 3, 8, 8))
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the imported packs."""
        self.model.set_rows(taskpack.list_packs(self.ctx.db))

    def choose_file(self) -> None:
        """Ask for a task pack file."""
        self.file_dialog = QFileDialog(
            self,
            self.tr("Import a task pack"),
            "",
            self.tr("Task packs (*{ext});;All files (*)").format(ext=taskpack.EXTENSION),
        )
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.fileSelected.connect(self.import_pack)
        self.file_dialog.open()

    def import_pack(self, path: str) -> Task | None:
        """Check and import a task pack off the UI thread (None, with the reason shown, when the path names no file)."""
        problem = path_problem(path, OPEN_FILE)
        if problem is not None:
            self.message.error(problem)
            return None

        def job(ws: Workspace, _token: Cancel) -> dict[str, Any]:
            return taskpack.import_taskpack(ws, path)

        self.import_button.setEnabled(False)
        self.message.note(self.tr("Checking the task pack…"))
        self.task = run_job(self.ctx, job, finished=self._imported, failed=self._failed)
        return self.task

    def _imported(self, result: dict[str, Any]) -> None:
        self.import_button.setEnabled(True)
        if result["already"]:
            self.message.note(
                self.tr("Task pack v{version} was imported before; nothing changed.").format(version=result["version"])
            )
            return
        mine = sum(1 for t in taskpack.list_tasks(self.ctx.db) if t.pack_version == result["version"])
        done = self.tr("Task pack v{version} imported: {tasks} task(s), {mine} of them for you.").format(
            version=result["version"], tasks=result["tasks"], mine=mine
        )
        if result["warnings"]:  # imported, but the laptop's clock looks wrong: that must not pass unnoticed
            self.message.error("\n".join([done, *(w["message"] for w in result["warnings"])]))
        else:
            self.message.ok(done)
        self.refresh()
        self.ctx.changes.apply(taskpack.changes_of(result))

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, Refusal):
            headline = self.tr(REFUSALS.get(exc.code, QT_TRANSLATE_NOOP("TaskPackBox", "Refused")))
            self.message.error(
                self.tr("{headline}: {reason}").format(
                    headline=headline, reason=refusals.reason_text(exc.code, str(exc))
                )
            )
        else:
            self.message.error(error_text(exc))
