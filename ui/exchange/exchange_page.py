"""数据交换: what is not yet exported, exporting a bundle, the history of exports, the key and task packs."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.exchange import keys
from inspector.exchange.bundle import export
from ui.context import AppContext
from ui.exchange.export_dialog import ExportDialog, file_size, unexported_text
from ui.exchange.key_box import KeyBox
from ui.exchange.passphrase import SET, PassphraseDialog
from ui.exchange.taskpack_box import TaskPackBox
from ui.pages import labels
from ui.pages.base import BasePage
from ui.widgets import accessible
from ui.widgets.fields import MessageLine
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths


def _kind(row: dict) -> str:
    text = QT_TRANSLATE_NOOP("ExportsModel", "Full") if row["full"] else QT_TRANSLATE_NOOP("ExportsModel", "New only")
    return QCoreApplication.translate("ExportsModel", text)


class ExportsModel(ListTableModel):
    """The history of exports (dicts from export.list_exports), newest first."""

    CONTEXT = "ExportsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ExportsModel", "No."), lambda r: str(r["seq"]), True, lambda r: r["seq"]),
        ListColumn(QT_TRANSLATE_NOOP("ExportsModel", "Exported"), lambda r: labels.local_time(r["created_at"])),
        ListColumn(QT_TRANSLATE_NOOP("ExportsModel", "Kind"), _kind),
        ListColumn(
            QT_TRANSLATE_NOOP("ExportsModel", "Inspections"),
            lambda r: str(r["inspections"]),
            True,
            lambda r: r["inspections"],
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ExportsModel", "Findings"), lambda r: str(r["findings"]), True, lambda r: r["findings"]
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ExportsModel", "Photos"), lambda r: str(r["photos"]), True, lambda r: r["photos"]
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ExportsModel", "Size"), lambda r: file_size(r["size"]), True, lambda r: r["size"]
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ExportsModel", "File"), lambda r: r["file_name"], tooltip=lambda r: r["manifest_sha256"]
        ),
    )


class ExchangePage(BasePage):
    """Export bundles for the office and receive its task packs; the passphrase is asked for on first export."""

    WATCHES = frozenset({"inspections", "findings", "photos", "exports", "keys", "tasks"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.dialog: ExportDialog | PassphraseDialog | None = None
        title = QLabel(self.tr("Exchange"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")

        self.pending = QLabel()
        self.pending.setStyleSheet("font-size: 16px;")
        self.pending.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export bundle…"))
        self.export_button.setMinimumHeight(48)
        self.export_button.setStyleSheet("font-size: 17px; font-weight: bold; padding: 0 24px;")
        self.export_button.clicked.connect(self.start_export)
        self.message = MessageLine()
        self.exports = ExportsModel(self)
        self.table = make_table(self.exports)
        set_widths(self.table, (2.5, 8, 4, 4, 4, 3, 4, 14))
        self.history_title = QLabel()
        self.history_title.setStyleSheet("font-weight: bold;")
        export_box = QGroupBox(self.tr("Bundles for the office"))
        top = QHBoxLayout()
        top.addWidget(self.pending, 1)
        top.addWidget(self.export_button)
        box_layout = QVBoxLayout(export_box)
        box_layout.addLayout(top)
        box_layout.addWidget(self.message)
        box_layout.addWidget(self.history_title)
        box_layout.addWidget(self.table, 1)

        self.keys = KeyBox(ctx, self)
        self.packs = TaskPackBox(ctx, self)
        grid = QGridLayout()
        grid.addWidget(export_box, 0, 0, 1, 2)
        grid.addWidget(self.keys, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.packs, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        layout.addLayout(grid, 1)
        self.refresh()

    def refresh(self) -> None:
        """Show what is waiting, the exports, the key and the task packs as they are now."""
        self.pending.setText(unexported_text(export.unexported_count(self.ctx.db)))
        rows = export.list_exports(self.ctx.db)
        self.exports.set_rows(rows)
        self.history_title.setText(self.tr("Exported bundles: {count}").format(count=len(rows)))
        accessible.name(self.table, self.history_title.text())
        self.keys.refresh()
        self.packs.refresh()

    def start_export(self) -> PassphraseDialog | ExportDialog:
        """Open the export dialog; on the first export the passphrase is set (and the key created) first."""
        if keys.key_info(self.ctx.db) is None:
            self.dialog = PassphraseDialog(self.ctx, SET, self)
            self.dialog.key_ready.connect(self._key_ready)
        else:
            self.dialog = ExportDialog(self.ctx, self)
            self.dialog.exported.connect(self._exported)
        self.dialog.open()
        return self.dialog

    def _key_ready(self, _info: object) -> None:
        self.keys.refresh()
        self.start_export()

    def _exported(self, result: export.ExportResult) -> None:
        self.message.ok(self.tr("Bundle no. {seq} written to {path}.").format(seq=result.seq, path=result.path))
        self.refresh()
